import type {AuditReport} from '../../audit/index.js'
import {sectionOfRequirement} from '../../audit/run.js'
import type {Finding} from '../../audit/report-schema.js'

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
