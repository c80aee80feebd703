import {defineCheck, fieldFindings} from '../../src/audit/define.js'

export default defineCheck({
  id: 's3-replication',
  title: 'Models and data replicate to versioned, KMS-encrypted buckets in the DR region',
  severity: 'high',
  area: 's3',
  requirements: ['backup.s3-replication'],
  frameworks: {fsbp: ['S3.7'], hipaa: ['164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'S3 console > Management > Replication rules: replicate everything to the DR bucket with the DR key.',
  },
  run: (inv) => [
    ...fieldFindings(inv, 's3/models', ['replication']),
    ...fieldFindings(inv, 's3/data', ['replication']),
    ...fieldFindings(inv, 's3/models-replica', ['versioning', 'encryption', 'region']),
    ...fieldFindings(inv, 's3/data-replica', ['versioning', 'encryption', 'region']),
  ],
})
