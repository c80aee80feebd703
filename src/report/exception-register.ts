import {REGISTER_COLUMNS, type RegisterRow} from '../audit/exception-register.js'
import {translator, type Lang} from '../i18n/index.js'
import {csvDocument} from './csv.js'

/** The register as CSV: headers and statuses in the reader's language, cells neutralised (csvCell). */
export function exceptionRegisterCsv(rows: readonly RegisterRow[], lang: Lang): string {
  const t = translator(lang)
  return csvDocument(
    REGISTER_COLUMNS.map((c) => t(`exceptions:column.${c}`)),
    rows.map((r) => REGISTER_COLUMNS.map((c) => (c === 'status' ? t(`exceptions:status.${r.status}`) : r[c]))),
    lang,
  )
}

export function exceptionRegisterSummary(rows: readonly RegisterRow[], lang: Lang): string {
  const n = (s: RegisterRow['status']) => rows.filter((r) => r.status === s).length
  return translator(lang)('exceptions:summary', {
    n: rows.length,
    active: n('active'),
    expiring: n('expiring'),
    expired: n('expired'),
    unapproved: n('unapproved'),
  })
}
