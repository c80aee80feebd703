import type {ComplianceRow, ComplianceView} from '../guidelines/compliance.js'
import {translator, type Lang} from '../i18n/index.js'
import {escapeXml} from './audit/common.js'
import {complianceStatusLabel} from './compliance-text.js'

// Item and status never wrap (a status broken over four lines is unreadable); the check ids are many and small.
const STYLE =
  '#compliance .unconfirmed{color:#a60;font-size:.85em}#compliance .NOT_RUN .status{background:#eee}#compliance small{color:#555}' +
  '#compliance .compliance-summary span{display:inline-block;margin-right:1.5em}#compliance .ref,#compliance .status{white-space:nowrap}' +
  '#compliance .checks{width:24%;font-size:.8em}#compliance .checks code{display:inline-block;margin-right:.5em}#compliance ul{margin:0;padding-left:1.2em}'

function numberCell(row: ComplianceRow, lang: Lang): string {
  const t = translator(lang)
  const mark = row.item.confirmed
    ? ''
    : `<br><span class="unconfirmed">(${escapeXml(t('guidelines:unconfirmed'))})</span>`
  return `${escapeXml(row.item.volumeTitle[lang])} ${escapeXml(row.item.number)}${mark}`
}

function detailCell(row: ComplianceRow, lang: Lang): string {
  const t = translator(lang)
  if (row.status === 'MANUAL')
    return `<b>${escapeXml(t('guidelines:html.evidence'))}</b>: ${escapeXml(row.item.evidence?.[lang] ?? '')}`
  if (!row.failing.length) return row.status === 'NOT_RUN' ? escapeXml(t('guidelines:text.none')) : ''
  return `<ul>${row.failing
    .map(
      (f) =>
        `<li>${escapeXml(complianceStatusLabel(f.status, lang))} <code>${escapeXml(f.checkId)}</code> ${escapeXml(f.resourceId)}<br><small>${escapeXml(f.message)}</small></li>`,
    )
    .join('')}</ul>`
}

/**
 * The compliance view as an HTML fragment, for the audit report (auditHtml's `extra`) and the
 * evidence report: the summary figures (ids compliance-pass, compliance-fail, ...) and one row
 * per guideline item. Everything from data or messages is escaped here.
 */
export function renderComplianceHtml(view: ComplianceView, lang: Lang): string {
  const t = translator(lang)
  const s = view.summary
  const figures = (
    [
      ['pass', 'PASS', s.pass],
      ['fail', 'FAIL', s.fail],
      ['error', 'ERROR', s.error],
      ['muted', 'MUTED', s.muted],
      ['manual', 'MANUAL', s.manual],
      ['not-run', 'NOT_RUN', s.notRun],
    ] as const
  )
    .map(
      ([id, status, n]) => `<span id="compliance-${id}">${escapeXml(complianceStatusLabel(status, lang))} ${n}</span>`,
    )
    .join('')
  const rows = view.items
    .map(
      (row) =>
        `<tr class="${row.status}" id="item-${escapeXml(row.item.id.replace(/[^A-Za-z0-9.-]/g, '_'))}"><td class="ref">${numberCell(row, lang)}</td><td>${escapeXml(row.item.title[lang])}<br><small>${escapeXml(t('guidelines:html.source'))}: <a href="${escapeXml(row.item.source.seenAt ?? row.item.source.url)}">${escapeXml(row.item.source.title)}</a></small></td><td class="status">${escapeXml(complianceStatusLabel(row.status, lang))}</td><td class="checks">${row.checks.map((c) => `<code>${escapeXml(c)}</code>`).join(' ')}</td><td>${detailCell(row, lang)}</td></tr>`,
    )
    .join('')
  const head = (['number', 'title', 'status', 'checks', 'detail'] as const)
    .map((c) => `<th>${escapeXml(t(`guidelines:column.${c}`))}</th>`)
    .join('')
  const note = s.unconfirmed ? `<p class="unconfirmed">${escapeXml(t('guidelines:unconfirmed.note'))}</p>` : ''
  return `<section id="compliance" data-framework="${escapeXml(view.framework)}"><style>${STYLE}</style><h2>${escapeXml(t('guidelines:heading', {title: view.title[lang]}))}</h2><p class="compliance-summary">${figures}<span id="compliance-items">${escapeXml(t('guidelines:summary.items', {n: s.items}))}</span><span id="compliance-unconfirmed">${escapeXml(t('guidelines:summary.unconfirmed', {n: s.unconfirmed}))}</span></p><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${note}</section>`
}
