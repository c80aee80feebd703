import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import type {AwsAccess} from '../aws/clients.js'
import {uploadLocked, type UploadedObject} from '../aws/object-lock.js'
import {signDigest} from '../aws/signing.js'
import {loadExceptions} from '../audit/exceptions.js'
import {runAudit, type AuditReport} from '../audit/index.js'
import {auditReportSchema} from '../audit/report-schema.js'
import type {Inventory, CheckDefinition} from '../audit/types.js'
import {lintDesign} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {ConfigError} from '../errors.js'
import type {LayerDef} from '../reconcile/types.js'
import {exportEvidence} from './export.js'
import {listFiles, MANIFEST, SIGNATURE} from './manifest.js'

/** What `evidence export --json` prints. */
export interface EvidenceExportOutput {
  dir: string
  archive?: string
  signed: boolean
  files: number
  summary: AuditReport['summary']
  uploaded: UploadedObject[]
}

/** A `platform audit --json` document, validated: the bundle is only as good as the report in it. */
export function readAuditReport(file: string): AuditReport {
  const parsed = auditReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success)
    throw new ConfigError(
      `${file} is not a platform audit --json document: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      file,
    )
  return parsed.data as AuditReport
}

/**
 * `evidence export`: an audit (read-only access) or the report of an earlier one (`from`, then
 * without the raw inventory), written as a bundle, signed when `signKey` is given, then put
 * write-once into S3 when `upload` is given (the archive alone when there is one).
 */
export async function runEvidenceExport(opts: {
  design: ResolvedDesign
  /** Signs and uploads. */
  aws: AwsAccess
  /** Audits: refuses any mutating call. */
  readOnly: AwsAccess
  layers: LayerDef[]
  checks: readonly CheckDefinition[]
  outDir: string
  from?: string
  exceptionsFile?: string
  concurrency: number
  archive: boolean
  signKey?: string
  upload?: {url: string; retentionDays: number}
  tool: {name: string; version: string}
  commandLine: string[]
}): Promise<EvidenceExportOutput> {
  const {design, aws, signKey, upload} = opts
  let report: AuditReport
  let inventory: Inventory | undefined
  if (opts.from) report = readAuditReport(opts.from)
  else {
    const res = await runAudit({
      aws: opts.readOnly,
      design,
      layers: opts.layers,
      checks: opts.checks,
      exceptions: loadExceptions(opts.exceptionsFile).exceptions,
      filters: {},
      concurrency: opts.concurrency,
    })
    report = res.report
    inventory = res.inventory
  }
  const result = await exportEvidence({
    outDir: opts.outDir,
    report,
    inventory,
    design,
    lint: lintDesign(design),
    tool: opts.tool,
    commandLine: opts.commandLine,
    archive: opts.archive,
    ...(signKey ? {sign: (bytes: Buffer) => signDigest(aws, design.region, signKey, bytes)} : {}),
  })
  let uploaded: UploadedObject[] = []
  if (upload) {
    const files = result.archive
      ? [result.archive.split('/').pop()!]
      : [...listFiles(result.dir), MANIFEST, ...(result.signed ? [SIGNATURE] : [])]
    const base = result.archive ? resolve(result.archive, '..') : result.dir
    uploaded = await uploadLocked(aws, design.region, upload.url, base, files, upload.retentionDays)
  }
  return {
    dir: result.dir,
    archive: result.archive,
    signed: result.signed,
    files: result.manifest.files.length,
    summary: report.summary,
    uploaded,
  }
}
