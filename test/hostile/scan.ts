import {lstatSync, readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {csvCellIsNeutral} from '../../src/report/csv.js'
import {hasControl} from '../../src/report/terminal.js'

/** RFC 4180 cells of a CSV document, quotes undone only for the neutrality check (prefix kept). */
export function csvCells(text: string): string[] {
  const cells: string[] = []
  let i = 0
  while (i < text.length) {
    let cell = ''
    if (text[i] === '"') {
      cell = '"'
      i++
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '""'
          i += 2
        } else if (text[i] === '"') {
          i++
          break
        } else cell += text[i++]
      }
      cell += '"'
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') cell += text[i++]
    cells.push(cell)
    if (text[i] === ',') i++
    else if (text[i] === '\r' && text[i + 1] === '\n') i += 2
  }
  return cells
}

/** Every entry under dir that is not a directory (links not followed), relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      if (lstatSync(full).isDirectory()) walk(full)
      else out.push(relative(dir, full))
    }
  }
  walk(dir)
  return out.sort()
}

/**
 * What a hostile payload must never do to a text file the tool writes: hold a raw C0/C1 control
 * (CRLF record ends of a CSV aside), leave a CSV cell that starts a formula, or put live markup
 * in HTML. Returns one line per violation; empty when the file is safe.
 */
export function textFileProblems(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const problems: string[] = []
  const body = file.endsWith('.csv') ? text.replace(/\r\n/g, '\n') : text
  if (hasControl(body)) problems.push(`${file}: raw control character`)
  if (file.endsWith('.csv'))
    for (const cell of csvCells(text)) if (!csvCellIsNeutral(cell)) problems.push(`${file}: formula cell ${cell}`)
  if (file.endsWith('.html') && /<script>alert|<img src=x/i.test(text)) problems.push(`${file}: live markup`)
  return problems
}
