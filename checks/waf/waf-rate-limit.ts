import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'waf-rate-limit',
  title: 'The web ACL blocks an IP above 1000 requests per 5 minutes',
  severity: 'high',
  area: 'waf',
  requirements: ['waf.rate-limit'],
  frameworks: {fsbp: [], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'WAF console > web ACL > Rules: rate-based rule, limit 1000, window 300 s, aggregate on IP, action Block.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.webAcl, ['rules.waf.rate-limit'])],
})
