import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 's3-public-access-block',
  title: 'Every bucket blocks all public access and disables ACLs',
  severity: 'critical',
  area: 's3',
  requirements: ['baseline.s3.public-access-block'],
  frameworks: {fsbp: ['S3.8', 'S3.12'], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
  },
  // Every bucket of ours, replicas and the Velero bucket included.
  run: (inv) =>
    inv.all(RESOURCE_TYPES.bucket).flatMap((b) => fieldFindings(inv, b, ['publicAccessBlock', 'ownershipControls'])),
})
