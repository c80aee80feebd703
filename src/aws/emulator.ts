import {UsageError} from '../errors.js'

/**
 * Known gaps of the local AWS emulator (moto 5.2.1), in one place. Each is tolerated only when
 * PLATFORM_EMULATOR=moto (set by the test helpers and `npm run demo`); against AWS every field
 * is compared as written. Unit tests cover the AWS behaviour of each.
 */
export type EmulatorGap =
  /** GetBucketReplication drops SourceSelectionCriteria (SseKmsEncryptedObjects). */
  | 's3-replication-source-selection'
  /** ModifyDBCluster ignores CloudwatchLogsExportConfiguration. */
  | 'rds-modify-log-exports'
  /** EKS AssociateEncryptionConfig is not implemented. */
  | 'eks-associate-encryption-config'
  /** Every EKS cluster gets the same OIDC issuer (AWS: one per cluster), so environments share a provider. */
  | 'eks-oidc-issuer-not-unique'
  /** KMS Sign ignores MessageType=DIGEST and hashes the digest again (AWS signs the digest as given). */
  | 'kms-sign-digest-rehashed'
  /** After DeleteNatGateway the Elastic IP stays associated (AWS frees it). */
  | 'ec2-eip-stays-associated'
  /** S3 CreateBucket ignores CreateBucketConfiguration.Tags (AWS sets them with the bucket). */
  | 's3-create-bucket-tags-ignored'
  /** KMS GetPublicKey answers with the bare key id in KeyId (AWS: the key ARN). */
  | 'kms-get-public-key-bare-key-id'
  /** EKS DescribeCluster has no upgradePolicy (AWS always answers it; CreateCluster's default is EXTENDED). */
  | 'eks-upgrade-policy-not-returned'
  /** EKS access entries (Create/Describe/DeleteAccessEntry, access policies) are not implemented (HTTP 404), and DescribeCluster has no accessConfig. */
  | 'eks-access-entries-missing'
  /** EKS UpdateClusterConfig replaces the whole resourcesVpcConfig with the fields sent (AWS updates only those). */
  | 'eks-vpc-config-update-replaces'
  /** RDS DescribeDBEngineVersions is not implemented (HTTP 500 with an HTML body). */
  | 'rds-describe-db-engine-versions-missing'
  /** EKS DescribeCluster has no resourcesVpcConfig.clusterSecurityGroupId (AWS: the group EKS made for the cluster). */
  | 'eks-no-cluster-security-group'
  /** AWS Backup ListTags answers {} for vaults and plans, whatever CreateBackupVault/CreateBackupPlan or TagResource set. */
  | 'backup-tags-not-returned'
  /** AWS Backup selections (Create/List/Get/DeleteBackupSelection) are not implemented (HTTP 500). */
  | 'backup-selections-missing'

/** The endpoint a command checked with requireLoopbackEmulator (its --endpoint-url or AWS_ENDPOINT_URL). */
let checkedEndpoint: string | undefined

export function emulatorHasGap(_gap: EmulatorGap): boolean {
  return process.env.PLATFORM_EMULATOR === 'moto' && isLoopback(checkedEndpoint ?? process.env.AWS_ENDPOINT_URL)
}

/**
 * True when the run targets the local emulator: PLATFORM_EMULATOR=moto and a loopback endpoint
 * (never a real account). Preflight lets the placeholder domain through only there.
 */
export function isLocalEmulator(endpoint?: string): boolean {
  return (
    process.env.PLATFORM_EMULATOR === 'moto' && isLoopback(endpoint ?? checkedEndpoint ?? process.env.AWS_ENDPOINT_URL)
  )
}

/**
 * True for an endpoint on this machine: localhost, 127.0.0.0/8 or ::1. The emulator listens on
 * a free loopback port; AWS never does, so a tolerance can never apply to a real account.
 */
export function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false
  let host: string
  try {
    host = new URL(endpoint).hostname
  } catch {
    return false
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * PLATFORM_EMULATOR tolerates known emulator gaps as if they were AWS behaviour: against a real
 * endpoint that would hide drift (and accept an emulator-form signature), so the variable is
 * refused unless the endpoint in force is a loopback address.
 */
export function requireLoopbackEmulator(endpoint: string | undefined): void {
  const mode = process.env.PLATFORM_EMULATOR
  if (mode === undefined || mode === '') return
  if (!isLoopback(endpoint))
    throw new UsageError(
      `PLATFORM_EMULATOR=${mode} is set but the AWS endpoint is ${endpoint ? `${endpoint}, not a loopback address` : 'AWS itself (no --endpoint-url or AWS_ENDPOINT_URL)'}: emulator tolerances never apply to a real account.`,
      'Unset PLATFORM_EMULATOR when pointing the tool at AWS; it is for the local emulator on 127.0.0.1 only.',
    )
  checkedEndpoint = endpoint
}
