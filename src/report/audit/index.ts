import type {AuditReport} from '../../audit/index.js'
import type {Status} from '../../audit/report-schema.js'
import type {CheckDefinition} from '../../audit/types.js'
import type {Lang} from '../../i18n/index.js'
import {jsonText} from '../json.js'
import {withStatuses} from './common.js'
import {auditCsv} from './csv.js'
import {auditHtml} from './html.js'
import {auditJunit} from './junit.js'
import {auditOcsf} from './ocsf.js'
import {auditSarif, type SarifArtifact} from './sarif.js'

export const AUDIT_FORMATS = ['json', 'csv', 'junit', 'sarif', 'ocsf', 'html'] as const
export type AuditFormat = (typeof AUDIT_FORMATS)[number]

export interface RenderAuditOptions {
  /** Language of the formats people read (HTML, CSV headers); machine formats ignore it. */
  lang?: Lang
  /** Only findings of these statuses (--status); the summary stays the whole run's. */
  status?: readonly Status[]
  /** SARIF: PASS results too (--sarif-all). */
  sarifAll?: boolean
  /** SARIF: the file and line each result is placed at. */
  artifact?: SarifArtifact
  /** HTML: fragments placed after the summary (the guideline compliance view). */
  sections?: string[]
}

export function renderAudit(
  format: AuditFormat,
  full: AuditReport,
  checks: readonly CheckDefinition[],
  opts: RenderAuditOptions = {},
): string {
  const report = withStatuses(full, opts.status)
  const lang = opts.lang ?? 'en'
  switch (format) {
    case 'json':
      return jsonText(report) + '\n'
    case 'csv':
      return auditCsv(report, lang)
    case 'junit':
      return auditJunit(report)
    case 'sarif':
      return (
        jsonText(
          auditSarif(report, checks, {all: opts.sarifAll || opts.status?.includes('PASS'), artifact: opts.artifact}),
        ) + '\n'
      )
    case 'ocsf':
      return jsonText(auditOcsf(report)) + '\n'
    case 'html':
      return auditHtml(report, {lang, checks, sections: opts.sections})
  }
}
