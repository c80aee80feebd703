import type {AuditReport} from '../../audit/index.js'
import {multiAuditText, type MultiAuditReport} from '../../audit/multi.js'
import {translator, type Lang} from '../../i18n/index.js'
import {oneLine} from '../terminal.js'
import {auditSummaryLines} from './common.js'

/**
 * ANSI colour only for a person at a terminal: never in a pipe, a file or a CI log, and never
 * when NO_COLOR is set (https://no-color.org: present and not empty).
 */
export function shouldColor(stream: {isTTY?: boolean}, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR
}

/** What stdout shows when --output got the report: the run's summary and where the report went. */
export function auditOutputLines(report: AuditReport, opts: {lang: Lang; format: string; file: string}): string[] {
  const [, counts] = auditSummaryLines(report, opts.lang)
  return [`${oneLine(report.env)}: ${counts}`, writtenLine(opts.lang, opts.format, opts.file)]
}

/** "Wrote html to audit.html". */
export function writtenLine(lang: Lang, format: string, file: string): string {
  return oneLine(translator(lang)('audit:output.written', {format, file}))
}

/**
 * multiAuditText for a coloured terminal: the tables are safe already (every value made
 * visible); the reasons an environment could not be audited come from AWS and are made so here.
 */
export function multiAuditLines(report: MultiAuditReport, table: (r: AuditReport) => string): string[] {
  const safe: MultiAuditReport = {
    ...report,
    environments: report.environments.map((o) =>
      o.status === 'AUDITED'
        ? o
        : {
            ...o,
            env: oneLine(o.env),
            ...(o.account ? {account: oneLine(o.account)} : {}),
            error: {
              code: oneLine(o.error.code),
              message: oneLine(o.error.message),
              ...(o.error.remedy ? {remedy: oneLine(o.error.remedy)} : {}),
            },
          },
    ),
  }
  return multiAuditText(safe, table)
}
