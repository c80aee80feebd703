import {terminalSafe} from './terminal.js'

/**
 * One CSV cell, RFC 4180 quoted, and neutralised against formula injection: a spreadsheet runs
 * a cell starting with =, +, -, @, tab or carriage return as a formula (DDE, HYPERLINK), so such
 * a cell is prefixed with a single quote and quoted, as OWASP's CSV Injection guidance advises
 * (https://owasp.org/www-community/attacks/CSV_Injection).
 */
export function csvCell(v: unknown): string {
  // Control characters are made visible (terminalSafe) as everywhere else text is shown: a
  // CSV is read in terminals and pagers too, and a raw ESC or C1 CSI in a cell is a live escape
  // sequence there. Line breaks stay (RFC 4180 allows them inside a quoted cell).
  const raw = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)
  const s = terminalSafe(raw)
  const neutral = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\n\r\t']/.test(neutral) || neutral !== s ? `"${neutral.replace(/"/g, '""')}"` : neutral
}

/** True when a cell (as written by csvCell, unquoted) could start a formula: for tests. */
export function csvCellIsNeutral(cell: string): boolean {
  const inner = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell
  return !/^[=+\-@\t\r]/.test(inner)
}

/**
 * A whole CSV file: RFC 4180 (CRLF line ends), every cell through csvCell. Japanese files start
 * with a byte order mark: Excel, the auditors' usual reader, takes a CSV without one for the
 * system code page (Shift_JIS on Japanese Windows) and garbles every Japanese header.
 */
export function csvDocument(
  header: readonly unknown[],
  rows: readonly (readonly unknown[])[],
  lang: 'en' | 'ja',
): string {
  const line = (cells: readonly unknown[]) => cells.map(csvCell).join(',')
  return (lang === 'ja' ? '\uFEFF' : '') + [line(header), ...rows.map(line)].join('\r\n') + '\r\n'
}
