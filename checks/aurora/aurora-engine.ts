import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-engine',
  title: 'Aurora runs MySQL 8.0 (aurora-mysql, version 3)',
  severity: 'high',
  area: 'aurora',
  requirements: ['rds.engine'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'An engine cannot change in place: restore from a snapshot into an aurora-mysql 8.0 cluster.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.dbCluster, ['engine', 'engineMajorVersion'])],
})
