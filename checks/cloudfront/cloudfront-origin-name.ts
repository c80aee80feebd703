import {defineCheck, partOf, stateFinding} from '../../src/audit/define.js'
import {certificateCovers} from '../../src/audit/tls-names.js'
import type {Result} from '../../src/audit/types.js'
import {RESOURCES} from '../../src/resources.js'

/**
 * CloudFront checks the origin's certificate against the origin's domain name; when it does not
 * match, every request is a 502
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html).
 * A per-resource check sees neither side alone: this one reads both.
 */
export default defineCheck({
  id: 'cloudfront-origin-name',
  title: "CloudFront reaches the ALB by a name the ALB's certificate covers",
  severity: 'high',
  area: 'cloudfront',
  requirements: ['baseline.cloudfront.origin-name', 'cloudfront.origin'],
  frameworks: {hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env} (origin origin-{env}.{domain}; its DNS record with hostedZoneId)',
    manual:
      'Set the origin domain to a name under the certificate (origin-ENV.DOMAIN) and point it at the ALB (an alias or CNAME record).',
  },
  run: (inv): Result[] => {
    const dist = inv.get(RESOURCES.distribution)
    const cert = inv.get(RESOURCES.regionalCertificate)
    const blocked =
      stateFinding(dist, RESOURCES.distribution, 'an origin name the certificate covers') ??
      stateFinding(cert, RESOURCES.regionalCertificate, 'an origin name the certificate covers')
    if (blocked || !dist || !cert) return blocked ? [blocked] : []
    const origin = partOf(dist.fields.find((f) => f.path === 'origin')?.actual, 'domainName')
    const certName = cert.fields.find((f) => f.path === 'domainName')?.actual
    const ok = typeof origin === 'string' && typeof certName === 'string' && certificateCovers(certName, origin)
    return [
      {
        status: ok ? 'PASS' : 'FAIL',
        resource: {type: dist.type, id: dist.physicalId ?? dist.name, arn: dist.arn, region: dist.region},
        expected: `an origin name covered by ${String(certName)}`,
        actual: origin ?? null,
        message: ok
          ? `CloudFront's origin ${String(origin)} is covered by the ALB certificate ${String(certName)}`
          : `CloudFront's origin ${String(origin)} is not covered by the ALB certificate ${String(certName)}: CloudFront answers 502`,
      },
    ]
  },
})
