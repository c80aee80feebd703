import type {AwsAccess} from '../aws/clients.js'
import {parseS3Url} from '../aws/object-lock.js'
import type {AuditReport} from '../audit/report-schema.js'
import {auditReportSchema} from '../audit/report-schema.js'
import {summarize} from '../audit/run.js'
import {ConfigError, UsageError} from '../errors.js'
import {readLocalFile} from '../files/local.js'
import {stableStringify} from '../reconcile/diff.js'
import {getObject} from './store.js'

/**
 * A `platform audit --json` document from any source, validated and not trusted beyond what it
 * can prove: the schema, and a summary equal to the one its findings give (an edited report
 * whose totals no longer add up is refused, naming the source).
 */
export function parseReport(text: string, source: string): AuditReport {
  const fail = (why: string) => new ConfigError(`${source} is not a platform audit --json document: ${why}`, source)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw fail(`not valid JSON (${(err as Error).message})`)
  }
  const parsed = auditReportSchema.safeParse(json)
  if (!parsed.success) throw fail(`${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`)
  const report = parsed.data as AuditReport
  const recomputed = summarize(report.findings)
  if (stableStringify(recomputed) !== stableStringify(report.summary))
    throw fail(
      `its summary ${JSON.stringify(report.summary)} does not match its findings ${JSON.stringify(recomputed)}`,
    )
  return report
}

/** A report from a local file or s3://BUCKET/KEY. */
export async function loadReport(source: string, opts: {aws: () => AwsAccess; region: string}): Promise<AuditReport> {
  if (!source.startsWith('s3://'))
    return parseReport(readLocalFile(source, {what: 'audit report', error: (m) => new ConfigError(m, source)}), source)
  const {bucket, prefix} = parseS3Url(source)
  const key = prefix.replace(/\/$/, '')
  const aws = opts.aws()
  try {
    const bytes = await getObject(aws, opts.region, bucket, key)
    if (!bytes) throw new ConfigError(`${source} does not exist`, source)
    return parseReport(bytes.toString('utf8'), source)
  } finally {
    aws.destroy()
  }
}

/** Both reports must be of one environment: a diff across environments means nothing. */
export function requireSameEnv(a: AuditReport, aSource: string, b: AuditReport, bSource: string): void {
  if (a.env !== b.env)
    throw new UsageError(
      `${aSource} is the audit of ${a.env}, ${bSource} of ${b.env}: a diff compares two runs of one environment.`,
    )
}
