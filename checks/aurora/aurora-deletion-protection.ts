import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-deletion-protection',
  title: 'Aurora deletion protection is on in prod (as configured elsewhere)',
  severity: 'high',
  area: 'aurora',
  requirements: ['baseline.rds.deletion-protection'],
  frameworks: {fsbp: ['RDS.7'], hipaa: ['164.308(a)(7)(ii)(A)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws rds modify-db-cluster --db-cluster-identifier CLUSTER --deletion-protection',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.dbCluster, ['deletionProtection'])],
})
