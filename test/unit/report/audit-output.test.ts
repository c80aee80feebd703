import {describe, expect, it} from 'vitest'
import {auditOutputLines, multiAuditLines, shouldColor} from '../../../src/report/audit/output.js'
import {auditTable} from '../../../src/report/audit/table.js'
import {hasControl} from '../../../src/report/terminal.js'
import {oneFailReport} from './audit-fixture.js'

describe('audit stdout', () => {
  const r = oneFailReport()

  it('colour only on a terminal and never with NO_COLOR', () => {
    expect(shouldColor({isTTY: true}, {})).toBe(true)
    expect(shouldColor({isTTY: false}, {})).toBe(false)
    expect(shouldColor({}, {})).toBe(false)
    expect(shouldColor({isTTY: true}, {NO_COLOR: '1'})).toBe(false)
    // no-color.org: an empty NO_COLOR does not count.
    expect(shouldColor({isTTY: true}, {NO_COLOR: ''})).toBe(true)
  })

  it('with --output, stdout is two lines: the counts and where the report went', () => {
    expect(auditOutputLines(r, {lang: 'en', format: 'html', file: 'audit.html'})).toEqual([
      'dev: FAIL 1 · ERROR 0 · MUTED 0 · MANUAL 0 · PASS 60 · 42 read-only AWS calls',
      'Wrote html to audit.html',
    ])
    expect(auditOutputLines(r, {lang: 'ja', format: 'csv', file: 'a.csv'})).toEqual([
      'dev: 不適合 1 · 判定不能 0 · 例外承認済 0 · 手動確認 0 · 適合 60 · 読み取り専用の AWS 呼び出し 42 回',
      'csv を a.csv に書き出しました',
    ])
  })

  it('several environments in colour: an unreadable environment’s reason from AWS reaches the terminal made visible', () => {
    const lines = multiAuditLines(
      {
        environments: [
          {env: 'dev', status: 'AUDITED', account: r.account, exitCode: 1, report: r},
          {env: 'qa', status: 'ERROR', exitCode: 3, error: {code: 'X', message: 'denied \u001b]52;c;ZXZpbA==\u0007'}},
        ],
        summary: {environments: 2, audited: 1, error: 1, findings: r.summary, exitCode: 3},
      },
      (x) => auditTable(x, {color: false}),
    )
    expect(hasControl(lines.join('\n'))).toBe(false)
    expect(lines).toContain('ERROR: could not audit qa: denied \\x1b]52;c;ZXZpbA==\\x07')
  })
})
