import {mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {create as createTar} from 'tar'
import type {AuditReport} from '../audit/index.js'
import type {Inventory, InventoryItem} from '../audit/types.js'
import type {LintResult} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {UsageError} from '../errors.js'
import {stableStringify} from '../reconcile/diff.js'
import {auditCsv} from '../report/audit/csv.js'
import {auditOcsf} from '../report/audit/ocsf.js'
import {controlRows, controlsCsv} from './controls.js'
import {
  fileEntries,
  MANIFEST,
  sha256,
  SIGNATURE,
  type EvidenceManifest,
  type EvidenceSignature,
  utcAndJst,
} from './manifest.js'
import {redact, scrubText, secretValuesFromEnv} from './redact.js'
import {evidenceHtml} from './report-html.js'

export const inventoryFile = (id: string) => `inventory/${id.replace(/[^\w.-]+/g, '__')}.json`

export interface ExportResult {
  dir: string
  manifest: EvidenceManifest
  signed: boolean
  archive?: string
}

/**
 * Writes a self-describing bundle: findings in three formats, one control row per requirement,
 * the raw read-only state judged (redacted), a report page, and a manifest holding the SHA-256
 * and size of every file, optionally signed with a KMS key.
 */
export async function exportEvidence(opts: {
  outDir: string
  report: AuditReport
  inventory?: Inventory
  design: ResolvedDesign
  lint: LintResult
  tool: {name: string; version: string}
  commandLine: string[]
  sign?: (manifestBytes: Buffer) => Promise<Omit<EvidenceSignature, 'manifestSha256' | 'publicKeySha256' | 'algorithm'>>
  archive?: boolean
  now?: Date
}): Promise<ExportResult> {
  const dir = opts.outDir
  mkdirSync(dir, {recursive: true})
  if (readdirSync(dir).length > 0)
    throw new UsageError(
      `${dir} is not empty: a bundle is written into an empty directory.`,
      'Choose a new --out directory.',
    )
  const secrets = secretValuesFromEnv()
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), {recursive: true})
    writeFileSync(join(dir, path), scrubText(text, secrets))
  }
  const report = redact(opts.report, secrets)
  const items: InventoryItem[] = opts.inventory ? [...opts.inventory.items.values()] : []
  const byResource = new Map<string, string>()
  for (const item of items) {
    const file = inventoryFile(item.id)
    for (const key of [item.physicalId, item.arn, item.name, item.id]) if (key) byResource.set(key, file)
    write(file, JSON.stringify(redact(item, secrets), null, 2) + '\n')
  }
  const controls = controlRows(report.findings, (id) => byResource.get(id))
  write('findings.json', JSON.stringify(report, null, 2) + '\n')
  write('findings.ocsf.json', JSON.stringify(auditOcsf(report), null, 2) + '\n')
  write('findings.csv', auditCsv(report))
  write('controls.csv', controlsCsv(controls))
  const now = (opts.now ?? new Date()).toISOString()
  const identity: Omit<EvidenceManifest, 'files'> = {
    format: 'platform-evidence/1',
    tool: opts.tool,
    designDigest: sha256(stableStringify(opts.design)),
    env: report.env,
    project: opts.design.project,
    account: report.account,
    callerArn: report.callerArn,
    regions: report.regions,
    audit: {startedAt: utcAndJst(report.startedAt), finishedAt: utcAndJst(report.finishedAt)},
    exportedAt: utcAndJst(now),
    commandLine: redact(opts.commandLine, secrets),
    summary: report.summary,
  }
  write('report.html', evidenceHtml(report, controls, opts.lint, identity))
  const manifest: EvidenceManifest = {...identity, files: fileEntries(dir)}
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n')
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
    writeFileSync(join(dir, SIGNATURE), JSON.stringify(sig, null, 2) + '\n')
    signed = true
  }
  let archive: string | undefined
  if (opts.archive) {
    archive = join(dirname(dir), `evidence-${report.env}-${now.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`)
    await createTar({gzip: true, file: archive, cwd: dirname(dir), portable: true}, [basename(dir)])
  }
  return {dir, manifest, signed, archive}
}
