import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {multiAuditText} from '../../../src/audit/multi.js'
import {auditTable} from '../../../src/report/audit/table.js'
import {hasControl} from '../../../src/report/terminal.js'
import {displayWidth} from '../../../src/report/width.js'
import {oneFailReport} from './audit-fixture.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/

describe('audit table', () => {
  const r = oneFailReport()

  for (const lang of ['en', 'ja'] as const) {
    it(`${lang}: the one FAIL among 60 PASS is on the first screen (24 lines), with expected, actual and fix`, () => {
      const lines = auditTable(r, {lang, checks: CHECKS}).split('\n')
      const first = lines.slice(0, 24).join('\n')
      const [fail, expected, actual, fix] =
        lang === 'en' ? ['FAIL', 'expected:', 'actual:', 'fix:'] : ['不適合', '期待値:', '実際値:', '対処:']
      expect(first).toMatch(new RegExp(`^ {2}${fail} +\\S+ +s3-public-access-block`, 'm'))
      expect(first).toMatch(new RegExp(`${expected} +BlockPublicAcls=true IgnorePublicAcls=true`))
      expect(first).toMatch(new RegExp(`${actual} +BlockPublicAcls=false`))
      expect(first).toContain(`${fix}`)
      expect(first).toContain('platform provision --env dev --only storage')
    })

    it(`${lang}: every line fits 120 display columns, has no ANSI without colour and no raw control`, () => {
      const text = auditTable(r, {lang, checks: CHECKS})
      for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(120)
      expect(text).not.toMatch(ANSI)
      expect(hasControl(text)).toBe(false)
    })

    it(`${lang}: PASS is one line per check with its count of resources`, () => {
      const text = auditTable(r, {lang, checks: CHECKS})
      const passWord = lang === 'en' ? 'PASS' : '適合'
      const passLines = text.split('\n').filter((l) => l.startsWith(`  ${passWord} `))
      expect(passLines).toHaveLength(12)
      expect(passLines.find((l) => l.includes('vpc-cidr'))).toContain(lang === 'en' ? '5 resources' : 'リソース 5 件')
      expect(text).not.toContain('vpc-cidr-res-3')
    })

    it(`${lang}: snapshot`, () => {
      expect(auditTable(r, {lang, checks: CHECKS})).toMatchSnapshot()
    })
  }

  it('ja: check titles, statuses and section names in Japanese, times in JST, no raw message key', () => {
    const text = auditTable(r, {lang: 'ja', checks: CHECKS})
    expect(text).not.toMatch(/\b(audit|common):/)
    expect(text).toContain('2026-11-30 00:30:00 JST')
    expect(text).toContain('不適合 1 · 判定不能 0 · 例外承認済 0 · 手動確認 0 · 適合 60')
    expect(text).toContain('3.2 サブネット設計')
    expect(text).toContain('全バケットがパブリックアクセスを完全にブロックし')
  })

  it('colour only when asked, and the status word still aligns', () => {
    const text = auditTable(r, {color: true, checks: CHECKS})
    expect(text).toContain('\u001b[31;1mFAIL\u001b[0m')
    expect(text).toContain('\u001b[32mPASS\u001b[0m')
  })

  it('--status keeps only those statuses; the header still counts the whole run', () => {
    const text = auditTable(r, {status: ['FAIL'], checks: CHECKS})
    expect(text).toContain('Showing only FAIL')
    expect(text).toContain('PASS 60')
    expect(text).not.toMatch(/^ {2}PASS /m)
    expect(text).toMatch(/^ {2}FAIL /m)
    expect(auditTable(r, {status: ['ERROR']})).toContain('No finding with these statuses.')
  })

  it('long values wrap within 120 columns instead of running off the screen', () => {
    const fail = r.findings.find((f) => f.status === 'FAIL')!
    const long = {...r, findings: [{...fail, actual: {policy: 'x'.repeat(400)}}]}
    const lines = auditTable(long, {lang: 'ja'}).split('\n')
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(120)
    expect(lines.filter((l) => l.includes('xxxxxxxxxx')).length).toBeGreaterThan(2)
  })

  it('multiAuditText still renders each environment with the table', () => {
    const text = multiAuditText(
      {
        environments: [{env: 'dev', status: 'AUDITED', account: r.account, exitCode: 1, report: r}],
        summary: {environments: 1, audited: 1, error: 0, findings: r.summary, exitCode: 1},
      },
      (x) => auditTable(x, {lang: 'ja'}),
    ).join('\n')
    expect(text).toContain('== dev (account 123456789012) ==')
    expect(text).toContain('dev 環境の監査')
  })
})
