import {createHash} from 'node:crypto'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {z} from 'zod'
import {auditSummarySchema, type AuditSummary} from '../audit/report-schema.js'
import {hashRegularFile} from '../files/local.js'
import {unsafeBundlePath} from '../files/paths.js'

export const MANIFEST = 'manifest.json'
export const SIGNATURE = 'manifest.sig.json'

/** Bounds on what verify reads: a bundle is a few hundred small files; anything far beyond is hostile. */
export interface BundleLimits {
  maxFiles: number
  maxFileBytes: number
  maxTotalBytes: number
  maxManifestBytes: number
}
/**
 * maxFiles: an honest bundle is the manifest, its signature, five reports and one raw-state file
 * per resource (about 70 for an environment of the design). Unpacking keeps per-entry state in
 * memory until the entry is on disk (measured: 10,000 one-byte entries need a V8 heap of more
 * than 64 MB and 40 s under a 48 MB heap; 2,000 stay within 48 MB), so the count is bounded where
 * memory stays small and still 25 times the largest bundle.
 */
export const DEFAULT_LIMITS: BundleLimits = {
  maxFiles: 2_000,
  maxFileBytes: 512 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxManifestBytes: 16 * 1024 * 1024,
}

export interface FileEntry {
  path: string
  sha256: string
  size: number
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256')
const when = z.strictObject({utc: z.string().min(1), jst: z.string().min(1)})
const fileEntrySchema = z.strictObject({
  path: z.string().refine((p) => unsafeBundlePath(p) === undefined, {message: 'an unsafe path'}),
  sha256: hex64,
  size: z.number().int().nonnegative(),
})

/** What a manifest must hold to be read at all: identity fields, and each file listed once. */
export const manifestSchema = z.strictObject({
  format: z.literal('platform-evidence/1'),
  tool: z.strictObject({name: z.string().min(1), version: z.string().min(1)}),
  designDigest: hex64,
  env: z.string().min(1),
  project: z.string().min(1),
  account: z.string().min(1),
  callerArn: z.string().min(1),
  regions: z.array(z.string().min(1)),
  audit: z.strictObject({startedAt: when, finishedAt: when}),
  exportedAt: when,
  commandLine: z.array(z.string()),
  summary: auditSummarySchema,
  chain: z
    .strictObject({
      runKey: z.string().min(1),
      reportSha256: hex64,
      previous: z.strictObject({key: z.string().min(1), manifestSha256: hex64}).nullable(),
    })
    .optional(),
  files: z.array(fileEntrySchema).superRefine((files, ctx) => {
    const seen = new Set<string>()
    for (const f of files) {
      if (seen.has(f.path)) ctx.addIssue({code: 'custom', message: `${f.path} is listed twice`})
      seen.add(f.path)
    }
  }),
})

export const signatureSchema = z.strictObject({
  keyId: z.string().min(1),
  algorithm: z.literal('ECDSA_SHA_256'),
  manifestSha256: hex64,
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  publicKeySha256: hex64,
})

export interface EvidenceManifest {
  format: 'platform-evidence/1'
  tool: {name: string; version: string}
  designDigest: string
  env: string
  project: string
  account: string
  callerArn: string
  regions: string[]
  audit: {startedAt: {utc: string; jst: string}; finishedAt: {utc: string; jst: string}}
  exportedAt: {utc: string; jst: string}
  commandLine: string[]
  summary: AuditSummary
  /**
   * A nightly run stored by `audit --store`: its key, the SHA-256 of its report.json, and the
   * key and manifest SHA-256 of the run before it for the same environment (null for the first):
   * one link of the hash chain `evidence verify --chain` walks. Inside the signed manifest, so a
   * link cannot be rewritten without breaking the signature.
   */
  chain?: ChainLink
  files: FileEntry[]
}

export interface ChainLink {
  runKey: string
  reportSha256: string
  previous: {key: string; manifestSha256: string} | null
}

export interface EvidenceSignature {
  keyId: string
  algorithm: 'ECDSA_SHA_256'
  manifestSha256: string
  signature: string
  publicKey: string
  publicKeySha256: string
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

/** JST is UTC+9 with no daylight saving: auditors in Japan read both. */
export function utcAndJst(iso: string): {utc: string; jst: string} {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000).toISOString().replace('Z', '+09:00')
  return {utc: iso, jst}
}

export interface BundleListing {
  /** Sorted POSIX paths of the regular files, manifest and signature excepted. */
  files: string[]
  /** Entries that are not regular files or directories, and limits exceeded: never read. */
  problems: string[]
}

/**
 * Every regular file under dir, without following anything: readdir's file types come from
 * the directory entry itself (lstat semantics), so a symbolic link, FIFO, socket or device is
 * named as a problem and never opened. Stops at `maxFiles` entries.
 */
export function walkBundle(dir: string, limits: BundleLimits = DEFAULT_LIMITS): BundleListing {
  const files: string[] = []
  const problems: string[] = []
  let entries = 0
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (++entries > limits.maxFiles) {
        if (entries === limits.maxFiles + 1) problems.push(`more than ${limits.maxFiles} entries: not read further`)
        return
      }
      const path = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(join(d, e.name), path)
      else if (e.isFile()) files.push(path)
      else problems.push(`not a regular file (${direntKind(e)}), not read: ${path}`)
    }
  }
  walk(dir, '')
  return {files: files.filter((f) => f !== MANIFEST && f !== SIGNATURE).sort(), problems}
}

function direntKind(e: {
  isSymbolicLink(): boolean
  isFIFO(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
  isSocket(): boolean
}): string {
  if (e.isSymbolicLink()) return 'symbolic link'
  if (e.isFIFO()) return 'FIFO'
  if (e.isCharacterDevice()) return 'character device'
  if (e.isBlockDevice()) return 'block device'
  if (e.isSocket()) return 'socket'
  return 'special file'
}

/** Every file under dir except the manifest and its signature, as sorted POSIX paths. */
export function listFiles(dir: string): string[] {
  return walkBundle(dir).files
}

/** Hash and size of each listed file, hashed as a stream; a file that cannot be hashed is a problem. */
export function hashFiles(
  dir: string,
  paths: string[],
  limits: BundleLimits = DEFAULT_LIMITS,
): {entries: FileEntry[]; problems: string[]} {
  const entries: FileEntry[] = []
  const problems: string[] = []
  let total = 0
  for (const path of paths) {
    const h = hashRegularFile(join(dir, ...path.split('/')), limits.maxFileBytes)
    if ('problem' in h) {
      problems.push(`${path} ${h.problem}`)
      continue
    }
    total += h.size
    if (total > limits.maxTotalBytes) {
      problems.push(`the bundle is over ${limits.maxTotalBytes} bytes: not read further`)
      break
    }
    entries.push({path, ...h})
  }
  return {entries, problems}
}

export function fileEntries(dir: string): FileEntry[] {
  const {files, problems} = walkBundle(dir)
  const hashed = hashFiles(dir, files)
  const all = [...problems, ...hashed.problems]
  if (all.length > 0) throw new Error(`cannot list the bundle: ${all.join('; ')}`)
  return hashed.entries
}
