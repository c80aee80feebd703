import {defineCheck, objectsIn, stateFinding} from '../../src/audit/define.js'
import type {Inventory, Result} from '../../src/audit/types.js'
import {RESOURCE_TYPES, RESOURCES} from '../../src/resources.js'

const OPEN = /^(cidr:0\.0\.0\.0\/0|cidr6:::\/0)$/

/** Groups in our VPC that platform does not manage: hand-made rules are judged too. */
function otherGroups(inv: Inventory): Result[] {
  const region = inv.regions[0] ?? 'unknown'
  if ('error' in inv.otherSecurityGroups)
    return [
      {
        status: 'ERROR',
        resource: {type: RESOURCE_TYPES.securityGroup, id: 'other groups in the VPC', region},
        expected: [],
        actual: null,
        message: `Could not read the other security groups: ${inv.otherSecurityGroups.error.message}`,
      },
    ]
  return inv.otherSecurityGroups.map((g) => ({
    status: g.openIngress.length ? 'FAIL' : 'PASS',
    resource: {type: RESOURCE_TYPES.securityGroup, id: g.id, region},
    expected: [],
    actual: g.openIngress,
    message: `Security group ${g.name} (not managed by platform): ${g.openIngress.length ? 'open to the internet' : 'not open to the internet'}`,
  }))
}

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
  run: (inv, design) => {
    const out: Result[] = []
    for (const {key} of design.securityGroups) {
      const rules = RESOURCES.securityGroupRules(key)
      const item = inv.get(rules)
      const s = stateFinding(item, rules, 'no open ingress')
      if (s || !item) {
        if (s) out.push(s)
        continue
      }
      const resource = {type: item.type, id: item.physicalId ?? item.name, region: item.region}
      const actual = item.fields.find((f) => f.path === 'ingress')?.actual
      if (!Array.isArray(actual)) {
        out.push({
          status: 'ERROR',
          resource,
          expected: 'a rule list',
          actual,
          message: `Security group ${key}: the ingress rules could not be interpreted`,
        })
        continue
      }
      const open = objectsIn(actual).filter(
        (r) =>
          OPEN.test(String(r.source)) &&
          !(key === 'alb' && r.protocol === 'tcp' && r.fromPort === 443 && r.toPort === 443),
      )
      out.push({
        status: open.length ? 'FAIL' : 'PASS',
        resource,
        expected: key === 'alb' ? ['tcp/443 from 0.0.0.0/0 only'] : [],
        actual: open.map((r) => `${r.protocol}/${r.fromPort}-${r.toPort} ${r.source}`),
        message: `Security group ${key}: ${open.length ? `${open.length} rule(s) open to the internet` : 'no rule open to the internet beyond the design'}`,
      })
    }
    out.push(...otherGroups(inv))
    return out
  },
})
