import type {AuditReport} from '../audit/index.js'
import type {LintResult} from '../design/lint.js'
import type {ResolvedDesign} from '../design/types.js'
import {formatTime, sectionName, translator, type Lang} from '../i18n/index.js'
import {CHECK_TITLES_JA} from '../i18n/check-titles.js'
import {requirementText} from '../i18n/requirement-texts.js'
import {checksOfFindings, complianceView} from '../guidelines/compliance.js'
import {renderComplianceHtml} from '../report/compliance-html.js'
import {escapeXml, sectionOf} from '../report/audit/common.js'
import {formatValue} from '../report/text.js'
import {resolvedText, statusLabel, statusLegend, type ControlRow} from './controls.js'
import type {EvidenceManifest} from './manifest.js'

const COLORS = {PASS: '#2e7d32', FAIL: '#c62828', ERROR: '#ef6c00', MUTED: '#757575', MANUAL: '#1565c0'} as const
type Counted = keyof typeof COLORS

/** Horizontal stacked bars as inline SVG: no script, no external resource, prints as drawn. */
function chart(
  title: string,
  groups: [string, Partial<Record<Counted, number>>][],
  statusName: (status: Counted) => string = (k) => k,
): string {
  const width = 520
  const rowH = 18
  const label = 90
  const max = Math.max(1, ...groups.map(([, c]) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0)))
  const rows = groups
    .map(([name, counts], i) => {
      let x = label
      const bars = (Object.keys(COLORS) as Counted[])
        .filter((k) => counts[k])
        .map((k) => {
          const w = ((counts[k] ?? 0) / max) * (width - label - 10)
          const rect = `<rect x="${x.toFixed(1)}" y="${i * rowH + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${COLORS[k]}"><title>${statusName(k)} ${counts[k]}</title></rect>`
          x += w
          return rect
        })
        .join('')
      return `<text x="0" y="${i * rowH + 13}" font-size="11">${escapeXml(name)}</text>${bars}`
    })
    .join('')
  return `<figure><figcaption>${escapeXml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${groups.length * rowH + 4}" role="img" aria-label="${escapeXml(title)}">${rows}</svg></figure>`
}

/**
 * report.html in the reader's language: English as it always was, or Japanese with the design
 * document's section names, the requirements in its words (resolved for this environment with
 * `design`), statuses as common:status.* says them and times in JST.
 */
