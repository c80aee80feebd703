import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {AwsAccess} from '../aws/clients.js'
import {uploadLocked} from '../aws/object-lock.js'
import {signDigest} from '../aws/signing.js'
import type {StoredRun} from '../audit/diff-schema.js'
import type {AuditReport} from '../audit/report-schema.js'
import type {Inventory} from '../audit/types.js'
import {lintDesign} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {exportEvidence} from '../evidence/export.js'
import {listFiles, MANIFEST, manifestSchema, sha256, SIGNATURE} from '../evidence/manifest.js'
import {redact, scrubText, secretValuesFromEnv} from '../evidence/redact.js'
import {jsonText} from '../report/json.js'
import {parseReport} from './load.js'
import {EVIDENCE, findLastRun, getObject, newRunKey, REPORT, type StoreLocation} from './store.js'

/** The run a new one links to, and its report when it can be trusted for first-seen dates. */
export interface PreviousRun {
  key: string
  manifestSha256: string
  report?: AuditReport
  /** Why the report was not used (missing, or not the one the manifest names). */
  warning?: string
}

/**
 * The last complete run of the environment. Its report.json is used (for first-seen dates and
 * `--compare-to last`) only when its SHA-256 is the one its manifest records: an altered report
 * is never built upon. The link to it is made either way, so verify --chain names the alteration.
 */
export async function previousRun(
  aws: AwsAccess,
  region: string,
  loc: StoreLocation,
  env: string,
): Promise<PreviousRun | undefined> {
  const last = await findLastRun(aws, region, loc, env)
  if (!last) return undefined
  const prev: PreviousRun = {key: last.key, manifestSha256: sha256(last.manifestBytes)}
  const where = `s3://${loc.bucket}/${last.key}`
  let recorded: string | undefined
  try {
    recorded = manifestSchema.parse(JSON.parse(last.manifestBytes.toString('utf8'))).chain?.reportSha256
  } catch {
    return {...prev, warning: `${where}${MANIFEST} is not a manifest: first-seen dates start again tonight`}
  }
  const bytes = await getObject(aws, region, loc.bucket, `${last.key}${REPORT}`)
  if (!bytes) return {...prev, warning: `${where}${REPORT} is missing: first-seen dates start again tonight`}
  if (sha256(bytes) !== recorded)
    return {
      ...prev,
      warning: `${where}${REPORT} is not the report its manifest records (altered): first-seen dates start again tonight; run \`platform evidence verify --chain\``,
    }
  return {...prev, report: parseReport(bytes.toString('utf8'), `${where}${REPORT}`)}
}

/**
 * Writes one night: report.json, then the evidence bundle (the same exporter and signer as
 * `evidence export`), every object write-once with Object Lock COMPLIANCE, the manifest last so
 * a run interrupted part-way never looks complete. The manifest holds the chain link: this run's
 * key, its report's SHA-256, and the previous run's key and manifest SHA-256.
 */
export async function storeRun(opts: {
  aws: AwsAccess
  region: string
  loc: StoreLocation
  report: AuditReport
  inventory?: Inventory
  design: ResolvedDesign
  previous: PreviousRun | undefined
  signKey?: string
  retentionDays: number
  tool: {name: string; version: string}
  commandLine: string[]
  now: Date
}): Promise<StoredRun> {
  const {aws, region, loc} = opts
  const {runId, key} = newRunKey(loc, opts.report.env, new Date(opts.report.startedAt))
  const work = mkdtempSync(join(tmpdir(), 'platform-store-'))
  try {
    // Secret-like values redacted and the process's own credentials scrubbed, as the bundle's
    // findings.json is (the report is read back by later runs and by people).
    const secrets = secretValuesFromEnv()
    // Findings only: redact() judges by key name, and would blank call counts such as
    // calls.byOperation["SecretsManager.DescribeSecret"], which the report schema requires as numbers.
    const stored = {...opts.report, findings: redact(opts.report.findings, secrets)}
    const reportBytes = Buffer.from(scrubText(jsonText(stored) + '\n', secrets))
    writeFileSync(join(work, REPORT), reportBytes)
    await uploadLocked(aws, region, `s3://${loc.bucket}/${key}`, work, [REPORT], opts.retentionDays)
    const previous = opts.previous ? {key: opts.previous.key, manifestSha256: opts.previous.manifestSha256} : null
    let manifestSha256 = ''
    await exportEvidence({
      outDir: join(work, 'evidence'),
      report: opts.report,
      inventory: opts.inventory,
      design: opts.design,
      lint: lintDesign(opts.design),
      tool: opts.tool,
      commandLine: opts.commandLine,
      now: opts.now,
      chain: {runKey: key, reportSha256: sha256(reportBytes), previous},
      ...(opts.signKey ? {sign: (bytes: Buffer) => signDigest(aws, opts.design.region, opts.signKey!, bytes)} : {}),
      publish: async ({dir}) => {
        manifestSha256 = sha256(readFileSync(join(dir, MANIFEST)))
        const files = [...listFiles(dir), ...(existsSync(join(dir, SIGNATURE)) ? [SIGNATURE] : []), MANIFEST]
        await uploadLocked(aws, region, `s3://${loc.bucket}/${key}${EVIDENCE}`, dir, files, opts.retentionDays)
      },
    })
    return {url: `s3://${loc.bucket}/${key}`, runId, manifestSha256, previous}
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}
