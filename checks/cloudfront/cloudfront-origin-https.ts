import {defineCheck, judge} from '../../src/audit/define.js'

type Live = {
  config: {
    Origins?: {
      Items?: {CustomOriginConfig?: {OriginProtocolPolicy?: string; OriginSslProtocols?: {Items?: string[]}}}[]
    }
  }
}

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
  run: (inv) =>
    judge<Live>(inv, 'cloudfront/distribution', {protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2']}, (d) => {
      const origins = d.config.Origins?.Items ?? []
      const bad = origins.filter(
        (o) =>
          o.CustomOriginConfig &&
          (o.CustomOriginConfig.OriginProtocolPolicy !== 'https-only' ||
            (o.CustomOriginConfig.OriginSslProtocols?.Items ?? []).some((p) => p !== 'TLSv1.2')),
      )
      return {
        ok: bad.length === 0,
        actual: origins.map((o) => ({
          protocolPolicy: o.CustomOriginConfig?.OriginProtocolPolicy,
          sslProtocols: o.CustomOriginConfig?.OriginSslProtocols?.Items,
        })),
        message: 'origin protocol',
      }
    }),
})
