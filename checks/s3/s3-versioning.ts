import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 's3-versioning',
  title: 'Models and data buckets are versioned; the logs bucket is not',
  severity: 'medium',
  area: 's3',
  requirements: ['s3.models.versioning', 's3.data.versioning', 's3.logs.versioning'],
  frameworks: {fsbp: ['S3.14'], hipaa: ['164.312(c)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled',
  },
  run: (inv, design) => design.s3.buckets.flatMap((b) => fieldFindings(inv, RESOURCES.bucket(b.role), ['versioning'])),
})
