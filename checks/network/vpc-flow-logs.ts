import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'vpc-flow-logs',
  title: 'VPC flow logs capture all traffic to CloudWatch Logs with a retention',
  severity: 'medium',
  area: 'network',
  requirements: ['baseline.vpc.flow-logs'],
  frameworks: {fsbp: ['EC2.6'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'VPC console > Flow logs: create one for ALL traffic to the log group; set its retention.',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.flowLog, ['trafficType', 'logGroupName']),
    ...fieldFindings(inv, RESOURCES.flowLogGroup, ['retentionInDays']),
  ],
})
