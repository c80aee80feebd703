import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'vpc-flow-logs-deliver',
  title: 'VPC flow logs are delivered to CloudWatch Logs (DeliverLogsStatus SUCCESS)',
  severity: 'medium',
  area: 'network',
  requirements: ['baseline.vpc.flow-logs'],
  frameworks: {fsbp: ['EC2.6'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env} (restores the delivery role and the log group)',
    manual:
      'VPC console > Flow logs: read the delivery error (DeliverLogsErrorMessage); restore the role trust (vpc-flow-logs.amazonaws.com) and its logs:PutLogEvents permission, or the log group.',
  },
  // A flow log can exist, ACTIVE, and deliver nothing: DeliverLogsStatus is FAILED when the
  // role cannot be assumed or the group cannot be written (API_FlowLog: "DeliverLogsStatus ...
  // SUCCESS | FAILED"). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html
  run: (inv) =>
    fieldFindings(
      inv,
      RESOURCES.flowLog,
      ['deliverLogsStatus'],
      (f, item) => `${item.type} ${item.name}: log delivery`,
    ),
})
