import type {AuditReport} from '../../audit/index.js'
import {formatValue} from '../text.js'
import {bySection, escapeXml} from './common.js'

/** A self-contained page: no script, no external resource; prints well. */
export function auditHtml(report: AuditReport, extra = ''): string {
  const s = report.summary
  const rows = [...bySection(report)]
    .map(
      ([section, fs]) =>
        `<tbody><tr class="section"><th colspan="6">${escapeXml(section)}</th></tr>${fs.map((f) => `<tr class="${f.status}"><td class="status">${f.status}</td><td>${escapeXml(f.severity)}</td><td>${escapeXml(f.checkId)}</td><td>${escapeXml(f.requirements.join(', '))}</td><td>${escapeXml(f.resource.id)}<br><small>${escapeXml(f.message)}</small></td><td>${f.status === 'FAIL' ? `<b>expected</b> ${escapeXml(formatValue(f.expected))}<br><b>actual</b> ${escapeXml(formatValue(f.actual))}` : ''}</td></tr>`).join('')}</tbody>`,
    )
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>platform audit ${escapeXml(report.env)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
.section th{background:#eef}.FAIL .status{background:#fdd;font-weight:bold}.ERROR .status{background:#fec}.PASS .status{background:#dfd}.MUTED .status,.MANUAL .status{background:#eee}
.summary span{display:inline-block;margin-right:1.5em;font-size:1.2em}@media print{tr{page-break-inside:avoid}}
</style></head><body><h1>Audit of ${escapeXml(report.env)}</h1><p>Account ${escapeXml(report.account)}; regions ${escapeXml(report.regions.join(', '))}; ${escapeXml(report.startedAt)} to ${escapeXml(report.finishedAt)}</p>
<p class="summary"><span id="pass">PASS ${s.pass}</span><span id="fail">FAIL ${s.fail}</span><span id="error">ERROR ${s.error}</span><span id="manual">MANUAL ${s.manual}</span><span id="muted">MUTED ${s.muted}</span></p>${extra}
<table><thead><tr><th>status</th><th>severity</th><th>check</th><th>requirements</th><th>resource</th><th>expected / actual</th></tr></thead>${rows}</table></body></html>
`
}
