import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-parameters',
  title: 'The cluster parameter group sets the five parameters of section 5.2',
  severity: 'medium',
  area: 'aurora',
  requirements: [
    'rds.param.character-set-server',
    'rds.param.time-zone',
    'rds.param.max-connections',
    'rds.param.slow-query-log',
    'rds.param.long-query-time',
  ],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name GROUP --parameters ...',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.dbParameterGroup, ['parameters']),
    ...fieldFindings(inv, RESOURCES.dbCluster, ['dbClusterParameterGroup']),
  ],
})
