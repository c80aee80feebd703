import {randomBytes} from 'node:crypto'
import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import type {AwsAccess} from '../aws/clients.js'
import {toPlatformError} from '../aws/errors.js'
import {parseS3Url} from '../aws/object-lock.js'
import {UsageError} from '../errors.js'
import {MANIFEST} from '../evidence/manifest.js'

/**
 * The layout of `audit --store s3://BUCKET/PREFIX`, one folder per run:
 *   PREFIX/ENV/YYYY/MM/DD/RUNID/report.json          the `audit --json` report (first-seen carried in it)
 *   PREFIX/ENV/YYYY/MM/DD/RUNID/evidence/...         the evidence bundle, manifest.json written last
 * RUNID is the run's UTC start (20261201T021500Z) and a random suffix, so keys sort by time and
 * two runs in one second never share a folder. A run folder without evidence/manifest.json is
 * an incomplete run (a crash mid-upload): never taken as "last", reported by verify --chain.
 */
export const REPORT = 'report.json'
export const EVIDENCE = 'evidence/'
export const MANIFEST_KEY = `${EVIDENCE}${MANIFEST}`

export interface StoreLocation {
  bucket: string
  /** Ends with "/" unless empty. */
  prefix: string
}

export function parseStore(url: string): StoreLocation {
  return parseS3Url(url)
}

export const envPrefix = (loc: StoreLocation, env: string) => `${loc.prefix}${env}/`

const compact = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')

export function newRunKey(loc: StoreLocation, env: string, startedAt: Date): {runId: string; key: string} {
  const runId = `${compact(startedAt)}-${randomBytes(3).toString('hex')}`
  const day = startedAt.toISOString().slice(0, 10).replaceAll('-', '/')
  return {runId, key: `${envPrefix(loc, env)}${day}/${runId}/`}
}

/** YYYY/MM/DD/RUNID/ under the environment's prefix; its date and time come from the RUNID. */
const RUN_REL = /^(\d{4})\/(\d{2})\/(\d{2})\/((\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6})\/(.*)$/

export interface RunFolder {
  key: string
  runId: string
  /** The run's start as its key says (ISO); verify checks the manifest agrees. */
  keyTime: string
  /** The folder's date (YYYY-MM-DD) agrees with the RUNID's. */
  dateConsistent: boolean
  objects: Set<string>
}

/** The run folder of a key under the environment's prefix, or undefined for anything else. */
export function runOfKey(envPre: string, key: string): {run: Omit<RunFolder, 'objects'>; rest: string} | undefined {
  const m = RUN_REL.exec(key.slice(envPre.length))
  if (!key.startsWith(envPre) || !m) return undefined
  const [, y, mo, d, runId, ry, rmo, rd, h, mi, s, rest] = m
  return {
    run: {
      key: `${envPre}${y}/${mo}/${d}/${runId}/`,
      runId: runId!,
      keyTime: `${ry}-${rmo}-${rd}T${h}:${mi}:${s}Z`,
      dateConsistent: `${y}${mo}${d}` === `${ry}${rmo}${rd}`,
    },
    rest: rest!,
  }
}

const s3Of = (aws: AwsAccess, region: string) => aws.client(S3Client, region)

/** Every run folder of the environment, oldest first, and any other object under its prefix. */
export async function listRuns(
  aws: AwsAccess,
  region: string,
  loc: StoreLocation,
  env: string,
): Promise<{runs: RunFolder[]; strays: string[]}> {
  const s3 = s3Of(aws, region)
  const pre = envPrefix(loc, env)
  const runs = new Map<string, RunFolder>()
  const strays: string[] = []
  let token: string | undefined
  try {
    do {
      const page = await s3.send(new ListObjectsV2Command({Bucket: loc.bucket, Prefix: pre, ContinuationToken: token}))
      for (const o of page.Contents ?? []) {
        const r = runOfKey(pre, o.Key ?? '')
        if (!r) {
          strays.push(o.Key ?? '')
          continue
        }
        const run = runs.get(r.run.key) ?? {...r.run, objects: new Set<string>()}
        run.objects.add(r.rest)
        runs.set(run.key, run)
      }
      token = page.NextContinuationToken
    } while (token)
  } catch (err) {
    throw toPlatformError(err, `Listing s3://${loc.bucket}/${pre}`)
  }
  return {runs: [...runs.values()].sort((a, b) => a.key.localeCompare(b.key)), strays}
}

