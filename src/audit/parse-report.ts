import {ConfigError} from '../errors.js'
import {stableStringify} from '../reconcile/diff.js'
import {auditReportSchema, type AuditReport} from './report-schema.js'
import {summarize} from './run.js'

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
