import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import type {ResolvedDesign} from '../design/types.js'
import {checkOutDir} from '../evidence/export.js'
import {
  fileEntries,
  MANIFEST,
  sha256,
  SIGNATURE,
  utcAndJst,
  type EvidenceManifest,
  type EvidenceSignature,
} from '../evidence/manifest.js'
import {redact, scrubText, secretValuesFromEnv} from '../evidence/redact.js'
import {stableStringify} from '../reconcile/diff.js'
import {jsonText} from '../report/json.js'
import type {DrillResult} from './types.js'

export const DRILL_FILE = 'drill.json'
export const MEASUREMENTS_FILE = 'measurements.csv'

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  // A leading =, +, - or @ is a formula to a spreadsheet (CSV injection): quoted with a '.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function measurementsCsv(r: DrillResult): string {
  const rows = [['id', 'status', 'requirements', 'target', 'seconds', 'message']]
  for (const m of r.measurements)
    rows.push([m.id, m.status, m.requirements.join(' '), m.target, m.seconds?.toString() ?? '', m.message])
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n'
}

/**
 * The drill as an evidence bundle in the format `evidence export` writes and `evidence verify`
 * checks (platform-evidence/1): the same manifest (every file's SHA-256), the same optional KMS
 * signature, the same staging directory renamed into place only when complete. The manifest's
 * `audit` times are the drill's start and end, and its summary counts the drill's measurements
 * (NOT_MEASURED as `error`: it could not be observed, as an audit ERROR could not be read).
 */
export async function writeDrillBundle(opts: {
  outDir: string
  result: DrillResult
  design: ResolvedDesign
  tool: {name: string; version: string}
  commandLine: string[]
  sign?: (bytes: Buffer) => Promise<Omit<EvidenceSignature, 'manifestSha256' | 'publicKeySha256' | 'algorithm'>>
  now?: Date
}): Promise<{dir: string; files: number; signed: boolean}> {
  const target = checkOutDir(opts.outDir)
  mkdirSync(dirname(target), {recursive: true})
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`))
  try {
    const dir = join(staging, basename(target))
    mkdirSync(dir)
    const secrets = secretValuesFromEnv()
    const write = (name: string, text: string) => writeFileSync(join(dir, name), scrubText(text, secrets), {flag: 'wx'})
    const r = redact(opts.result, secrets)
    write(DRILL_FILE, jsonText(r) + '\n')
    write(MEASUREMENTS_FILE, measurementsCsv(r))
    const manifest: EvidenceManifest = {
      format: 'platform-evidence/1',
      tool: opts.tool,
      designDigest: sha256(stableStringify(opts.design)),
      env: r.env,
      project: opts.design.project,
      account: r.account,
      callerArn: r.callerArn,
      regions: [opts.design.region, opts.design.drRegion],
      audit: {startedAt: utcAndJst(r.startedAt), finishedAt: utcAndJst(r.finishedAt)},
      exportedAt: utcAndJst((opts.now ?? new Date()).toISOString()),
      commandLine: redact(opts.commandLine, secrets),
      summary: {pass: r.summary.pass, fail: r.summary.fail, error: r.summary.notMeasured, manual: 0, muted: 0},
      files: fileEntries(dir),
    }
    const bytes = Buffer.from(jsonText(manifest) + '\n')
    writeFileSync(join(dir, MANIFEST), bytes)
    let signed = false
    if (opts.sign) {
      const s = await opts.sign(bytes)
      const sig: EvidenceSignature = {
        ...s,
        algorithm: 'ECDSA_SHA_256',
        manifestSha256: sha256(bytes),
        publicKeySha256: sha256(Buffer.from(s.publicKey, 'base64')),
      }
      writeFileSync(join(dir, SIGNATURE), jsonText(sig) + '\n')
      signed = true
    }
    renameSync(dir, target)
    return {dir: target, files: manifest.files.length, signed}
  } finally {
    rmSync(staging, {recursive: true, force: true})
  }
}