/**
 * Keys under the environment's prefix whose newest version is a delete marker. With Object
 * Lock (versioning on), a DeleteObject without a version id does not remove the locked version:
 * it adds a delete marker that hides it from listings. verify names such runs as deleted.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 */
export async function deletedKeys(aws: AwsAccess, region: string, loc: StoreLocation, env: string): Promise<string[]> {
  const s3 = s3Of(aws, region)
  const out: string[] = []
  let keyMarker: string | undefined
  let versionMarker: string | undefined
  try {
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: loc.bucket,
          Prefix: envPrefix(loc, env),
          KeyMarker: keyMarker,
          VersionIdMarker: versionMarker,
        }),
      )
      for (const m of page.DeleteMarkers ?? []) if (m.IsLatest && m.Key) out.push(m.Key)
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined
    } while (keyMarker)
  } catch (err) {
    throw toPlatformError(err, `Listing the versions under s3://${loc.bucket}/${envPrefix(loc, env)}`)
  }
  return out
}

/** What a stored report or manifest may weigh: far above a real one (a few MB), far below memory. */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024

/** One object's bytes; undefined when there is no such key. */
export async function getObject(
  aws: AwsAccess,
  region: string,
  bucket: string,
  key: string,
): Promise<Buffer | undefined> {
  try {
    const res = await s3Of(aws, region).send(new GetObjectCommand({Bucket: bucket, Key: key}))
    if ((res.ContentLength ?? 0) > MAX_OBJECT_BYTES)
      throw new UsageError(`s3://${bucket}/${key} is over ${MAX_OBJECT_BYTES} bytes: not read`)
    return Buffer.from(await res.Body!.transformToByteArray())
  } catch (err) {
    const name = (err as {name?: string}).name
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined
    throw toPlatformError(err, `Reading s3://${bucket}/${key}`)
  }
}

/**
 * The store must be a bucket with Object Lock: a run written anywhere else could be deleted or
 * rewritten, and the chain would prove nothing. GetObjectLockConfiguration answers
 * ObjectLockConfigurationNotFoundError for a bucket without it.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectLockConfiguration.html
 */
export async function requireObjectLock(aws: AwsAccess, region: string, loc: StoreLocation): Promise<void> {
  let enabled: string | undefined
  try {
    const res = await s3Of(aws, region).send(new GetObjectLockConfigurationCommand({Bucket: loc.bucket}))
    enabled = res.ObjectLockConfiguration?.ObjectLockEnabled
  } catch (err) {
    if ((err as {name?: string}).name !== 'ObjectLockConfigurationNotFoundError')
      throw toPlatformError(err, `Reading the Object Lock configuration of ${loc.bucket}`)
  }
  if (enabled !== 'Enabled')
    throw new UsageError(
      `s3://${loc.bucket} has no Object Lock: --store keeps the nightly runs write-once, in the evidence bucket only.`,
      'Use a bucket created with Object Lock enabled (the evidence bucket).',
    )
}

async function childPrefixes(aws: AwsAccess, region: string, bucket: string, prefix: string): Promise<string[]> {
  const out: string[] = []
  let token: string | undefined
  try {
    do {
      const page = await s3Of(aws, region).send(
        new ListObjectsV2Command({Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token}),
      )
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix)
      token = page.NextContinuationToken
    } while (token)
  } catch (err) {
    throw toPlatformError(err, `Listing s3://${bucket}/${prefix}`)
  }
  return out.sort().reverse()
}

/**
 * The newest complete run of the environment (one with its manifest), walking down
 * year/month/day folders newest first so a long history costs a few listings, not all of it.
 */
export async function findLastRun(
  aws: AwsAccess,
  region: string,
  loc: StoreLocation,
  env: string,
): Promise<{key: string; manifestBytes: Buffer} | undefined> {
  const pre = envPrefix(loc, env)
  const walk = async (prefix: string, depth: number): Promise<{key: string; manifestBytes: Buffer} | undefined> => {
    for (const child of await childPrefixes(aws, region, loc.bucket, prefix)) {
      if (depth < 3) {
        const found = await walk(child, depth + 1)
        if (found) return found
        continue
      }
      if (!runOfKey(pre, child)) continue
      const manifestBytes = await getObject(aws, region, loc.bucket, `${child}${MANIFEST_KEY}`)
      if (manifestBytes) return {key: child, manifestBytes}
    }
    return undefined
  }
  return walk(pre, 0)
}
