import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'waf-attached',
  title: 'The web ACL protects the distribution',
  severity: 'critical',
  area: 'waf',
  requirements: ['waf.attached', 'arch.edge'],
  frameworks: {fsbp: ['CloudFront.6'], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: "CloudFront console > distribution > Edit: AWS WAF web ACL = the environment's ACL.",
  },
  // A detached web ACL breaks the chain of arch.edge too: the finding names both.
  run: (inv) =>
    fieldFindings(inv, RESOURCES.distribution, ['webAclId']).map((r) => ({
      ...r,
      requirements: ['waf.attached', 'arch.edge'],
    })),
})
