import {defineCheck, fieldFindings, partOf} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

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
  // requirements.md: a bucket designed for AES256 (logs) needs AES256 or stronger; aws:kms passes too.
  run: (inv, design) =>
    design.s3.buckets.flatMap((b) =>
      fieldFindings(inv, RESOURCES.bucket(b.role), ['encryption']).map((r) =>
        r.status === 'FAIL' && b.encryption === 'AES256' && partOf(r.actual, 'algorithm') === 'aws:kms'
          ? {
              ...r,
              status: 'PASS' as const,
              message: `${r.message.replace('differs from the design', 'is aws:kms, stronger than the design')}`,
            }
          : r,
      ),
    ),
})
