import {emulatorHasGap} from '../../aws/emulator.js'
import type {LifecycleRule, ReplicationConfiguration, ServerSideEncryptionConfiguration} from '@aws-sdk/client-s3'
import type {LifecycleDesign} from '../../design/types.js'

/** A lifecycle rule in canonical form: S3 answers with Filter.Prefix, legacy Prefix, or neither. */
export interface CanonicalLifecycleRule {
  id: string
  status: string
  prefix: string
  noncurrentExpirationDays?: number
  transitions?: {days: number; storageClass: string}[]
  expirationDays?: number
}

export function lifecycleFromDesign(role: string, l: LifecycleDesign): CanonicalLifecycleRule[] {
  const base = {status: 'Enabled', prefix: ''}
  const rules: CanonicalLifecycleRule[] = []
  if (l.noncurrentExpirationDays)
    rules.push({
      ...base,
      id: `${role}-noncurrent-expire-${l.noncurrentExpirationDays}d`,
      noncurrentExpirationDays: l.noncurrentExpirationDays,
    })
  if (l.transitionToGlacierDays)
    rules.push({
      ...base,
      id: `${role}-glacier-${l.transitionToGlacierDays}d`,
      transitions: [{days: l.transitionToGlacierDays, storageClass: 'GLACIER'}],
    })
  if (l.expirationDays)
    rules.push({...base, id: `${role}-expire-${l.expirationDays}d`, expirationDays: l.expirationDays})
  return rules
}

export function lifecycleFromLive(rules: LifecycleRule[] | undefined): CanonicalLifecycleRule[] {
  return (rules ?? [])
    .map((r) => {
      const c: CanonicalLifecycleRule = {
        id: r.ID ?? '',
        status: r.Status ?? '',
        prefix: r.Filter?.Prefix ?? (r as {Prefix?: string}).Prefix ?? '',
      }
      if (r.NoncurrentVersionExpiration?.NoncurrentDays)
        c.noncurrentExpirationDays = r.NoncurrentVersionExpiration.NoncurrentDays
      if (r.Transitions?.length)
        c.transitions = r.Transitions.map((t) => ({days: t.Days ?? 0, storageClass: t.StorageClass ?? ''}))
      if (r.Expiration?.Days) c.expirationDays = r.Expiration.Days
      return c
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

export function lifecycleToApi(rules: CanonicalLifecycleRule[]): LifecycleRule[] {
  return rules.map((r) => ({
    ID: r.id,
    Status: r.status as 'Enabled',
    Filter: {Prefix: r.prefix},
    ...(r.noncurrentExpirationDays ? {NoncurrentVersionExpiration: {NoncurrentDays: r.noncurrentExpirationDays}} : {}),
    ...(r.transitions
      ? {Transitions: r.transitions.map((t) => ({Days: t.days, StorageClass: t.storageClass as 'GLACIER'}))}
      : {}),
    ...(r.expirationDays ? {Expiration: {Days: r.expirationDays}} : {}),
  }))
}

export interface CanonicalEncryption {
  algorithm: string
  kmsKey?: string
}

/**
 * Since January 2023 every bucket is encrypted with SSE-S3 by default, and GetBucketEncryption
 * says so; an endpoint that answers "not found" instead means the same default.
 */
export function encryptionFromLive(
  conf: ServerSideEncryptionConfiguration | undefined,
  keyIdToArn: Record<string, string>,
): CanonicalEncryption {
  const rule = conf?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
  if (!rule) return {algorithm: 'AES256'}
  if (rule.SSEAlgorithm === 'AES256') return {algorithm: 'AES256'}
  const key = rule.KMSMasterKeyID ?? ''
  // S3 gives back the key as it was written: an id, an ARN, or an alias.
  const id = key.split('/').pop() ?? key
  return {algorithm: rule.SSEAlgorithm ?? '', kmsKey: keyIdToArn[key] ?? keyIdToArn[id] ?? key}
}

export interface CanonicalReplication {
  role: string
  rules: {
    id: string
    status: string
    destination: string
    replicaKmsKey: string
    sseKmsObjects: string
    deleteMarkers: string
  }[]
}

export function replicationFromLive(conf: ReplicationConfiguration | undefined): CanonicalReplication | null {
  if (!conf) return null
  return {
    role: conf.Role ?? '',
    rules: (conf.Rules ?? [])
      .map((r) => ({
        id: r.ID ?? '',
        status: r.Status ?? '',
        destination: r.Destination?.Bucket ?? '',
        replicaKmsKey: r.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID ?? '',
        sseKmsObjects:
          r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status ??
          (emulatorHasGap('s3-replication-source-selection') ? 'Enabled' : 'Disabled'),
        deleteMarkers: r.DeleteMarkerReplication?.Status ?? 'Disabled',
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  }
}

export function replicationToApi(c: CanonicalReplication): ReplicationConfiguration {
  return {
    Role: c.role,
    Rules: c.rules.map((r, i) => ({
      ID: r.id,
      Status: r.status as 'Enabled',
      Priority: i + 1,
      Filter: {Prefix: ''},
      DeleteMarkerReplication: {Status: r.deleteMarkers as 'Disabled'},
      SourceSelectionCriteria: {SseKmsEncryptedObjects: {Status: r.sseKmsObjects as 'Enabled'}},
      Destination: {Bucket: r.destination, EncryptionConfiguration: {ReplicaKmsKeyID: r.replicaKmsKey}},
    })),
  }
}

/** Baseline: deny every request that does not use TLS (FSBP S3.5). */
export function tlsOnlyPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: {Bool: {'aws:SecureTransport': 'false'}},
      },
    ],
  }
}

export const ALL_BLOCKED = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}
