import {REGISTER_COLUMNS, type RegisterRow} from '../audit/exception-register.js'
import {translator, type Lang} from '../i18n/index.js'
import {csvCell} from './csv.js'

/** The register as CSV: headers and statuses in the reader's language, cells neutralised (csvCell). */
export function exceptionRegisterCsv(rows: readonly RegisterRow[], lang: Lang): string {
  const t = translator(lang)
  const header = REGISTER_COLUMNS.map((c) => csvCell(t(`exceptions:column.${c}`)))
  const body = rows.map((r) =>
    REGISTER_COLUMNS.map((c) => csvCell(c === 'status' ? t(`exceptions:status.${r.status}`) : r[c])).join(','),
  )
  // A byte order mark for Japanese, as controls.csv and the audit CSV have: Excel on Japanese
  // Windows reads a CSV without one as Shift_JIS and garbles every header.
  return (lang === 'ja' ? '\uFEFF' : '') + [header.join(','), ...body].join('\r\n') + '\r\n'
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
