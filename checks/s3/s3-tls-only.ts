import {defineCheck, fieldFindings} from '../../src/audit/define.js'

export default defineCheck({
  id: 's3-tls-only',
  title: 'Every bucket policy denies requests without TLS',
  severity: 'high',
  area: 's3',
  requirements: ['baseline.s3.tls-only'],
  frameworks: {fsbp: ['S3.5'], hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Add a Deny statement for aws:SecureTransport=false to the bucket policy.',
  },
  run: (inv) => [
    ...fieldFindings(inv, 's3/models', ['policy']),
    ...fieldFindings(inv, 's3/data', ['policy']),
    ...fieldFindings(inv, 's3/logs', ['policy']),
    ...fieldFindings(inv, 's3/models-replica', ['policy']),
    ...fieldFindings(inv, 's3/data-replica', ['policy']),
    ...fieldFindings(inv, 'velero/bucket', ['policy']),
  ],
})
