import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-api-behaviour',
  title: 'The API path behind CloudFront accepts every method and is never cached',
  severity: 'medium',
  area: 'cloudfront',
  requirements: ['baseline.cloudfront.api-behaviour'],
  frameworks: {},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'CloudFront console > Behaviors: the API path with all HTTP methods, cache policy CachingDisabled, origin request policy AllViewerExceptHostHeader.',
  },
  run: (inv) => fieldFindings(inv, RESOURCES.distribution, ['apiBehaviour']),
})
