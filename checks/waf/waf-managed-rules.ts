import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'waf-managed-rules',
  title: 'The web ACL blocks with the three AWS managed rule groups, none overridden to count',
  severity: 'high',
  area: 'waf',
  requirements: ['waf.common', 'waf.bad-inputs', 'waf.sqli'],
  frameworks: {fsbp: ['WAF.10'], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'WAF console > web ACL > Rules: add the managed group with its own actions (no override to Count).',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.webAcl, [
      'rules.waf.common',
      'rules.waf.bad-inputs',
      'rules.waf.sqli',
      'rules.other',
    ]),
  ],
})
