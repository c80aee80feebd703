import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'sg-rds-rules',
  title: 'The RDS security group admits MySQL from the EKS group only',
  severity: 'high',
  area: 'security-groups',
  requirements: ['sg.rds.ingress', 'sg.rds.egress'],
  frameworks: {fsbp: ['EC2.18', 'RDS.2'], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Security group console: inbound tcp/3306 from the EKS group only.',
  },
  // 3306 reachable from any CIDR exposes the database of medical records: critical.
  run: (inv) =>
    fieldFindings(inv, RESOURCES.securityGroupRules('rds'), ['ingress', 'egress']).map((r) => {
      const cidrMysql =
        r.status === 'FAIL' &&
        Array.isArray(r.actual) &&
        (r.actual as {fromPort: number; toPort: number; source: string}[]).some(
          (x) => x.source.startsWith('cidr') && x.fromPort <= 3306 && x.toPort >= 3306,
        )
      return cidrMysql ? {...r, severity: 'critical' as const, message: `${r.message}: MySQL is open to a CIDR`} : r
    }),
})
