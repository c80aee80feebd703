import {existsSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import type {AwsAccess} from '../aws/clients.js'
import {parseS3Url, uploadLocked, type UploadedObject} from '../aws/object-lock.js'
import {signDigest} from '../aws/signing.js'
import {loadExceptions} from '../audit/exceptions.js'
import {runAudit, type AuditReport} from '../audit/index.js'
import {parseReport} from '../audit/parse-report.js'
import {readLocalFile} from '../files/local.js'
import type {Inventory, CheckDefinition} from '../audit/types.js'
import {lintDesign} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {ConfigError} from '../errors.js'
import type {Lang} from '../i18n/index.js'
import type {LayerDef} from '../reconcile/types.js'
import {checkOutDir, exportEvidence} from './export.js'
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

/**
 * A `platform audit --json` document, validated and not trusted beyond what it can prove: a
 * regular file under the input limit, the environment being exported (`env`), a summary that
 * equals the one recomputed from its findings, and an environment name that is a plain name
 * (it becomes part of file names). Every refusal is exit 2 naming the file and the problem.
 */
export function readAuditReport(file: string, env: string): AuditReport {
  const fail = (why: string) => new ConfigError(`${file} is not a platform audit --json document: ${why}`, file)
  const text = readLocalFile(file, {what: '--from file', error: (m) => new ConfigError(m, file)})
  const report = parseReport(text, file)
  if (!/^[a-z][a-z0-9]{1,9}$/.test(report.env))
    throw fail(`env ${JSON.stringify(report.env)} is not an environment name`)
  if (report.env !== env) throw new ConfigError(`${file} is the audit of ${report.env}, not of ${env}`, file)
  return report
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
  /** controls.csv headers and report.html in this language (default en). */
  lang?: Lang
}): Promise<EvidenceExportOutput> {
  const {design, aws, signKey, upload} = opts
  let report: AuditReport
  let inventory: Inventory | undefined
  checkOutDir(opts.outDir)
  if (upload) parseS3Url(upload.url)
  if (opts.from) report = readAuditReport(opts.from, design.env)
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
  let uploaded: UploadedObject[] = []
  const result = await exportEvidence({
    outDir: opts.outDir,
    report,
    inventory,
    design,
    lint: lintDesign(design),
    tool: opts.tool,
    commandLine: opts.commandLine,
    archive: opts.archive,
    lang: opts.lang,
    ...(signKey ? {sign: (bytes: Buffer) => signDigest(aws, design.region, signKey, bytes)} : {}),
    ...(upload
      ? {
          publish: async (staged: {dir: string; archive?: string}) => {
            const files = staged.archive
              ? [basename(staged.archive)]
              : [...listFiles(staged.dir), MANIFEST, ...(existsSync(join(staged.dir, SIGNATURE)) ? [SIGNATURE] : [])]
            const base = staged.archive ? dirname(staged.archive) : staged.dir
            uploaded = await uploadLocked(aws, design.region, upload.url, base, files, upload.retentionDays)
          },
        }
      : {}),
  })
  return {
    dir: result.dir,
    archive: result.archive,
    signed: result.signed,
    files: result.manifest.files.length,
    summary: report.summary,
    uploaded,
  }
}
