import type {AuditReport} from '../../audit/index.js'
import type {Finding, Status} from '../../audit/report-schema.js'
import {CHECK_TITLES_JA} from '../../i18n/check-titles.js'
import {sectionName, translator, type Lang, type Translate} from '../../i18n/index.js'
import {formatValue} from '../text.js'
import {oneLine} from '../terminal.js'
import {displayWidth, padDisplay, truncateDisplay} from '../width.js'
import {wrapDisplay} from '../wrap.js'
import {auditSummaryLines, bySection, STATUS_ORDER, statusRank, withStatuses} from './common.js'

export interface AuditTableOptions {
  lang?: Lang
  /** ANSI colour: only when stdout is a terminal (the command decides, from isTTY and NO_COLOR). */
  color?: boolean
  /** Only these statuses (the header's counts stay the whole run's). */
  status?: readonly Status[]
  /** The checks' English titles (the registry); Japanese titles come from CHECK_TITLES_JA. */
  checks?: readonly {id: string; title: string}[]
}

/** Wide enough for a terminal report, narrow enough for a CI log pane and a printed page. */
export const TABLE_WIDTH = 120
const CHECK_COL = 26
// A long value (a policy document) wraps over a few lines; beyond that the JSON report has it whole.
const MAX_VALUE_LINES = 4

const SGR: Record<Status, string> = {FAIL: '31;1', ERROR: '33;1', MUTED: '2', MANUAL: '36', PASS: '32'}

/**
 * For people: a header with the run's counts, then the design's sections, those holding
 * failures first and failures first within each; expected, actual and the fix under every FAIL.
 * A check that passes is one line however many resources it judged.
 */
export function auditTable(report: AuditReport, opts: AuditTableOptions = {}): string {
  const lang = opts.lang ?? 'en'
  const t = translator(lang)
  const shown = withStatuses(report, opts.status)
  const statusW = Math.max(...STATUS_ORDER.map((s) => displayWidth(t(`common:status.${s}`))))
  const sevW = Math.max(
    ...(['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => displayWidth(t(`common:severity.${s}`))),
  )
  const titles = new Map((opts.checks ?? []).map((c) => [c.id, c.title]))
  const title = (id: string) => oneLine((lang === 'ja' ? CHECK_TITLES_JA[id] : undefined) ?? titles.get(id) ?? '')
  const paint = (s: Status, text: string) => (opts.color ? `\u001b[${SGR[s]}m${text}\u001b[0m` : text)
  const indent = ' '.repeat(2 + statusW + 1)

  const row = (f: Finding, rest: string) => {
    const head = `  ${padDisplay(t(`common:status.${f.status}`), statusW)} ${padDisplay(t(`common:severity.${f.severity}`), sevW)} ${padDisplay(truncateDisplay(oneLine(f.checkId), CHECK_COL), CHECK_COL)} `
    const line = truncateDisplay(head + rest, TABLE_WIDTH).trimEnd()
    const word = t(`common:status.${f.status}`)
    return opts.color ? line.replace(word, paint(f.status, word)) : line
  }
  const detail = (label: string, value: string, labelW: number) =>
    wrap(value, TABLE_WIDTH - indent.length - labelW - 2).map(
      (part, i) => `${indent}${i === 0 ? padDisplay(label + ':', labelW + 1) : ' '.repeat(labelW + 1)} ${part}`,
    )

  const lines = auditSummaryLines(report, lang)
  if (opts.status?.length)
    lines.push(t('audit:table.filtered', {statuses: opts.status.map((s) => t(`common:status.${s}`)).join(', ')}))
  if (!shown.findings.length) lines.push('', t('audit:table.none'))
  for (const [section, findings] of orderedSections(shown)) {
    lines.push('', oneLine(sectionName(section, lang)))
    const passes = new Map<string, Finding[]>()
    for (const f of findings) {
      if (f.status === 'PASS') {
        passes.set(f.checkId, [...(passes.get(f.checkId) ?? []), f])
        continue
      }
      lines.push(...findingLines(f, t, row, detail, title, indent))
    }
    for (const [checkId, fs] of passes) {
      const count = new Set(fs.map((f) => f.resource.id)).size
      const resources = count === 1 ? t('audit:table.oneResource') : t('audit:table.resources', {count})
      lines.push(row(fs[0]!, `${padDisplay(resources, 14)} ${title(checkId)}`))
    }
  }
  if (shown.findings.length > 12) lines.push('', ...auditSummaryLines(report, lang).slice(1))
  return lines.join('\n')
}

function findingLines(
  f: Finding,
  t: Translate,
  row: (f: Finding, rest: string) => string,
  detail: (label: string, value: string, labelW: number) => string[],
  title: (id: string) => string,
  indent: string,
): string[] {
  const rest =
    f.status === 'MANUAL'
      ? oneLine(f.message)
      : f.status === 'MUTED'
        ? `${oneLine(f.resource.id)}  ${title(f.checkId)}`
        : title(f.checkId) || oneLine(f.resource.id)
  const out = [row(f, rest)]
  if (f.status === 'FAIL' || f.status === 'ERROR') {
    const labels = {
      resource: t('audit:table.resource'),
      expected: t('audit:table.expected'),
      actual: t('audit:table.actual'),
      fix: t('audit:table.fix'),
    }
    const w = Math.max(...Object.values(labels).map(displayWidth))
    out.push(...detail(labels.resource, `${oneLine(f.resource.id)} (${oneLine(f.requirements.join(', '))})`, w))
    out.push(...wrap(oneLine(f.message), TABLE_WIDTH - indent.length).map((l) => indent + l))
    if (f.status === 'FAIL')
      out.push(
        ...detail(labels.expected, formatValue(f.expected), w),
        ...detail(labels.actual, formatValue(f.actual), w),
        ...detail(labels.fix, oneLine(f.remediation.platform), w),
      )
  }
  if (f.status === 'MUTED' && f.exception)
    out.push(
      ...wrap(
        oneLine(
          t('audit:table.muted', {expires: f.exception.expires, owner: f.exception.owner, reason: f.exception.reason}),
        ),
        TABLE_WIDTH - indent.length,
      ).map((l) => indent + l),
    )
  return out
}

/** Sections holding the worst statuses first (a FAIL is on the first screen), then in the design's order. */
function orderedSections(report: AuditReport): [string, Finding[]][] {
  const worst = (fs: Finding[]) => Math.min(...fs.map((f) => statusRank(f.status)))
  return [...bySection(report)]
    .map(([s, fs]) => [s, [...fs].sort((a, b) => statusRank(a.status) - statusRank(b.status))] as [string, Finding[]])
    .sort(([, a], [, b]) => worst(a) - worst(b))
}

/** One value within `width` columns (wrapDisplay); past MAX_VALUE_LINES lines the last one says that more was left out. */
function wrap(text: string, width: number): string[] {
  const parts = wrapDisplay(text, width)
  if (parts.length <= MAX_VALUE_LINES) return parts
  return [...parts.slice(0, MAX_VALUE_LINES - 1), truncateDisplay(parts[MAX_VALUE_LINES - 1]!, width - 2) + ' …']
}
