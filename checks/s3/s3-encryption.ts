import {defineCheck, fieldFindings} from '../../src/audit/define.js'

export default defineCheck({
  id: 's3-encryption',
  title: 'Models and data use SSE-KMS with the environment key; logs at least SSE-S3',
  severity: 'critical',
  area: 's3',
  requirements: ['s3.models.encryption', 's3.data.encryption', 's3.logs.encryption'],
  frameworks: {fsbp: ['S3.17'], hipaa: ['164.312(a)(2)(iv)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration (aws:kms with the environment key)',
  },
  run: (inv) => [
    ...fieldFindings(inv, 's3/models', ['encryption']),
    ...fieldFindings(inv, 's3/data', ['encryption']),
    // requirements.md: the logs bucket needs AES256 or stronger; aws:kms passes too.
    ...fieldFindings(inv, 's3/logs', ['encryption']).map((r) =>
      r.status === 'FAIL' && (r.actual as {algorithm?: string})?.algorithm === 'aws:kms'
        ? {
            ...r,
            status: 'PASS' as const,
            message: `${r.message.replace('differs from the design', 'is aws:kms, stronger than the design')}`,
          }
        : r,
    ),
  ],
})
