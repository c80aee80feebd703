import type {AuditReport} from '../audit/index.js'
import type {LintResult} from '../design/lint.js'
import {checksOfFindings, complianceView} from '../guidelines/compliance.js'
import {renderComplianceHtml} from '../report/compliance-html.js'
import {escapeXml, sectionOf} from '../report/audit/common.js'
import {formatValue} from '../report/text.js'
import {STATUS_LEGEND, type ControlRow} from './controls.js'
import type {EvidenceManifest} from './manifest.js'

const COLORS = {PASS: '#2e7d32', FAIL: '#c62828', ERROR: '#ef6c00', MUTED: '#757575', MANUAL: '#1565c0'} as const
type Counted = keyof typeof COLORS

/** Horizontal stacked bars as inline SVG: no script, no external resource, prints as drawn. */
function chart(title: string, groups: [string, Partial<Record<Counted, number>>][]): string {
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
          const rect = `<rect x="${x.toFixed(1)}" y="${i * rowH + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${COLORS[k]}"><title>${k} ${counts[k]}</title></rect>`
          x += w
          return rect
        })
        .join('')
      return `<text x="0" y="${i * rowH + 13}" font-size="11">${escapeXml(name)}</text>${bars}`
    })
    .join('')
  return `<figure><figcaption>${escapeXml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${groups.length * rowH + 4}" role="img" aria-label="${escapeXml(title)}">${rows}</svg></figure>`
}

export function evidenceHtml(
  report: AuditReport,
  controls: ControlRow[],
  lint: LintResult,
  manifest: Omit<EvidenceManifest, 'files'>,
): string {
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
  const bySeverity = count((f) => f.severity).sort(
    ([a], [b]) =>
      ['critical', 'high', 'medium', 'low', 'info'].indexOf(a) -
      ['critical', 'high', 'medium', 'low', 'info'].indexOf(b),
  )
  const fails = (req: string) =>
    report.findings.filter((f) => f.requirements.includes(req) && (f.status === 'FAIL' || f.status === 'ERROR'))
  const rows = controls
    .map((c) => {
      const bad = fails(c.requirement)
      const detail = bad
        .map(
          (f) =>
            `<div class="detail">${escapeXml(f.resource.id)}: ${escapeXml(f.message)}${f.status === 'FAIL' ? `<br><b>expected</b> ${escapeXml(formatValue(f.expected))}<br><b>actual</b> ${escapeXml(formatValue(f.actual))}` : ''}</div>`,
        )
        .join('')
      return `<tr class="st-${c.status}"><td>${escapeXml(c.section)}</td><td><code>${escapeXml(c.requirement)}</code></td><td>${escapeXml(c.text)}${detail}</td><td class="status">${c.status}</td><td>${escapeXml(c.checks.join(', '))}</td></tr>`
    })
    .join('')
  const advisories = lint.findings
    .map(
      (f) =>
        `<li><b>${escapeXml(f.level)}</b> ${escapeXml(f.code)} (${escapeXml(f.requirements.join(', '))}): ${escapeXml(f.message)}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence: ${escapeXml(manifest.project)} ${escapeXml(manifest.env)} ${escapeXml(manifest.audit.startedAt.utc)}</title>
<style>
body{font:13px/1.45 system-ui,"Noto Sans",sans-serif;margin:24px;color:#111;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 6px;border-bottom:1px solid #ccc}
.identity{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:12px}.identity dt{color:#555}.identity dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}
.summary{display:flex;gap:12px;margin:10px 0}.summary>div{border:1px solid #ccc;border-radius:6px;padding:6px 12px;text-align:center;min-width:70px}.summary .n{font-size:22px;font-weight:700}
.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}
.status{font-weight:700}.st-PASS .status,.st-COVERED .status{color:#2e7d32}.st-FAIL .status{color:#c62828}.st-ERROR .status{color:#ef6c00}.st-MANUAL .status{color:#1565c0}.st-MUTED .status{color:#757575}
.status-legend{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;font-size:11px}.status-legend dt{font-weight:700}.status-legend dd{margin:0}
.detail{color:#444;margin-top:3px;font-size:11px}.legend span{display:inline-block;margin-right:12px;font-size:11px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
@media print{body{margin:10mm}tr,figure,.summary{break-inside:avoid}h2{break-after:avoid}a{color:inherit}}
</style></head><body>
<h1>Compliance evidence: ${escapeXml(manifest.project)} ${escapeXml(manifest.env)}</h1>
<dl class="identity">
<dt>Account</dt><dd id="account">${escapeXml(manifest.account)}</dd><dt>Caller</dt><dd>${escapeXml(manifest.callerArn)}</dd><dt>Regions</dt><dd>${escapeXml(manifest.regions.join(', '))}</dd>
<dt>Audit (UTC)</dt><dd>${escapeXml(manifest.audit.startedAt.utc)} to ${escapeXml(manifest.audit.finishedAt.utc)}</dd><dt>Audit (JST)</dt><dd>${escapeXml(manifest.audit.startedAt.jst)} to ${escapeXml(manifest.audit.finishedAt.jst)}</dd>
<dt>Design digest</dt><dd>sha256:${escapeXml(manifest.designDigest)}</dd><dt>Tool</dt><dd>${escapeXml(manifest.tool.name)} ${escapeXml(manifest.tool.version)}</dd><dt>Command</dt><dd>${escapeXml(manifest.commandLine.join(' '))}</dd>
<dt>Integrity</dt><dd>every file's SHA-256 is in manifest.json; check with: platform evidence verify DIR</dd>
</dl>
<h2>Summary</h2>
<div class="summary"><div><div class="n" id="summary-pass">${s.pass}</div>PASS</div><div><div class="n" id="summary-fail">${s.fail}</div>FAIL</div><div><div class="n" id="summary-error">${s.error}</div>ERROR</div><div><div class="n" id="summary-manual">${s.manual}</div>MANUAL</div><div><div class="n" id="summary-muted">${s.muted}</div>MUTED</div></div>
<p class="legend">${(Object.keys(COLORS) as Counted[]).map((k) => `<span><i style="background:${COLORS[k]}"></i>${k}</span>`).join('')}</p>
<dl class="status-legend">${Object.entries(STATUS_LEGEND)
    .map(([k, v]) => `<dt>${k}</dt><dd>${escapeXml(v)}</dd>`)
    .join('')}</dl>
<div class="charts">${chart(
    'Findings by design section',
    count((f) => sectionOf(f)),
  )}${chart('Findings by severity', bySeverity)}</div>
<h2>Requirements and the security baseline</h2>
<table><thead><tr><th>§</th><th>requirement</th><th>text, and what deviates</th><th>status</th><th>checks</th></tr></thead><tbody>${rows}</tbody></table>
${renderComplianceHtml(complianceView(report.findings, checksOfFindings(report.findings), 'mhlw-6.0'), 'en')}
<h2>Design lint: advisories about the design itself</h2><ul>${advisories}</ul>
</body></html>
`
}
