import {createHash} from 'node:crypto'
import type {AuditReport} from '../../audit/index.js'
import {withIds} from '../../audit/finding-id.js'
import type {Finding} from '../../audit/report-schema.js'
import {checkTitle} from '../../i18n/check-titles.js'
import {formatTime, sectionName, translator, type Lang} from '../../i18n/index.js'
import {formatValue} from '../text.js'
import {bySection, escapeXml, STATUS_ORDER, statusRank} from './common.js'
import {remediationHtml} from './markdown.js'

export interface AuditHtmlOptions {
  lang?: Lang
  /** The checks' English titles (the registry); Japanese titles come from CHECK_TITLES_JA. */
  checks?: readonly {id: string; title: string}[]
  /** HTML fragments placed after the summary and the failures (the guideline compliance view). */
  sections?: string[]
}

/** An anchor per finding, from its stable id: a link to a row stays valid from one night's report to the next. */
export const rowAnchor = (id: string) => `f-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`

const CSS = `body{font:14px/1.5 system-ui,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}thead th{white-space:nowrap}
.section th{background:#eef;font-size:1.05em}.FAIL .status{background:#fdd;font-weight:bold}.ERROR .status{background:#fec;font-weight:bold}
.PASS .status{background:#dfd}.MUTED .status,.MANUAL .status{background:#eee}
.summary{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}.summary div{border:1px solid #ccc;border-radius:6px;padding:.4em 1em;min-width:6em}
.summary .n{display:block;font-size:1.8em;font-weight:bold}.summary .FAIL{border-color:#c00}.summary .ERROR{border-color:#c80}
.failures li{margin-bottom:.8em}.failures .fix{margin-left:1em}code{background:#f4f4f4;padding:0 .2em;word-break:break-all}
dl.ea{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 .6em}dl.ea dt{font-weight:bold}dl.ea dd{margin:0;word-break:break-word}
small{color:#444}@media print{tr,li{page-break-inside:avoid}a{color:inherit;text-decoration:none}}`

/**
 * A self-contained page an auditor reads (no script, no external resource; prints well): the
 * counts and the failures with their fixes first, each linked to its row; then every finding by
 * design section, expected beside actual on every row.
 */
export function auditHtml(report: AuditReport, opts: AuditHtmlOptions = {}): string {
  const lang = opts.lang ?? 'en'
  const t = translator(lang)
  const titles = new Map((opts.checks ?? []).map((c) => [c.id, c.title]))
  const title = (id: string) => checkTitle({id, title: titles.get(id) ?? ''}, lang)
  const ids = new Map(withIds(report.findings).map((f, i) => [report.findings[i]!, f.id!]))
  const anchor = (f: Finding) => rowAnchor(f.id ?? ids.get(f)!)
  const status = (f: Finding) => escapeXml(t(`common:status.${f.status}`))
  const s = report.summary
  const counts = {FAIL: s.fail, ERROR: s.error, MUTED: s.muted, MANUAL: s.manual, PASS: s.pass}

  const summary = STATUS_ORDER.map(
    (st) =>
      `<div class="${st}">${escapeXml(t(`common:status.${st}`))}<span class="n" id="summary-${st.toLowerCase()}">${counts[st]}</span></div>`,
  ).join('')
  const expectedActual = (f: Finding) =>
    `<dl class="ea"><dt>${escapeXml(t('audit:table.expected'))}</dt><dd>${escapeXml(formatValue(f.expected))}</dd><dt>${escapeXml(t('audit:table.actual'))}</dt><dd>${escapeXml(formatValue(f.actual))}</dd></dl>`
  const failures = report.findings
    .filter((f) => f.status === 'FAIL' || f.status === 'ERROR')
    .sort((a, b) => statusRank(a.status) - statusRank(b.status))
    .map(
      (f) =>
        `<li class="${f.status}"><a href="#${anchor(f)}"><b>${status(f)}</b> ${escapeXml(title(f.checkId) || f.checkId)} — ${escapeXml(f.resource.id)}</a><br><small>${escapeXml(f.message)}</small>${f.status === 'FAIL' ? expectedActual(f) : ''}<div class="fix">${escapeXml(t('audit:table.fix'))}: ${remediationHtml(f.remediation.platform)}<br>${escapeXml(t('audit:html.manualFix'))}: ${remediationHtml(f.remediation.manual)}</div></li>`,
    )
  const rows = [...bySection(report)]
    .map(
      ([section, fs]) =>
        `<tbody><tr class="section"><th colspan="6">${escapeXml(sectionName(section, lang))}</th></tr>${[...fs]
          .sort((a, b) => statusRank(a.status) - statusRank(b.status))
          .map(
            (f) =>
              `<tr class="${f.status}" id="${anchor(f)}"><td class="status">${status(f)}</td><td>${escapeXml(t(`common:severity.${f.severity}`))}</td><td><code>${escapeXml(f.checkId)}</code><br><small>${escapeXml(title(f.checkId))}</small></td><td>${escapeXml(f.requirements.join(', '))}</td><td>${escapeXml(f.resource.id)}<br><small>${escapeXml(f.message)}</small>${f.status === 'MUTED' && f.exception ? `<br><small>${escapeXml(t('audit:table.muted', {...f.exception}))}</small>` : ''}</td><td>${expectedActual(f)}</td></tr>`,
          )
          .join('')}</tbody>`,
    )
    .join('')
  const cols = (['status', 'severity', 'check', 'requirements', 'resource', 'expectedActual'] as const)
    .map((c) => `<th>${escapeXml(t(`audit:html.col.${c}`))}</th>`)
    .join('')
  const heading = escapeXml(t('audit:html.heading', {env: report.env}))
  const meta = escapeXml(
    t('audit:html.meta', {
      account: report.account,
      regions: report.regions.join(', '),
      from: formatTime(report.startedAt, lang),
      to: formatTime(report.finishedAt, lang),
    }),
  )
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${heading}</title><style>
${CSS}
</style></head><body><h1>${heading}</h1><p>${meta}</p>
<section class="summary">${summary}</section>
<h2>${escapeXml(t('audit:html.failures'))}</h2>${failures.length ? `<ol class="failures">${failures.join('')}</ol>` : `<p>${escapeXml(t('audit:html.noFailures'))}</p>`}
${(opts.sections ?? []).join('\n')}
<h2>${escapeXml(t('audit:html.findings'))}</h2><table><thead><tr>${cols}</tr></thead>${rows}</table></body></html>
`
}
