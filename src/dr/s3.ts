import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  ListObjectVersionsCommand,
  paginateListObjectsV2,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3'
import type {AwsAccess} from '../aws/clients.js'
import {errorCode, isNotFound} from '../aws/errors.js'
import {waitUntil} from '../aws/wait.js'
import type {BucketDesign, ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import type {Timing} from './aurora.js'
import {CANARY_PREFIX} from './names.js'
import type {DrillMeasurement} from './types.js'

/** The design's RPO (8.1): a canary that has not reached the DR bucket within it fails. */
export const RPO_SECONDS = 3600

const s3 = (aws: AwsAccess, region: string) => aws.client(S3Client, region)
/** An S3 403 or 404 to HEAD/PUT may carry no body, hence no error code: the HTTP status is what there is. */
function describeError(err: unknown): string {
  const status = (err as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode
  const code = errorCode(err)
  const named = code !== 'Unknown' && code !== 'UnknownError'
  return [named ? code : undefined, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ') || 'no answer'
}

/**
 * Writes a canary into a replicated bucket and times its arrival in the DR bucket. S3 marks an
 * object that a replication rule selects with x-amz-replication-status PENDING as it is written
 * (COMPLETED or FAILED later, on the source); an object without that header was never queued, so
 * its arrival cannot be measured and the result says so (NOT_MEASURED, never a pass). moto 5.2.1
 * stores the configuration but never replicates nor sets the header: against it, every canary is
 * NOT_MEASURED.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html
 */
export async function replicationCanary(
  aws: AwsAccess,
  d: ResolvedDesign,
  bucket: BucketDesign,
  drillId: string,
  timing: Timing = {},
  onPoll?: (m: string) => void,
): Promise<DrillMeasurement> {
  const now = timing.now ?? Date.now
  const key = `${CANARY_PREFIX}${drillId}.txt`
  const base = {
    id: `s3-replication:${bucket.name}`,
    requirements: ['backup.s3-replication', 'dr.targets'],
    target: `arrives in ${bucket.replicaName} (${d.drRegion}) within ${RPO_SECONDS} s (RPO 1 h, 8.1)`,
  }
  const details: Record<string, unknown> = {key, source: bucket.name, replica: bucket.replicaName}
  const written = now()
  try {
    await s3(aws, d.region).send(
      new PutObjectCommand({Bucket: bucket.name, Key: key, Body: `platform DR drill ${drillId}\n`}),
    )
  } catch (err) {
    return {
      ...base,
      status: 'NOT_MEASURED',
      message: `Could not write the canary ${key} into ${bucket.name} (${describeError(err)}): replication was not observed.`,
      details,
    }
  }
  const head = async (b: string, region: string): Promise<HeadObjectCommandOutput | undefined> => {
    try {
      return await s3(aws, region).send(new HeadObjectCommand({Bucket: b, Key: key}))
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }
  const status = (await head(bucket.name, d.region))?.ReplicationStatus
  details.sourceReplicationStatus = status ?? null
  if (!status)
    return {
      ...base,
      status: 'NOT_MEASURED',
      message: `S3 did not queue the canary for replication (no replication status on ${bucket.name}/${key}): its arrival in ${bucket.replicaName} cannot be timed.`,
      details,
    }
  try {
    const arrived = await waitUntil(
      `the canary in ${bucket.replicaName}`,
      async () => ({
        replica: await head(bucket.replicaName!, d.drRegion),
        source: (await head(bucket.name, d.region))?.ReplicationStatus,
      }),
      (s) => (s.replica ? 'done' : s.source === 'FAILED' ? {failed: 'the source reports FAILED'} : 'pending'),
      (s) => `source ${s.source ?? 'no status'}, replica absent`,
      {timeoutMs: RPO_SECONDS * 1000, minDelayMs: 2_000, maxDelayMs: 30_000, onPoll, ...timing},
    )
    const seconds = Math.max(0, Math.round((now() - written) / 1000))
    details.replicaReplicationStatus = arrived.replica?.ReplicationStatus ?? null
    return {
      ...base,
      status: seconds <= RPO_SECONDS ? 'PASS' : 'FAIL',
      seconds,
      message: `The canary reached ${bucket.replicaName} in ${d.drRegion} ${seconds} s after it was written.`,
      details,
    }
  } catch (err) {
    if (!(err instanceof PlatformError) || !['WAIT_TIMEOUT', 'WAIT_FAILED'].includes(err.code)) throw err
    return {
      ...base,
      status: 'FAIL',
      message: `The canary did not reach ${bucket.replicaName} in ${d.drRegion}: ${err.message}`,
      details,
    }
  }
}

/**
 * Removes every canary version (and delete marker) under the drill prefix from the replicated
 * buckets and their replicas: versioned buckets keep a deleted object as a noncurrent version,
 * so only a delete by version id removes it. Problems are returned, not thrown: a canary left
 * behind is a few bytes, reported, and removed by the next drill.
 */
export async function removeCanaries(
  aws: AwsAccess,
  d: ResolvedDesign,
): Promise<{removed: string[]; problems: string[]}> {
  const removed: string[] = []
  const problems: string[] = []
  const targets = d.s3.buckets
    .filter((b) => b.replicate && b.replicaName)
    .flatMap((b) => [
      {bucket: b.name, region: d.region},
      {bucket: b.replicaName!, region: d.drRegion},
    ])
  for (const t of targets) {
    try {
      // ListObjectVersions has no paginator in the SDK: markers by hand.
      let markers: {KeyMarker?: string; VersionIdMarker?: string} = {}
      for (;;) {
        const page = await s3(aws, t.region).send(
          new ListObjectVersionsCommand({Bucket: t.bucket, Prefix: CANARY_PREFIX, ...markers}),
        )
        for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
          await s3(aws, t.region).send(new DeleteObjectCommand({Bucket: t.bucket, Key: v.Key, VersionId: v.VersionId}))
          removed.push(`canary s3://${t.bucket}/${v.Key} (version ${v.VersionId})`)
        }
        if (!page.IsTruncated) break
        markers = {KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker}
      }
    } catch (err) {
      if (!isNotFound(err)) problems.push(`Could not list or delete the canaries in ${t.bucket}: ${describeError(err)}`)
    }
  }
  return {removed, problems}
}

/** Velero runs daily (8.3); a latest backup older than a day and two hours missed a run. */
export const VELERO_MAX_AGE_SECONDS = 26 * 3600

/**
 * The latest Velero backups, from their bucket: Velero writes each backup's metadata to
 * `backups/NAME/velero-backup.json` (no prefix configured in the BackupStorageLocation).
 * https://velero.io/docs/main/locations/
 */
export async function veleroBackups(aws: AwsAccess, d: ResolvedDesign, now: Date): Promise<DrillMeasurement> {
  const base = {
    id: 'velero-backups',
    requirements: ['backup.eks-velero'],
    target: `latest backup younger than ${VELERO_MAX_AGE_SECONDS} s (daily schedule, 8.3)`,
  }
  const backups: {name: string; lastModified: string}[] = []
  try {
    for await (const page of paginateListObjectsV2(
      {client: s3(aws, d.region)},
      {Bucket: d.velero.bucket, Prefix: 'backups/'},
    ))
      for (const o of page.Contents ?? []) {
        const m = /^backups\/([^/]+)\/velero-backup\.json$/.exec(o.Key ?? '')
        if (m && o.LastModified) backups.push({name: m[1]!, lastModified: new Date(o.LastModified).toISOString()})
      }
  } catch (err) {
    return {
      ...base,
      status: 'NOT_MEASURED',
      message: `Could not list the Velero bucket ${d.velero.bucket} (${describeError(err)}).`,
    }
  }
  backups.sort((a, b) => b.lastModified.localeCompare(a.lastModified))
  const latest = backups.slice(0, 5)
  const details = {bucket: d.velero.bucket, count: backups.length, latest}
  if (latest.length === 0)
    return {
      ...base,
      status: 'FAIL',
      message: `No Velero backup in ${d.velero.bucket}: the in-cluster schedule (platform manifests) has not run.`,
      details,
    }
  const age = Math.round((now.getTime() - Date.parse(latest[0]!.lastModified)) / 1000)
  return {
    ...base,
    status: age <= VELERO_MAX_AGE_SECONDS ? 'PASS' : 'FAIL',
    seconds: age,
    message: `${backups.length} Velero backup(s) in ${d.velero.bucket}; the latest, ${latest[0]!.name}, is ${age} s old.`,
    details,
  }
}
