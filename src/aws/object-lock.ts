import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {UsageError} from '../errors.js'
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

/** Downloads every object under the prefix into dir (for verify s3://...). */
export async function downloadPrefix(aws: AwsAccess, region: string, url: string, dir: string): Promise<number> {
  const {bucket, prefix} = parseS3Url(url)
  const s3 = aws.client(S3Client, region)
  let token: string | undefined
  let n = 0
  do {
    const page = await s3.send(new ListObjectsV2Command({Bucket: bucket, Prefix: prefix, ContinuationToken: token}))
    for (const o of page.Contents ?? []) {
      const body = await (
        await s3.send(new GetObjectCommand({Bucket: bucket, Key: o.Key}))
      ).Body!.transformToByteArray()
      const target = join(dir, o.Key!.slice(prefix.length))
      mkdirSync(dirname(target), {recursive: true})
      writeFileSync(target, body)
      n++
    }
    token = page.NextContinuationToken
  } while (token)
  return n
}
