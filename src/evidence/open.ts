import {createReadStream, lstatSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Transform} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {createGunzip} from 'node:zlib'
import {extract} from 'tar'
import type {AwsAccess} from '../aws/clients.js'
import {downloadPrefix} from '../aws/object-lock.js'
import {PRIMARY_REGION} from '../design/defaults.js'
import {UsageError} from '../errors.js'
import {kindOf} from '../files/local.js'
import {DEFAULT_LIMITS, type BundleLimits} from './manifest.js'
import {unsafeBundlePath} from '../files/paths.js'
import type {TrustResolver} from './trust.js'
import {brokenResult, signatureClaim, verifyBundle, type VerifyOptions, type VerifyResult} from './verify.js'

/** A bundle made readable in a directory, what was refused on the way, and how to clean up. */
export interface OpenedBundle {
  dir: string
  problems: string[]
  /** Refusals that leave nothing worth verifying (an archive bomb, a non-file path). */
  fatal: boolean
  cleanup: () => void
}

/**
 * Temporary copies alive now. A signal's default action ends the process without running any
 * `finally`, so Ctrl-C (or a scheduler's SIGTERM) in the middle of a long unpack would leave its
 * copy behind: while any is alive, SIGINT and SIGTERM remove them all first, then exit as the
 * signal would (130 for SIGINT, as the exit-code table says; 143 for SIGTERM).
 */
const alive = new Set<string>()
const onSignal = (signal: NodeJS.Signals) => {
  for (const d of alive) rmSync(d, {recursive: true, force: true})
  process.exit(signal === 'SIGINT' ? 130 : 143)
}

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (alive.size === 0) {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }
  alive.add(dir)
  return {
    dir,
    cleanup: () => {
      rmSync(dir, {recursive: true, force: true})
      alive.delete(dir)
      if (alive.size === 0) {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
    },
  }
}

/** The single top-level directory of an unpacked archive or download, or the directory itself. */
function bundleRoot(dir: string): string {
  const entries = readdirSync(dir, {withFileTypes: true})
  return entries.length === 1 && entries[0]!.isDirectory() ? join(dir, entries[0]!.name) : dir
}

/**
 * A .tar.gz from --archive, unpacked into a fresh temporary directory. Only regular files and
 * directories with safe relative names are extracted: a symbolic link, hard link, FIFO or
 * device entry is a problem and is not created. The decompressed stream is counted as it
 * flows, so a gzip bomb stops at `maxTotalBytes` instead of filling the disk or memory.
 */
export async function unpackArchive(file: string, limits: BundleLimits = DEFAULT_LIMITS): Promise<OpenedBundle> {
  const {dir, cleanup} = tempDir('platform-verify-')
  const problems: string[] = []
  let entries = 0
  let bytes = 0
  const seen = new Set<string>()
  // One entry over the count limit ends the read: nothing after it is parsed or written.
  const tooMany = new AbortController()
  try {
    await pipeline(
      createReadStream(file),
      createGunzip(),
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length
          // Tar headers and padding are counted too: a small allowance over the file limit.
          done(bytes > limits.maxTotalBytes + 1024 * 1024 ? new ArchiveTooLarge() : null, chunk)
        },
      }),
      extract({
        cwd: dir,
        strict: true,
        filter: (path, entry) => {
          const type = 'type' in entry ? entry.type : 'File'
          const size = 'size' in entry ? entry.size : 0
          const name = path.replace(/\/$/, '')
          if (++entries > limits.maxFiles) {
            tooMany.abort()
            return false
          }
          const unsafe = unsafeBundlePath(name)
          let problem: string | undefined
          if (unsafe) problem = `archive entry refused (${unsafe}), not extracted: ${JSON.stringify(path)}`
          // A second entry of the same name would silently replace the first on extraction;
          // which one another tool keeps is undefined, so the copy is refused and reported.
          else if (type !== 'Directory' && seen.has(name))
            problem = `archive entry appears twice, not extracted again: ${name}`
          else if (type !== 'File' && type !== 'OldFile' && type !== 'Directory')
            problem = `not a regular file (${type}), not extracted: ${name}`
          else if (size > limits.maxFileBytes) problem = `${name} is ${size} bytes, over the limit, not extracted`
          seen.add(name)
          if (problem) problems.push(problem)
          return problem === undefined
        },
      }),
      {signal: tooMany.signal},
    )
  } catch (err) {
    if (tooMany.signal.aborted)
      return {dir, problems: [`the archive has more than ${limits.maxFiles} entries: refused`], fatal: true, cleanup}
    if (err instanceof ArchiveTooLarge)
      return {
        dir,
        problems: [`the archive expands beyond ${limits.maxTotalBytes} bytes: refused`],
        fatal: true,
        cleanup,
      }
    return {dir, problems: [`the archive cannot be read: ${(err as Error).message}`], fatal: true, cleanup}
  }
  return {dir: bundleRoot(dir), problems, fatal: false, cleanup}
}

