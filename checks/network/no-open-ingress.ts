import {defineCheck, stateFinding} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'

const OPEN = /^(cidr:0\.0\.0\.0\/0|cidr6:::\/0)$/

export default defineCheck({
  id: 'no-open-ingress',
  title: 'No security group admits the internet, except the ALB group on 443',
  severity: 'critical',
  area: 'network',
  requirements: ['baseline.sg.no-open-ingress'],
  frameworks: {fsbp: ['EC2.18', 'EC2.19'], hipaa: ['164.312(a)(1)', '164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env} (our groups); remove hand-made rules',
    manual: 'Remove inbound rules from 0.0.0.0/0 and ::/0; only the ALB group keeps tcp/443.',
  },
  run: (inv) => {
    const out: Result[] = []
    for (const key of ['alb', 'eks', 'rds']) {
      const id = `security-groups/${key}/rules`
      const item = inv.items.get(id)
      const s = stateFinding(item, id, 'no open ingress')
      if (s) {
        out.push(s)
        continue
      }
      const actual = item!.fields.find((f) => f.path === 'ingress')?.actual
      if (!Array.isArray(actual)) {
        out.push({
          status: 'ERROR',
          resource: {type: item!.type, id: item!.physicalId!, region: item!.region},
          expected: 'a rule list',
          actual,
          message: `Security group ${key}: the ingress rules could not be interpreted`,
        })
        continue
      }
      const ingress = actual as {protocol: string; fromPort: number; toPort: number; source: string}[]
      const open = ingress.filter(
        (r) =>
          OPEN.test(r.source) && !(key === 'alb' && r.protocol === 'tcp' && r.fromPort === 443 && r.toPort === 443),
      )
      out.push({
        status: open.length ? 'FAIL' : 'PASS',
        resource: {type: item!.type, id: item!.physicalId!, region: item!.region},
        expected: key === 'alb' ? ['tcp/443 from 0.0.0.0/0 only'] : [],
        actual: open.map((r) => `${r.protocol}/${r.fromPort}-${r.toPort} ${r.source}`),
        message: `Security group ${key}: ${open.length ? `${open.length} rule(s) open to the internet` : 'no rule open to the internet beyond the design'}`,
      })
    }
    if ('error' in inv.otherSecurityGroups) {
      out.push({
        status: 'ERROR',
        resource: {type: 'AWS::EC2::SecurityGroup', id: 'other groups in the VPC', region: inv.regions[0]!},
        expected: [],
        actual: null,
        message: `Could not read the other security groups: ${inv.otherSecurityGroups.error.message}`,
      })
    } else {
      for (const g of inv.otherSecurityGroups) {
        out.push({
          status: g.openIngress.length ? 'FAIL' : 'PASS',
          resource: {type: 'AWS::EC2::SecurityGroup', id: g.id, region: inv.regions[0]!},
          expected: [],
          actual: g.openIngress,
          message: `Security group ${g.name} (not managed by platform): ${g.openIngress.length ? 'open to the internet' : 'not open to the internet'}`,
        })
      }
    }
    return out
  },
})
