import type {AwsAccess} from '../aws/clients.js'
import {carryFirstSeen, diffReports} from '../audit/diff.js'
import type {AuditReport} from '../audit/report-schema.js'
import type {Inventory} from '../audit/types.js'
import type {ResolvedDesign} from '../design/types.js'
import {UsageError} from '../errors.js'
import {loadReport, requireSameEnv} from './load.js'
import {parseStore, REPORT, requireObjectLock} from './store.js'
import {previousRun, storeRun, type PreviousRun} from './write.js'

export interface HistoryOptions {
  /** s3://BUCKET/PREFIX: where each run is kept (--store). */
  store?: string
  /** A report file, s3://BUCKET/KEY, or `last` (the previous run in --store) (--compare-to). */
  compareTo?: string
  signKey?: string
  retentionDays: number
}

/**
 * `platform audit` with history: finds the previous run and the report to compare with before
 * the audit (a bad --store or --compare-to fails before any read of the account), runs it,
 * carries first-seen dates forward, adds the comparison, and stores the run.
 */
export async function auditWithHistory(opts: {
  history: HistoryOptions
  design: ResolvedDesign
  audit: () => Promise<{report: AuditReport; inventory: Inventory}>
  /** Reads the store and writes to it (never the audit's read-only access). */
  writer: () => AwsAccess
  /** Reads a --compare-to s3://... report. */
  reader: () => AwsAccess
  now: () => Date
  tool: {name: string; version: string}
  commandLine: string[]
  warn: (message: string) => void
}): Promise<AuditReport> {
  const {history: h, design} = opts
  if (h.compareTo === 'last' && !h.store)
    throw new UsageError('--compare-to last needs --store: "last" is the previous run kept there.')
  if (h.signKey && !h.store) throw new UsageError('--sign-key signs the stored run: it needs --store.')
  const region = design.region
  const loc = h.store ? parseStore(h.store) : undefined
  const writer = loc ? opts.writer() : undefined
  try {
    let previous: PreviousRun | undefined
    if (loc && writer) {
      await requireObjectLock(writer, region, loc)
      previous = await previousRun(writer, region, loc, design.env)
      if (previous?.warning) opts.warn(previous.warning)
    }
    let compare: {report: AuditReport; label: string} | undefined
    if (h.compareTo === 'last') {
      if (previous?.report) compare = {report: previous.report, label: `s3://${loc!.bucket}/${previous.key}${REPORT}`}
      else if (!previous) opts.warn(`no earlier run of ${design.env} in ${h.store}: nothing to compare with tonight`)
    } else if (h.compareTo) {
      const report = await loadReport(h.compareTo, {aws: opts.reader, region})
      if (report.env !== design.env)
        throw new UsageError(`${h.compareTo} is the audit of ${report.env}, not of ${design.env}`)
      compare = {report, label: h.compareTo}
    }
    const {report: raw, inventory} = await opts.audit()
    let report = raw
    // First-seen runs through the store night after night; without a store, through --compare-to.
    if (loc || compare) report = carryFirstSeen(report, loc ? previous?.report : compare?.report)
    if (compare) {
      requireSameEnv(compare.report, compare.label, report, 'tonight')
      report = {...report, comparison: diffReports(compare.report, report, compare.label)}
    }
    if (loc && writer) {
      const stored = await storeRun({
        aws: writer,
        region,
        loc,
        report,
        inventory,
        design,
        previous,
        signKey: h.signKey,
        retentionDays: h.retentionDays,
        tool: opts.tool,
        commandLine: opts.commandLine,
        now: opts.now(),
      })
      report = {...report, stored}
    }
    return report
  } finally {
    writer?.destroy()
  }
}
