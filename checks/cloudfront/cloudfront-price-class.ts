import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-price-class',
  title: 'The distribution uses PriceClass_200',
  severity: 'low',
  area: 'cloudfront',
  requirements: ['cloudfront.price-class'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'CloudFront console > distribution > Edit: price class "Use North America, Europe, Asia, Middle East, and Africa".',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.distribution, ['priceClass'])],
})
