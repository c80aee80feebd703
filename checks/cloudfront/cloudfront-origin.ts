import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'cloudfront-origin',
  title: "The distribution's origin is the environment's ALB",
  severity: 'high',
  area: 'cloudfront',
  requirements: ['cloudfront.origin', 'arch.edge'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'CloudFront console > Origins: the ALB DNS name, HTTPS only.',
  },
  run: (inv) =>
    fieldFindings(inv, RESOURCES.distribution, ['origin']).map((r) => ({
      ...r,
      requirements: ['cloudfront.origin', 'arch.edge'],
    })),
})
