import type {AuditReport} from '../../audit/index.js'
import type {CheckDefinition} from '../../audit/types.js'
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
      return JSON.stringify(report, null, 2) + '\n'
    case 'csv':
      return auditCsv(report)
    case 'junit':
      return auditJunit(report)
    case 'sarif':
      return JSON.stringify(auditSarif(report, checks), null, 2) + '\n'
    case 'ocsf':
      return JSON.stringify(auditOcsf(report), null, 2) + '\n'
    case 'html':
      return auditHtml(report)
  }
}
