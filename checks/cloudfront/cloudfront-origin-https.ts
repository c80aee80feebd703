import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-origin-https',
  title: 'CloudFront reaches the origin over HTTPS only, TLS 1.2',
  severity: 'high',
  area: 'cloudfront',
  requirements: ['baseline.cloudfront.origin-https'],
  frameworks: {fsbp: ['CloudFront.9', 'CloudFront.10'], hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'CloudFront console > Origins > Edit: protocol HTTPS only, minimum origin SSL protocol TLSv1.2.',
  },
  run: (inv) => fieldFindings(inv, RESOURCES.distribution, ['originTransport']),
})
