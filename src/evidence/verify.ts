import {existsSync, lstatSync} from 'node:fs'
import {join} from 'node:path'
import {verifySignature} from '../aws/signing.js'
import {readRegularFileNoFollow} from '../files/local.js'
import {
  DEFAULT_LIMITS,
  hashFiles,
  MANIFEST,
  manifestSchema,
  sha256,
  SIGNATURE,
  signatureSchema,
  walkBundle,
  type BundleLimits,
  type EvidenceManifest,
  type EvidenceSignature,
} from './manifest.js'
import type {TrustAnchor} from './trust.js'

export interface VerifyResult {
  path: string
  /** INTACT: every check passed; UNSIGNED: intact files but no signature (refused unless allowed); BROKEN: anything else. */
  status: 'INTACT' | 'BROKEN' | 'UNSIGNED'
  intact: boolean
  files: number
  altered: string[]
  missing: string[]
  extra: string[]
  signature: 'valid' | 'invalid' | 'absent'
  /**
   * trusted: the signature was checked against a key the verifier supplied (KMS, a file, the
   * config). integrity-only: against the key inside the bundle, which anyone re-signing a forged
   * bundle can replace, so it proves the files match the manifest and nothing about who wrote them.
   */
  trust: 'trusted' | 'integrity-only'
  trustedBy?: string
  /**
   * The trusted key the signature verified under: its fingerprint (SHA-256 of the DER
   * SubjectPublicKeyInfo, what `sha256sum key.der` prints) and whether the bundle's key id claim
   * was checked too (only when the anchor names a key ARN: --key-id, or a keyId/publicKey pair
   * in evidenceTrustedKeys).
   */
  trustedKey?: {publicKeySha256: string; keyIdChecked: boolean}
  signedBy?: {keyId: string; publicKeySha256: string}
  manifest?: {env: string; account: string; exportedAt: string; summary: EvidenceManifest['summary']}
  problems: string[]
}

export interface VerifyOptions {
  /** Keys the verifier trusts; empty: integrity only. */
  trust?: TrustAnchor[]
  /** An unsigned bundle passes (integrity only) instead of failing as UNSIGNED. */
  allowUnsigned?: boolean
  limits?: BundleLimits
}

export function brokenResult(path: string, problems: string[], extra: Partial<VerifyResult> = {}): VerifyResult {
  return {
    path,
    status: 'BROKEN',
    intact: false,
    files: 0,
    altered: [],
    missing: [],
    extra: [],
    signature: 'absent',
    trust: 'integrity-only',
    problems,
    ...extra,
  }
}

