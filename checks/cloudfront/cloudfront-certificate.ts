import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-certificate',
  title: 'CloudFront serves the ACM certificate for the domain from us-east-1',
  severity: 'high',
  area: 'cloudfront',
  requirements: ['cloudfront.certificate'],
  frameworks: {fsbp: ['CloudFront.7'], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'CloudFront console > distribution > Edit: choose the us-east-1 certificate for *.domain.',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.distribution, ['viewerCertificate', 'aliases']),
    ...fieldFindings(inv, RESOURCES.cloudfrontCertificate, ['domainName']),
  ],
})
