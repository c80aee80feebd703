import type {AuditReport} from '../../audit/index.js'
import type {CheckDefinition} from '../../audit/types.js'
import {jsonText} from '../json.js'
import {auditCsv} from './csv.js'
import {auditHtml} from './html.js'
import {auditJunit} from './junit.js'
import {auditOcsf} from './ocsf.js'
import {auditSarif} from './sarif.js'

export const AUDIT_FORMATS = ['json', 'csv', 'junit', 'sarif', 'ocsf', 'html'] as const
export type AuditFormat = (typeof AUDIT_FORMATS)[number]

export function renderAudit(format: AuditFormat, report: AuditReport, checks: readonly CheckDefinition[]): string {
  switch (format) {
    case 'json':
      return jsonText(report) + '\n'
    case 'csv':
      return auditCsv(report)
    case 'junit':
      return auditJunit(report)
    case 'sarif':
      return jsonText(auditSarif(report, checks)) + '\n'
    case 'ocsf':
      return jsonText(auditOcsf(report)) + '\n'
    case 'html':
      return auditHtml(report)
  }
}