class ArchiveTooLarge extends Error {}

/** s3://BUCKET/PREFIX copied into a temporary directory: the uploaded archive in it, unpacked, or the bundle itself. */
export async function downloadBundle(
  aws: AwsAccess,
  url: string,
  limits: BundleLimits = DEFAULT_LIMITS,
  region = PRIMARY_REGION,
): Promise<OpenedBundle> {
  const {dir, cleanup} = tempDir('platform-evidence-')
  try {
    const {problems} = await downloadPrefix(aws, region, url, dir, {
      maxObjects: limits.maxFiles,
      maxObjectBytes: limits.maxFileBytes,
      maxTotalBytes: limits.maxTotalBytes,
    })
    const files = readdirSync(dir)
    if (files.length === 1 && files[0]!.endsWith('.tar.gz')) {
      const unpacked = await unpackArchive(join(dir, files[0]!), limits)
      return {
        ...unpacked,
        problems: [...problems, ...unpacked.problems],
        cleanup: () => {
          unpacked.cleanup()
          cleanup()
        },
      }
    }
    return {dir: bundleRoot(dir), problems, fatal: false, cleanup}
  } catch (err) {
    cleanup()
    throw err
  }
}

/** A directory as is; a regular file as an archive; anything else is refused without being opened. */
export async function openBundle(path: string, limits: BundleLimits = DEFAULT_LIMITS): Promise<OpenedBundle> {
  let st
  try {
    st = lstatSync(path)
  } catch {
    throw new UsageError(
      `${path} not found`,
      'Pass a bundle directory, a .tar.gz from --archive or s3://BUCKET/PREFIX.',
    )
  }
  if (st.isDirectory()) return {dir: path, problems: [], fatal: false, cleanup: () => {}}
  if (!st.isFile()) return {dir: path, problems: [`${path} is ${kindOf(st)}: not read`], fatal: true, cleanup: () => {}}
  return unpackArchive(path, limits)
}

/**
 * `evidence verify PATH`: a directory, an archive or s3://...; the temporary copy is removed on
 * every path, and the result names the path as given, not the temporary copy verified.
 */
export async function verifyPath(
  path: string,
  opts: VerifyOptions & {
    aws?: () => AwsAccess
    /** The S3 client's Region for s3://... (default: the primary region). */
    region?: string
    /** Trust found once the bundle's key id claim is known (a KMS lookup in that key's Region); replaces `trust`. */
    resolveTrust?: TrustResolver
  },
): Promise<VerifyResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS
  let opened: OpenedBundle
  if (path.startsWith('s3://')) {
    const aws = opts.aws!()
    try {
      opened = await downloadBundle(aws, path, limits, opts.region)
    } finally {
      aws.destroy()
    }
  } else opened = await openBundle(path, limits)
  try {
    if (opened.fatal) return brokenResult(path, opened.problems)
    const trust = opts.resolveTrust ? await opts.resolveTrust(signatureClaim(opened.dir, limits)) : opts.trust
    const result = verifyBundle(opened.dir, {...opts, trust, limits})
    const problems = [...opened.problems, ...result.problems]
    return {
      ...result,
      path,
      problems,
      intact: problems.length === 0,
      status: problems.length === 0 ? 'INTACT' : opened.problems.length > 0 ? 'BROKEN' : result.status,
    }
  } finally {
    opened.cleanup()
  }
}
