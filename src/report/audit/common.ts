import type {AuditReport} from '../../audit/index.js'
import {sectionOfRequirement} from '../../audit/run.js'
import type {Finding, Status} from '../../audit/report-schema.js'
import {formatTime, translator, type Lang} from '../../i18n/index.js'
import {oneLine} from '../terminal.js'

/** The design section a finding belongs to ("baseline" beyond the design). */
export function sectionOf(f: Finding): string {
  const r = f.requirements[0]
  return r ? sectionOfRequirement(r) : 'other'
}

export function bySection(report: AuditReport): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>()
  for (const f of report.findings) m.set(sectionOf(f), [...(m.get(sectionOf(f)) ?? []), f])
  return new Map([...m.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, {numeric: true})))
}

// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g

export function escapeXml(s: string): string {
  return s
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** What a reader acts on first: failures, then what could not be judged, then the rest. */
export const STATUS_ORDER: readonly Status[] = ['FAIL', 'ERROR', 'MUTED', 'MANUAL', 'PASS']
export const statusRank = (s: Status) => STATUS_ORDER.indexOf(s)

/** The report with only the findings of these statuses (all when none is given); the summary stays the whole run's. */
export function withStatuses(report: AuditReport, statuses?: readonly Status[]): AuditReport {
  if (!statuses?.length) return report
  return {...report, findings: report.findings.filter((f) => statuses.includes(f.status))}
}

/** "FAIL 1 · ERROR 5 · ...", in the order a reader acts on. */
export function summaryCounts(report: AuditReport, lang: Lang): string {
  const t = translator(lang)
  const s = report.summary
  const n = {FAIL: s.fail, ERROR: s.error, MUTED: s.muted, MANUAL: s.manual, PASS: s.pass}
  return STATUS_ORDER.map((st) => t('audit:summary.count', {status: t(`common:status.${st}`), count: n[st]})).join(
    ' · ',
  )
}

/** The one or two lines that stand for the whole run (the table's header; stdout when a file gets the report). */
export function auditSummaryLines(report: AuditReport, lang: Lang): string[] {
  const t = translator(lang)
  return [
    oneLine(
      t('audit:title', {
        env: report.env,
        account: report.account,
        regions: report.regions.join(', '),
        time: formatTime(report.startedAt, lang),
      }),
    ),
    `${summaryCounts(report, lang)} · ${t('audit:summary.calls', {count: report.calls.total})}`,
  ]
}
