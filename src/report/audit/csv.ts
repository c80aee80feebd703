import type {AuditReport} from '../../audit/index.js'
import {csvCell} from '../csv.js'

const cell = csvCell

/** RFC 4180: one row per finding; every cell neutralised against formula injection (csvCell). */
export function auditCsv(report: AuditReport): string {
  const header = [
    'checkId',
    'status',
    'severity',
    'requirements',
    'resourceType',
    'resourceId',
    'resourceArn',
    'region',
    'expected',
    'actual',
    'message',
    'remediation',
  ]
  const rows = report.findings.map((f) =>
    [
      f.checkId,
      f.status,
      f.severity,
      f.requirements.join(' '),
      f.resource.type,
      f.resource.id,
      f.resource.arn,
      f.resource.region,
      f.expected,
      f.actual,
      f.message,
      f.remediation.platform,
    ]
      .map(cell)
      .join(','),
  )
  return [header.join(','), ...rows].join('\r\n') + '\r\n'
}
