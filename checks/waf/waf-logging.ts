import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'waf-logging',
  title: 'The web ACL logs to an aws-waf-logs-* destination',
  severity: 'medium',
  area: 'waf',
  requirements: ['baseline.waf.logging'],
  frameworks: {fsbp: ['WAF.11'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'WAF console > web ACL > Logging: enable, destination the aws-waf-logs-* log group.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.wafLogging, ['logDestinationConfigs'])],
})
