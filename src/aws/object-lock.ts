import {createWriteStream, mkdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve, sep} from 'node:path'
import {Transform, type Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {UsageError} from '../errors.js'
import {unsafeBundlePath} from '../files/paths.js'
import type {AwsAccess} from './clients.js'
import {toPlatformError} from './errors.js'

export function parseS3Url(url: string): {bucket: string; prefix: string} {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url)
  if (!m) throw new UsageError(`Not an S3 location: ${url}`, 'Write it as s3://BUCKET/PREFIX')
  return {bucket: m[1]!, prefix: (m[2] ?? '').replace(/\/?$/, m[2] ? '/' : '')}
}

export interface UploadedObject {
  key: string
  versionId: string
  retainUntil: string
}

/**
 * Write-once copies: each file is put with Object Lock in COMPLIANCE mode, which nobody, the
 * root user included, can shorten or delete before the date. The bucket must have Object Lock.
 */
export async function uploadLocked(
  aws: AwsAccess,
  region: string,
  url: string,
  dir: string,
  files: string[],
  retentionDays: number,
): Promise<UploadedObject[]> {
  const {bucket, prefix} = parseS3Url(url)
  const s3 = aws.client(S3Client, region)
  const until = new Date(Date.now() + retentionDays * 86_400_000)
  const out: UploadedObject[] = []
  for (const f of files) {
    try {
      const res = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${prefix}${f}`,
          Body: readFileSync(join(dir, f)),
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: until,
          ChecksumAlgorithm: 'SHA256',
        }),
      )
      out.push({key: `${prefix}${f}`, versionId: res.VersionId ?? 'null', retainUntil: until.toISOString()})
    } catch (err) {
      throw toPlatformError(err, `Uploading ${f} to s3://${bucket}/${prefix}`)
    }
  }
  return out
}

/** Bounds on a download: how many objects, and how many bytes each and in all. */
export interface DownloadLimits {
  maxObjects: number
  maxObjectBytes: number
  maxTotalBytes: number
}

/**
 * Downloads every object under the prefix into dir (for verify s3://...). Keys are not file
 * names: a key that would leave dir ("..", absolute), a folder marker or any other unsafe name
 * is reported and skipped, never written (see unsafeBundlePath). Each object is streamed to a
 * file created exclusively ("wx": never over an existing file or through a link) within the
 * limits, so nothing outside dir is created or overwritten and memory stays bounded.
 */
export async function downloadPrefix(
  aws: AwsAccess,
  region: string,
  url: string,
  dir: string,
  limits: DownloadLimits,
): Promise<{written: number; problems: string[]}> {
  const {bucket, prefix} = parseS3Url(url)
  const s3 = aws.client(S3Client, region)
  const root = resolve(dir)
  const problems: string[] = []
  let token: string | undefined
  let written = 0
  let seen = 0
  let total = 0
  do {
    const page = await s3.send(new ListObjectsV2Command({Bucket: bucket, Prefix: prefix, ContinuationToken: token}))
    for (const o of page.Contents ?? []) {
      const rel = (o.Key ?? '').slice(prefix.length)
      if (++seen > limits.maxObjects) {
        problems.push(`more than ${limits.maxObjects} objects under s3://${bucket}/${prefix}: not read further`)
        return {written, problems}
      }
      const unsafe = unsafeBundlePath(rel)
      const target = resolve(root, ...rel.split('/'))
      if (unsafe || !target.startsWith(root + sep)) {
        problems.push(
          `object key refused (${unsafe ?? 'outside the directory'}), not written: ${JSON.stringify(o.Key)}`,
        )
        continue
      }
      if ((o.Size ?? 0) > limits.maxObjectBytes || total + (o.Size ?? 0) > limits.maxTotalBytes) {
        problems.push(`object over the size limit, not read: ${rel}`)
        continue
      }
      try {
        const res = await s3.send(new GetObjectCommand({Bucket: bucket, Key: o.Key}))
        mkdirSync(dirname(target), {recursive: true})
        let bytes = 0
        const cap = Math.min(limits.maxObjectBytes, limits.maxTotalBytes - total)
        await pipeline(
          res.Body as Readable,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              bytes += chunk.length
              done(bytes > cap ? new Error(`object over the size limit: ${rel}`) : null, chunk)
            },
          }),
          createWriteStream(target, {flags: 'wx'}),
        )
        total += bytes
        written++
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')
          problems.push(`object key clashes with another key's file or folder, not written: ${rel}`)
        else if (err instanceof Error && err.message.startsWith('object over')) problems.push(err.message)
        else throw toPlatformError(err, `Downloading s3://${bucket}/${o.Key}`)
      }
    }
    token = page.NextContinuationToken
  } while (token)
  return {written, problems}
}