/** The first schema issue, as "path: message". */
const firstIssue = (issues: {path: PropertyKey[]; message: string}[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`)
    .join('; ')

/**
 * Recomputes every hash and the signature; names each altered, missing or extra file, and each
 * entry that is not a regular file (never followed). Reads only inside dir, within `limits`.
 */
export function verifyBundle(dir: string, opts: VerifyOptions = {}): VerifyResult {
  const limits = opts.limits ?? DEFAULT_LIMITS
  const read = (name: string) => {
    const full = join(dir, name)
    return existsSync(full) || isLink(full) ? readRegularFileNoFollow(full, limits.maxManifestBytes) : undefined
  }
  const m = read(MANIFEST)
  if (!m) return brokenResult(dir, [`${MANIFEST} is missing: nothing can be verified`], {missing: [MANIFEST]})
  if ('problem' in m) return brokenResult(dir, [`${MANIFEST} ${m.problem}`], {altered: [MANIFEST]})
  const bytes = m.bytes
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    return brokenResult(dir, [`${MANIFEST} is not valid JSON`], {altered: [MANIFEST]})
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success)
    return brokenResult(dir, [`${MANIFEST} is malformed: ${firstIssue(parsed.error.issues)}`], {altered: [MANIFEST]})
  const manifest = parsed.data as EvidenceManifest

  const listing = walkBundle(dir, limits)
  const problems: string[] = [...listing.problems]
  const listed = new Map(manifest.files.map((f) => [f.path, f]))
  const hashed = hashFiles(
    dir,
    listing.files.filter((p) => listed.has(p)),
    limits,
  )
  problems.push(...hashed.problems)
  const present = new Map(hashed.entries.map((f) => [f.path, f]))
  const onDisk = new Set(listing.files)
  const altered = [...listed.values()]
    .filter(
      (f) => present.has(f.path) && (present.get(f.path)!.sha256 !== f.sha256 || present.get(f.path)!.size !== f.size),
    )
    .map((f) => f.path)
  const missing = [...listed.keys()].filter((p) => !onDisk.has(p))
  const extra = listing.files.filter((p) => !listed.has(p))

  let signature: VerifyResult['signature'] = 'absent'
  let signedBy: VerifyResult['signedBy']
  let trustedBy: string | undefined
  let trustedKey: VerifyResult['trustedKey']
  const anchors = opts.trust ?? []
  const s = read(SIGNATURE)
  if (s && 'problem' in s) {
    signature = 'invalid'
    problems.push(`${SIGNATURE} ${s.problem}`)
  } else if (s) {
    const sig = parseSignature(s.bytes)
    if (typeof sig === 'string') {
      signature = 'invalid'
      problems.push(`${SIGNATURE} is malformed: ${sig}`)
    } else {
      signedBy = {keyId: sig.keyId, publicKeySha256: sha256(Buffer.from(sig.publicKey, 'base64'))}
      const check = (key: string | Buffer) => {
        try {
          return sig.manifestSha256 === sha256(bytes) && verifySignature(bytes, sig.signature, key)
        } catch {
          return false // a malformed signature or key is an invalid signature, not a crash
        }
      }
      const changed = `the signature does not match ${MANIFEST}: the manifest (or the signature) was changed after signing`
      const embedded = Buffer.from(sig.publicKey, 'base64')
      // The signature file states the fingerprint of the key it embeds; a file whose two
      // disagree was edited by hand, and which of the two a reader believes is undefined.
      if (sig.publicKeySha256 !== sha256(embedded))
        problems.push(`${SIGNATURE} is inconsistent: publicKeySha256 is not the SHA-256 of its publicKey`)
      if (anchors.length === 0) {
        signature = check(sig.publicKey) ? 'valid' : 'invalid'
        if (signature === 'invalid') problems.push(changed)
      } else {
        // The bundle's key id must be one the verifier trusts (an anchor without a key id
        // accepts any claim, and the output says so), and the signature must hold under that
        // trusted key: the public key inside the bundle is never used to verify then.
        const candidates = anchors.filter((a) => a.keyId === undefined || a.keyId === sig.keyId)
        const match = candidates.find((a) => check(a.publicKeyDer))
        signature = match ? 'valid' : 'invalid'
        if (candidates.length === 0)
          problems.push(
            `signed by key ${sig.keyId}, which is not a trusted key (trusted: ${anchors.map((a) => a.keyId ?? a.source).join(', ')})`,
          )
        else if (!match) problems.push(`${changed}, or it was signed by another key than ${candidates[0]!.source}`)
        else if (!embedded.equals(match.publicKeyDer))
          // export embeds the signing key's own GetPublicKey answer, so a genuine bundle always
          // embeds the key it verifies under; another key there misleads whoever checks
          // integrity only, and is refused.
          problems.push(
            `${SIGNATURE} embeds public key sha256:${sha256(embedded)}, not the trusted key sha256:${sha256(match.publicKeyDer)} the signature verifies under`,
          )
        else {
          trustedBy = match.source
          trustedKey = {publicKeySha256: sha256(match.publicKeyDer), keyIdChecked: match.keyId !== undefined}
        }
      }
      if (signature === 'invalid') altered.push(MANIFEST)
    }
  }
  for (const p of altered.filter((x) => x !== MANIFEST)) problems.push(`altered: ${p}`)
  for (const p of missing) problems.push(`missing: ${p}`)
  for (const p of extra) problems.push(`extra (not in the manifest): ${p}`)
  const unsigned = signature === 'absent' && !opts.allowUnsigned
  if (unsigned)
    problems.push(
      `UNSIGNED: ${SIGNATURE} is absent, so anyone could have written this bundle; pass --allow-unsigned to accept integrity alone`,
    )
  const status: VerifyResult['status'] =
    problems.length === 0 ? 'INTACT' : unsigned && problems.length === 1 ? 'UNSIGNED' : 'BROKEN'
  return {
    path: dir,
    status,
    intact: status === 'INTACT',
    files: manifest.files.length,
    altered,
    missing,
    extra,
    signature,
    trust: trustedBy ? 'trusted' : 'integrity-only',
    trustedBy,
    trustedKey,
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

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

function parseSignature(bytes: Buffer): EvidenceSignature | string {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    return 'not valid JSON'
  }
  const parsed = signatureSchema.safeParse(json)
  return parsed.success ? parsed.data : firstIssue(parsed.error.issues)
}

/**
 * The key id a bundle's signature file claims, read before verifying so that `--key-id alias/...`
 * can be looked up in that key's Region (see kmsLookupRegion). A claim only: it picks where to
 * ask, never what to trust. Undefined when there is no readable, well-formed signature file.
 */
export function signatureClaim(dir: string, limits: BundleLimits = DEFAULT_LIMITS): string | undefined {
  const full = join(dir, SIGNATURE)
  if (!existsSync(full) || isLink(full)) return undefined
  const s = readRegularFileNoFollow(full, limits.maxManifestBytes)
  if ('problem' in s) return undefined
  const sig = parseSignature(s.bytes)
  return typeof sig === 'string' ? undefined : sig.keyId
}
