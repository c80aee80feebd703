import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {extract} from 'tar'
import type {AwsAccess} from '../aws/clients.js'
import {downloadPrefix} from '../aws/object-lock.js'
import {verifySignature} from '../aws/signing.js'
import {PRIMARY_REGION} from '../design/defaults.js'
import {fileEntries, MANIFEST, sha256, SIGNATURE, type EvidenceManifest, type EvidenceSignature} from './manifest.js'

export interface VerifyResult {
  path: string
  intact: boolean
  files: number
  altered: string[]
  missing: string[]
  extra: string[]
  signature: 'valid' | 'invalid' | 'absent'
  signedBy?: {keyId: string; publicKeySha256: string}
  manifest?: {env: string; account: string; exportedAt: string; summary: EvidenceManifest['summary']}
  problems: string[]
}

/** s3://BUCKET/PREFIX copied into a temporary directory: the uploaded archive in it, or the bundle itself. */
export async function downloadBundle(aws: AwsAccess, url: string): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'platform-evidence-'))
  await downloadPrefix(aws, PRIMARY_REGION, url, tmp)
  const files = readdirSync(tmp)
  return files.length === 1 && files[0]!.endsWith('.tar.gz') ? join(tmp, files[0]!) : tmp
}

/** A directory, or a .tar.gz made by --archive (unpacked to a temporary directory first). */
export async function openBundle(path: string): Promise<string> {
  if (statSync(path).isDirectory()) return path
  const tmp = mkdtempSync(join(tmpdir(), 'platform-verify-'))
  await extract({file: path, cwd: tmp})
  const entries = readdirSync(tmp)
  return entries.length === 1 && statSync(join(tmp, entries[0]!)).isDirectory() ? join(tmp, entries[0]!) : tmp
}

/** Recomputes every hash and the signature; names each altered, missing or extra file. */
export function verifyBundle(dir: string): VerifyResult {
  const base: VerifyResult = {
    path: dir,
    intact: false,
    files: 0,
    altered: [],
    missing: [],
    extra: [],
    signature: 'absent',
    problems: [],
  }
  if (!existsSync(join(dir, MANIFEST)))
    return {...base, missing: [MANIFEST], problems: [`${MANIFEST} is missing: nothing can be verified`]}
  const bytes = readFileSync(join(dir, MANIFEST))
  let manifest: EvidenceManifest
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as EvidenceManifest
  } catch {
    return {...base, altered: [MANIFEST], problems: [`${MANIFEST} is not valid JSON`]}
  }
  const listed = new Map(manifest.files.map((f) => [f.path, f]))
  const present = new Map(fileEntries(dir).map((f) => [f.path, f]))
  const altered = [...listed.values()]
    .filter(
      (f) => present.has(f.path) && (present.get(f.path)!.sha256 !== f.sha256 || present.get(f.path)!.size !== f.size),
    )
    .map((f) => f.path)
  const missing = [...listed.keys()].filter((p) => !present.has(p))
  const extra = [...present.keys()].filter((p) => !listed.has(p))
  let signature: VerifyResult['signature'] = 'absent'
  let signedBy: VerifyResult['signedBy']
  const problems: string[] = []
  if (existsSync(join(dir, SIGNATURE))) {
    const sig = JSON.parse(readFileSync(join(dir, SIGNATURE), 'utf8')) as EvidenceSignature
    signedBy = {keyId: sig.keyId, publicKeySha256: sha256(Buffer.from(sig.publicKey, 'base64'))}
    let ok: boolean
    try {
      ok = sig.manifestSha256 === sha256(bytes) && verifySignature(bytes, sig.signature, sig.publicKey)
    } catch {
      ok = false // a malformed signature or key is an invalid signature, not a crash
    }
    signature = ok ? 'valid' : 'invalid'
    if (!ok) {
      altered.push(MANIFEST)
      problems.push(
        `the signature does not match ${MANIFEST}: the manifest (or the signature) was changed after signing`,
      )
    }
  }
  for (const p of altered.filter((x) => x !== MANIFEST)) problems.push(`altered: ${p}`)
  for (const p of missing) problems.push(`missing: ${p}`)
  for (const p of extra) problems.push(`extra (not in the manifest): ${p}`)
  return {
    ...base,
    intact: problems.length === 0,
    files: manifest.files.length,
    altered,
    missing,
    extra,
    signature,
    signedBy,
    manifest: {
      env: manifest.env,
      account: manifest.account,
      exportedAt: manifest.exportedAt.utc,
      summary: manifest.summary,
    },
    problems,
  }
}
