import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-maintenance-window',
  title: 'Aurora maintenance happens Sunday 04:00-05:00 JST (sat:19:00-sat:20:00 UTC)',
  severity: 'low',
  area: 'aurora',
  requirements: ['rds.maintenance-window'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws rds modify-db-cluster --db-cluster-identifier CLUSTER --preferred-maintenance-window sat:19:00-sat:20:00',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.dbCluster, ['preferredMaintenanceWindow'])],
})
