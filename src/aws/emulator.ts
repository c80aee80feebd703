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

export function emulatorHasGap(_gap: EmulatorGap): boolean {
  return process.env.PLATFORM_EMULATOR === 'moto'
}
