import {PREFIX_BY_RECORDER} from './services.js'

/**
 * Operations whose IAM action is not `prefix:OperationName`, or that need more than one.
 * S3 names most bucket-configuration actions after the configuration, not the API, and
 * authorises HEAD/List calls with the List/Get actions; versioned deletes and reads need the
 * *Version actions. Sources: Service Authorization Reference for Amazon S3,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html, and
 * each API page's "Permissions" section (e.g. GetBucketEncryption needs
 * s3:GetEncryptionConfiguration, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html).
 * CloudFront's CreateDistributionWithTags needs both CreateDistribution and TagResource
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html).
 */
const SPECIAL: Record<string, string[]> = {
  'S3.HeadBucket': ['s3:ListBucket'],
  'S3.ListObjectsV2': ['s3:ListBucket'],
  'S3.ListObjectVersions': ['s3:ListBucketVersions'],
  'S3.ListBuckets': ['s3:ListAllMyBuckets'],
  'S3.HeadObject': ['s3:GetObject', 's3:GetObjectVersion'],
  'S3.GetObject': ['s3:GetObject', 's3:GetObjectVersion'],
  'S3.DeleteObject': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  'S3.DeleteObjects': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  // A PUT with x-amz-object-lock-* headers needs PutObjectRetention as well (object-lock.ts).
  'S3.PutObject': ['s3:PutObject', 's3:PutObjectRetention'],
  'S3.GetBucketEncryption': ['s3:GetEncryptionConfiguration'],
  'S3.PutBucketEncryption': ['s3:PutEncryptionConfiguration'],
  'S3.GetBucketLifecycleConfiguration': ['s3:GetLifecycleConfiguration'],
  'S3.PutBucketLifecycleConfiguration': ['s3:PutLifecycleConfiguration'],
  'S3.DeleteBucketLifecycle': ['s3:PutLifecycleConfiguration'],
  'S3.GetBucketReplication': ['s3:GetReplicationConfiguration'],
  'S3.PutBucketReplication': ['s3:PutReplicationConfiguration'],
  'S3.DeleteBucketReplication': ['s3:PutReplicationConfiguration'],
  'S3.GetPublicAccessBlock': ['s3:GetBucketPublicAccessBlock'],
  'S3.PutPublicAccessBlock': ['s3:PutBucketPublicAccessBlock'],
  'S3.GetObjectLockConfiguration': ['s3:GetBucketObjectLockConfiguration'],
  'CloudFront.CreateDistributionWithTags': ['cloudfront:CreateDistribution', 'cloudfront:TagResource'],
}

/** The IAM actions one recorded call (`Service.Operation`, as recorder.ts names it) needs. */
export function actionsFor(call: string): string[] {
  const special = SPECIAL[call]
  if (special) return special
  const [service, operation] = call.split('.') as [string, string | undefined]
  const prefix = PREFIX_BY_RECORDER[service]
  if (!prefix || !operation) throw new Error(`No IAM service prefix known for ${call}`)
  return [`${prefix}:${operation}`]
}
