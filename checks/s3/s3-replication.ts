import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

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
  run: (inv, design) => {
    const replicated = design.s3.buckets.filter((b) => b.replicate)
    return [
      ...replicated.flatMap((b) => fieldFindings(inv, RESOURCES.bucket(b.role), ['replication'])),
      ...replicated.flatMap((b) =>
        fieldFindings(inv, RESOURCES.replicaBucket(b.role), ['versioning', 'encryption', 'region']),
      ),
    ]
  },
})
