import type {AuditReport} from '../../audit/index.js'
import {translator, type Lang} from '../../i18n/index.js'
import {csvDocument} from '../csv.js'

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
  return csvDocument(
    COLUMNS.map((c) => t(`audit:csv.${c}`)),
    report.findings.map((f) => [
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
    ]),
    lang,
  )
}
