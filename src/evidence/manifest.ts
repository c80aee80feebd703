import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative, sep} from 'node:path'
import type {AuditSummary} from '../audit/report-schema.js'

export const MANIFEST = 'manifest.json'
export const SIGNATURE = 'manifest.sig.json'

export interface FileEntry {
  path: string
  sha256: string
  size: number
}

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
  files: FileEntry[]
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

/** Every file under dir except the manifest and its signature, as sorted POSIX paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const full = join(d, e.name)
      if (e.isDirectory()) walk(full)
      else out.push(relative(dir, full).split(sep).join('/'))
    }
  }
  walk(dir)
  return out.filter((f) => f !== MANIFEST && f !== SIGNATURE).sort()
}

export function fileEntries(dir: string): FileEntry[] {
  return listFiles(dir).map((path) => {
    const full = join(dir, path)
    return {path, sha256: sha256(readFileSync(full)), size: statSync(full).size}
  })
}