export function evidenceHtml(
  report: AuditReport,
  controls: ControlRow[],
  lint: LintResult,
  manifest: Omit<EvidenceManifest, 'files'>,
  opts: {lang?: Lang; design?: ResolvedDesign} = {},
): string {
  const lang = opts.lang ?? 'en'
  const t = translator(lang)
  const e = (text: string) => escapeXml(text)
  const st = (k: string) => e(statusLabel(k as ControlRow['status'], lang))
  const text = (c: ControlRow) => {
    if (lang === 'en') return c.text
    if (c.requirement === 'other') return t('evidence:row.other')
    const ja = requirementText(c.requirement, c.text, lang)
    return opts.design ? resolvedText(c.requirement, ja, opts.design) : ja
  }
  // Findings' messages are the checks' English sentences; a Japanese reader gets the check's title above each.
  const checkLine = (id: string) => (lang === 'ja' && CHECK_TITLES_JA[id] ? `<b>${e(CHECK_TITLES_JA[id])}</b><br>` : '')
  const section = (c: ControlRow) => (lang === 'en' ? c.section : sectionName(c.section, lang))
  const a = manifest.audit
  const s = report.summary
  const count = (pick: (f: AuditReport['findings'][number]) => string) => {
    const m = new Map<string, Partial<Record<Counted, number>>>()
    for (const f of report.findings) {
      const k = pick(f)
      const c = m.get(k) ?? {}
      c[f.status] = (c[f.status] ?? 0) + 1
      m.set(k, c)
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b, undefined, {numeric: true}))
  }
  const severities = ['critical', 'high', 'medium', 'low', 'info']
  const bySeverity = count((f) => f.severity)
    .sort(([x], [y]) => severities.indexOf(x) - severities.indexOf(y))
    .map(([k, v]): [string, typeof v] => [
      lang === 'en' || !severities.includes(k) ? k : t(`common:severity.${k as 'info'}`),
      v,
    ])
  const fails = (req: string) =>
    report.findings.filter((f) => f.requirements.includes(req) && (f.status === 'FAIL' || f.status === 'ERROR'))
  const rows = controls
    .map((c) => {
      const bad = fails(c.requirement)
      const detail = bad
        .map(
          (f) =>
            `<div class="detail">${checkLine(f.checkId)}${escapeXml(f.resource.id)}: ${escapeXml(f.message)}${f.status === 'FAIL' ? `<br><b>${e(t('evidence:detail.expected'))}</b> ${escapeXml(formatValue(f.expected))}<br><b>${e(t('evidence:detail.actual'))}</b> ${escapeXml(formatValue(f.actual))}` : ''}</div>`,
        )
        .join('')
      return `<tr class="st-${c.status}"><td>${escapeXml(section(c))}</td><td><code>${escapeXml(c.requirement)}</code></td><td>${escapeXml(text(c))}${detail}</td><td class="status">${st(c.status)}</td><td>${escapeXml(c.checks.join(', '))}</td></tr>`
    })
    .join('')
  const advisories = lint.findings
    .map(
      (f) =>
        `<li><b>${e(t(`evidence:lint.${f.level}`))}</b> ${escapeXml(f.code)} (${escapeXml(f.requirements.join(', '))}): ${escapeXml(f.message)}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${e(t('evidence:title', {project: manifest.project, env: manifest.env, time: lang === 'en' ? a.startedAt.utc : formatTime(a.startedAt.utc, lang)}))}</title>
<style>
body{font:13px/1.45 system-ui,"Noto Sans",sans-serif;margin:24px;color:#111;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 6px;border-bottom:1px solid #ccc}
.identity{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:12px}.identity dt{color:#555}.identity dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}
.summary{display:flex;gap:12px;margin:10px 0}.summary>div{border:1px solid #ccc;border-radius:6px;padding:6px 12px;text-align:center;min-width:70px}.summary .n{font-size:22px;font-weight:700}
.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3;white-space:nowrap}
.status{font-weight:700;white-space:nowrap}.st-PASS .status,.st-COVERED .status{color:#2e7d32}.st-FAIL .status{color:#c62828}.st-ERROR .status{color:#ef6c00}.st-MANUAL .status{color:#1565c0}.st-MUTED .status{color:#757575}
.status-legend{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;font-size:11px}.status-legend dt{font-weight:700}.status-legend dd{margin:0}
.detail{color:#444;margin-top:3px;font-size:11px}.legend span{display:inline-block;margin-right:12px;font-size:11px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
@media print{body{margin:10mm}tr,figure,.summary{break-inside:avoid}h2{break-after:avoid}a{color:inherit}}
</style></head><body>
<h1>${e(t('evidence:heading', {project: manifest.project, env: manifest.env}))}</h1>
<dl class="identity">
<dt>${e(t('evidence:id.account'))}</dt><dd id="account">${escapeXml(manifest.account)}</dd><dt>${e(t('evidence:id.caller'))}</dt><dd>${escapeXml(manifest.callerArn)}</dd><dt>${e(t('evidence:id.regions'))}</dt><dd>${escapeXml(manifest.regions.join(', '))}</dd>
${auditTimes(a, lang)}
<dt>${e(t('evidence:id.design-digest'))}</dt><dd>sha256:${escapeXml(manifest.designDigest)}</dd><dt>${e(t('evidence:id.tool'))}</dt><dd>${escapeXml(manifest.tool.name)} ${escapeXml(manifest.tool.version)}</dd><dt>${e(t('evidence:id.command'))}</dt><dd>${escapeXml(manifest.commandLine.join(' '))}</dd>
<dt>${e(t('evidence:id.integrity'))}</dt><dd>${e(t('evidence:id.integrity-text'))}</dd>
</dl>
<h2>${e(t('evidence:summary.title'))}</h2>
<div class="summary"><div><div class="n" id="summary-pass">${s.pass}</div>${st('PASS')}</div><div><div class="n" id="summary-fail">${s.fail}</div>${st('FAIL')}</div><div><div class="n" id="summary-error">${s.error}</div>${st('ERROR')}</div><div><div class="n" id="summary-manual">${s.manual}</div>${st('MANUAL')}</div><div><div class="n" id="summary-muted">${s.muted}</div>${st('MUTED')}</div></div>
<p class="legend">${(Object.keys(COLORS) as Counted[]).map((k) => `<span><i style="background:${COLORS[k]}"></i>${st(k)}</span>`).join('')}</p>
<dl class="status-legend">${Object.entries(statusLegend(lang))
    .map(([k, v]) => `<dt>${st(k)}</dt><dd>${escapeXml(v)}</dd>`)
    .join('')}</dl>
<div class="charts">${chart(
    t('evidence:chart.by-section'),
    count((f) => sectionOf(f)).map(([k, v]): [string, typeof v] => [
      k === 'baseline' || k === 'other' ? t(`evidence:chart.${k}`) : k,
      v,
    ]),
    st,
  )}${chart(t('evidence:chart.by-severity'), bySeverity, st)}</div>
<h2>${e(t('evidence:controls.title'))}</h2>
<table><thead><tr>${(['section', 'requirement', 'text', 'status', 'checks'] as const).map((h) => `<th>${e(t(`evidence:controls.${h}`))}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
${renderComplianceHtml(complianceView(report.findings, checksOfFindings(report.findings), 'mhlw-6.0'), lang)}
<h2>${e(t('evidence:lint.title'))}</h2><ul>${advisories}</ul>
</body></html>
`
}

/** The audit's start and end: UTC then JST as the manifest writes them in English; JST first in Japanese, as its reader reads times. */
function auditTimes(a: Omit<EvidenceManifest, 'files'>['audit'], lang: Lang): string {
  const t = translator(lang)
  const row = (label: string, from: string, to: string) =>
    `<dt>${escapeXml(label)}</dt><dd>${escapeXml(t('evidence:id.range', {from, to}))}</dd>`
  const utc = row(t('evidence:id.audit-utc'), a.startedAt.utc, a.finishedAt.utc)
  if (lang === 'en') return utc + row(t('evidence:id.audit-jst'), a.startedAt.jst, a.finishedAt.jst)
  const jst = row(t('evidence:id.audit-jst'), formatTime(a.startedAt.utc, lang), formatTime(a.finishedAt.utc, lang))
  return jst + utc
}
