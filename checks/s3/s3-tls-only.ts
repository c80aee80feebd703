import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

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
  // Every bucket of ours, replicas and the Velero bucket included.
  run: (inv) => inv.all(RESOURCE_TYPES.bucket).flatMap((b) => fieldFindings(inv, b, ['policy'])),
})
