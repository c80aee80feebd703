import type {ComplianceRow, ComplianceStatus, ComplianceView} from '../guidelines/compliance.js'
import {translator, type Lang} from '../i18n/index.js'
import {displayWidth, padDisplay, truncateDisplay} from './width.js'

const WIDTH = 120
const TITLE = 40

/** A compliance status in the report's language (the audit's own words for the statuses they share). */
export function complianceStatusLabel(status: ComplianceStatus, lang: Lang): string {
  const t = translator(lang)
  return status === 'NOT_RUN' ? t('guidelines:status.NOT_RUN') : t(`common:status.${status}`)
}

/** "システム運用編 12.2" / "Control (system operation) 12.2", marked when the number is unconfirmed. */
export function itemRef(row: ComplianceRow, lang: Lang): string {
  const ref = `${row.item.volumeTitle[lang]} ${row.item.number}`
  return row.item.confirmed ? ref : `${ref} (${translator(lang)('guidelines:unconfirmed')})`
}

export function complianceSummaryLine(view: ComplianceView, lang: Lang): string {
  const t = translator(lang)
  const s = view.summary
  const counts: [ComplianceStatus, number][] = [
    ['PASS', s.pass],
    ['FAIL', s.fail],
    ['ERROR', s.error],
    ['MUTED', s.muted],
    ['MANUAL', s.manual],
    ['NOT_RUN', s.notRun],
  ]
  const parts = counts.map(([status, n]) => `${complianceStatusLabel(status, lang)} ${n}`).join('  ')
  return `${parts}  (${t('guidelines:summary.items', {n: s.items})}, ${t('guidelines:summary.unconfirmed', {n: s.unconfirmed})})`
}

function detail(row: ComplianceRow, lang: Lang): string {
  const t = translator(lang)
  if (row.status === 'MANUAL') return t('guidelines:text.evidence', {evidence: row.item.evidence?.[lang] ?? ''})
  if (row.failing.length)
    return t('guidelines:text.failing', {
      n: row.failing.length,
      resources: [...new Set(row.failing.map((f) => f.resourceId))].join(', '),
    })
  if (row.status === 'NOT_RUN') return t('guidelines:text.none')
  return t('guidelines:text.checks', {n: row.checks.length})
}

/** The compliance view as aligned text for the terminal: one line per guideline item, at most 120 columns. */
export function complianceText(view: ComplianceView, lang: Lang): string[] {
  const t = translator(lang)
  // The item and status columns are as wide as their widest cell; the detail takes what is left of 120.
  const refs = view.items.map((row) => itemRef(row, lang))
  const statuses = view.items.map((row) => complianceStatusLabel(row.status, lang))
  const refW = Math.min(40, Math.max(...refs.map(displayWidth), displayWidth(t('guidelines:column.number'))))
  const statusW = Math.max(...statuses.map(displayWidth), displayWidth(t('guidelines:column.status')))
  const line = (ref: string, status: string, title: string, rest: string) =>
    truncateDisplay(
      `${padDisplay(truncateDisplay(ref, refW), refW)} ${padDisplay(status, statusW)} ${padDisplay(truncateDisplay(title, TITLE), TITLE)} ${rest}`.trimEnd(),
      WIDTH,
    )
  const lines = [
    truncateDisplay(t('guidelines:heading', {title: view.title[lang]}), WIDTH),
    complianceSummaryLine(view, lang),
    '',
    line(
      t('guidelines:column.number'),
      t('guidelines:column.status'),
      t('guidelines:column.title'),
      t('guidelines:column.detail'),
    ),
    ...view.items.map((row, i) => line(refs[i]!, statuses[i]!, row.item.title[lang], detail(row, lang))),
  ]
  if (view.summary.unconfirmed) lines.push('', t('guidelines:unconfirmed.note'))
  return lines
}
