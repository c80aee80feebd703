import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-cache-policy',
  title: 'The default behaviour uses Managed-CachingOptimized',
  severity: 'low',
  area: 'cloudfront',
  requirements: ['cloudfront.cache-policy'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'CloudFront console > Behaviors > Default: cache policy Managed-CachingOptimized.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.distribution, ['cachePolicyId'])],
})
