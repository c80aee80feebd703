import type {AuditReport} from '../../audit/index.js'
import {bySection, escapeXml as e, show} from './common.js'

/** A self-contained page: no script, no external resource; prints well. */
export function auditHtml(report: AuditReport, extra = ''): string {
  const s = report.summary
  const rows = [...bySection(report)]
    .map(
      ([section, fs]) =>
        `<tbody><tr class="section"><th colspan="6">${e(section)}</th></tr>${fs.map((f) => `<tr class="${f.status}"><td class="status">${f.status}</td><td>${e(f.severity)}</td><td>${e(f.checkId)}</td><td>${e(f.requirements.join(', '))}</td><td>${e(f.resource.id)}<br><small>${e(f.message)}</small></td><td>${f.status === 'FAIL' ? `<b>expected</b> ${e(show(f.expected))}<br><b>actual</b> ${e(show(f.actual))}` : ''}</td></tr>`).join('')}</tbody>`,
    )
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>platform audit ${e(report.env)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
.section th{background:#eef}.FAIL .status{background:#fdd;font-weight:bold}.ERROR .status{background:#fec}.PASS .status{background:#dfd}.MUTED .status,.MANUAL .status{background:#eee}
.summary span{display:inline-block;margin-right:1.5em;font-size:1.2em}@media print{tr{page-break-inside:avoid}}
</style></head><body><h1>Audit of ${e(report.env)}</h1><p>Account ${e(report.account)}; regions ${e(report.regions.join(', '))}; ${e(report.startedAt)} to ${e(report.finishedAt)}</p>
<p class="summary"><span id="pass">PASS ${s.pass}</span><span id="fail">FAIL ${s.fail}</span><span id="error">ERROR ${s.error}</span><span id="manual">MANUAL ${s.manual}</span><span id="muted">MUTED ${s.muted}</span></p>${extra}
<table><thead><tr><th>status</th><th>severity</th><th>check</th><th>requirements</th><th>resource</th><th>expected / actual</th></tr></thead>${rows}</table></body></html>
`
}
