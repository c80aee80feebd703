/**
 * The AWS calls the tool sends outside the layers (whose calls are in src/layers/aws-calls.ts),
 * by the code that sends them, named as the call recorder names them (src/aws/recorder.ts).
 * A unit test scans src/ and fails when a file sends a call its group does not list.
 */
export const CODE_CALLS = {
  /** src/aws/identity.ts: who the caller is, before anything else. */
  identity: ['STS.GetCallerIdentity'],
  /** src/audit/inventory.ts: the security-group walk beside the layers' reads. */
  auditInventory: ['EC2.DescribeSecurityGroups'],
  /** src/cost/actual.ts: the inventory's actual-spend reading (a read; failure is an ERROR row, not a crash). */
  costActual: ['CostExplorer.GetCostAndUsage'],
  /** src/cost/price-list.ts: `platform cost` only. */
  costPrices: ['Pricing.GetProducts'],
  /** src/aws/doctor.ts: one read per service; src/iam-policy/simulate.ts: the permission check. */
  doctor: [
    'ACM.ListCertificates',
    'CloudFront.ListDistributions',
    'CloudWatchLogs.DescribeLogGroups',
    'EC2.DescribeVpcs',
    'ECR.DescribeRepositories',
    'EKS.ListClusters',
    'IAM.SimulatePrincipalPolicy',
    'ElasticLoadBalancingV2.DescribeLoadBalancers',
    'IAM.ListRoles',
    'KMS.ListAliases',
    'RDS.DescribeDBClusters',
    'S3.ListBuckets',
    'SSM.DescribeParameters',
    'STS.GetCallerIdentity',
    'WAFV2.ListWebACLs',
  ],
  /** src/history/store.ts: audit --store / --compare-to reads of earlier nights. */
  historyRead: ['S3.GetObject', 'S3.GetObjectLockConfiguration', 'S3.ListObjectVersions', 'S3.ListObjectsV2'],
  /** src/aws/lock.ts: provision's and destroy's per-environment lock. */
  lock: ['SSM.DeleteParameter', 'SSM.GetParameter', 'SSM.PutParameter'],
  /** src/preflight/**: quotas and versions, before provisioning. */
  preflight: [
    'EC2.DescribeAccountAttributes',
    'EC2.DescribeAddresses',
    'EC2.DescribeNatGateways',
    'EC2.DescribeSubnets',
    'EC2.DescribeVpcs',
    'RDS.DescribeDBEngineVersions',
    'ServiceQuotas.GetAWSDefaultServiceQuota',
    'ServiceQuotas.GetServiceQuota',
  ],
  /** src/aws/signing.ts and src/evidence/trust.ts: the evidence signature. */
  signing: ['KMS.DescribeKey', 'KMS.GetPublicKey', 'KMS.Sign'],
  /** src/aws/object-lock.ts: the evidence bundle's write-once upload. */
  evidenceUpload: ['S3.GetObject', 'S3.ListObjectsV2', 'S3.PutObject'],
  /** src/dr/**: `platform dr drill`, a job of its own (no policy generated yet). */
  dr: [
    'EC2.CreateSecurityGroup',
    'EC2.DeleteSecurityGroup',
    'EC2.DescribeSecurityGroupRules',
    'EC2.DescribeSecurityGroups',
    'EC2.RevokeSecurityGroupEgress',
    'RDS.CreateDBInstance',
    'RDS.DeleteDBCluster',
    'RDS.DeleteDBInstance',
    'RDS.DescribeDBClusters',
    'RDS.DescribeDBInstances',
    'RDS.DescribeDBSubnetGroups',
    'RDS.RestoreDBClusterToPointInTime',
    'S3.DeleteObject',
    'S3.HeadObject',
    'S3.ListObjectVersions',
    'S3.ListObjectsV2',
    'S3.PutObject',
  ],
  /**
   * src/notify/send.ts and src/securityhub/import.ts: audit --notify and --security-hub, sent
   * with the reporting access, never the audit's read-only one: not in the audit policy (which
   * holds reads only); grant them to the runner beside it when it reports.
   */
  reporting: [
    'SNS.Publish',
    'SecretsManager.GetSecretValue',
    'SecurityHub.BatchImportFindings',
    'SecurityHub.GetFindings',
  ],
  /** src/accounts/credentials.ts: the role of an environment in another account. */
  assumeRole: ['STS.AssumeRole'],
} as const satisfies Record<string, readonly string[]>

export type CodeGroup = keyof typeof CODE_CALLS

/** Which group declares the calls of each source file outside src/layers (the unit test's key). */
export const FILE_GROUPS: Record<string, CodeGroup> = {
  'src/aws/identity.ts': 'identity',
  'src/audit/inventory.ts': 'auditInventory',
  'src/cost/actual.ts': 'costActual',
  'src/cost/price-list.ts': 'costPrices',
  'src/aws/doctor.ts': 'doctor',
  'src/iam-policy/simulate.ts': 'doctor',
  'src/history/store.ts': 'historyRead',
  'src/aws/lock.ts': 'lock',
  'src/preflight/quotas.ts': 'preflight',
  'src/preflight/aurora-version.ts': 'preflight',
  'src/aws/signing.ts': 'signing',
  'src/evidence/trust.ts': 'signing',
  'src/aws/object-lock.ts': 'evidenceUpload',
  'src/dr/aurora.ts': 'dr',
  'src/dr/cleanup.ts': 'dr',
  'src/dr/s3.ts': 'dr',
  'src/notify/send.ts': 'reporting',
  'src/securityhub/import.ts': 'reporting',
  'src/accounts/credentials.ts': 'assumeRole',
}
