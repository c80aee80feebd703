import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-log-exports',
  title: 'Aurora exports audit, error and slow-query logs to CloudWatch Logs',
  severity: 'medium',
  area: 'aurora',
  requirements: ['baseline.rds.log-exports'],
  frameworks: {fsbp: ['RDS.34'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws rds modify-db-cluster --cloudwatch-logs-export-configuration EnableLogTypes=audit,error,slowquery',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.dbCluster, ['enabledCloudwatchLogsExports'])],
})
