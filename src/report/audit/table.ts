import type {AuditReport} from '../../audit/index.js'
import {REQUIREMENTS} from '../../design/requirements.js'
import {formatValue} from '../text.js'
import {oneLine} from '../terminal.js'
import {bySection} from './common.js'

const chapter = new Map(REQUIREMENTS.map((r) => [r.section, r.chapter]))

/** For people: grouped by design section, failures first, expected vs actual under each failure. */
export function auditTable(report: AuditReport): string {
  const lines = [
    `Audit of ${report.env} in account ${report.account} (${report.regions.join(', ')}), ${report.startedAt}`,
  ]
  for (const [section, findings] of bySection(report)) {
    lines.push(
      '',
      `${section} ${chapter.get(section) ?? (section === 'baseline' ? 'Security baseline (beyond the design)' : '')}`,
    )
    for (const f of findings) {
      lines.push(
        `  ${f.status.padEnd(6)} ${f.severity.padEnd(8)} ${f.checkId.padEnd(26)} ${f.requirements.join(',').padEnd(24)} ${oneLine(f.resource.id)}`,
      )
      if (f.status === 'FAIL' || f.status === 'ERROR') {
        lines.push(`         ${oneLine(f.message)}`)
        if (f.status === 'FAIL')
          lines.push(
            `         expected: ${formatValue(f.expected)}`,
            `         actual:   ${formatValue(f.actual)}`,
            `         fix:      ${oneLine(f.remediation.platform)}`,
          )
      }
      if (f.status === 'MUTED')
        lines.push(
          oneLine(`         muted until ${f.exception?.expires} by ${f.exception?.owner}: ${f.exception?.reason}`),
        )
    }
  }
  const s = report.summary
  lines.push(
    '',
    `${s.fail} FAIL, ${s.error} ERROR, ${s.pass} PASS, ${s.muted} MUTED, ${s.manual} MANUAL; ${report.calls.total} read-only AWS calls`,
  )
  return lines.join('\n')
}
