import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-viewer-https',
  title: 'CloudFront redirects viewers to HTTPS and requires TLSv1.2_2021',
  severity: 'high',
  area: 'cloudfront',
  requirements: ['baseline.cloudfront.viewer-https'],
  frameworks: {fsbp: ['CloudFront.3'], hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'CloudFront console > Behaviors: Redirect HTTP to HTTPS; distribution: security policy TLSv1.2_2021.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.distribution, ['viewerProtocolPolicy', 'minimumProtocolVersion'])],
})
