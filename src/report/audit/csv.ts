import type {AuditReport} from '../../audit/index.js'
import {translator, type Lang} from '../../i18n/index.js'
import {csvCell} from '../csv.js'

const cell = csvCell

const COLUMNS = [
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
] as const

/**
 * RFC 4180: one row per finding; every cell neutralised against formula injection (csvCell).
 * Headers in the reader's language; values stay as the JSON report has them (statuses, ids),
 * so a spreadsheet filter or a script reads the same values whatever the language.
 */
export function auditCsv(report: AuditReport, lang: Lang = 'en'): string {
  const t = translator(lang)
  const header = COLUMNS.map((c) => cell(t(`audit:csv.${c}`)))
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
  // Excel (the auditors' tool) reads a UTF-8 file without a byte order mark as Shift_JIS: Japanese headers would be mojibake.
  const bom = lang === 'ja' ? '\uFEFF' : ''
  return bom + [header.join(','), ...rows].join('\r\n') + '\r\n'
}
