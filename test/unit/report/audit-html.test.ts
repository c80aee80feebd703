import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {auditHtml} from '../../../src/report/audit/html.js'
import {inlineMarkdownHtml} from '../../../src/report/audit/markdown.js'
import {oneFailReport} from './audit-fixture.js'

const textOf = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')

describe('audit HTML', () => {
  const r = oneFailReport()

  for (const lang of ['en', 'ja'] as const) {
    it(`${lang}: lang attribute, summary figures, failures with fixes linked to their rows, no raw key`, () => {
      const html = auditHtml(r, {lang, checks: CHECKS})
      expect(html).toContain(`<html lang="${lang}">`)
      expect(html).toContain('<span class="n" id="summary-pass">60</span>')
      expect(html).toContain('<span class="n" id="summary-fail">1</span>')
      for (const k of ['error', 'manual', 'muted']) expect(html).toContain(`id="summary-${k}">0</span>`)
      const link = /<ol class="failures"><li class="FAIL"><a href="#(f-[0-9a-f]{12})">/.exec(html)
      expect(link).not.toBeNull()
      expect(html).toContain(`<tr class="FAIL" id="${link![1]}">`)
      // The failures come before the table of every finding.
      expect(html.indexOf('class="failures"')).toBeLessThan(html.indexOf('<table>'))
      expect(html).toContain('<code>platform provision --env dev --only storage</code>')
      expect(textOf(html)).not.toMatch(/\b(audit|common):[a-z]/)
      expect(html).not.toMatch(/<script|<link|src=|url\(/i)
      // Expected and actual on every row, PASS included.
      const rows = html.match(/<tr class="(PASS|FAIL|ERROR|MUTED|MANUAL)"[^>]*>.*?<\/tr>/g)!
      expect(rows).toHaveLength(r.findings.length)
      for (const row of rows) expect(row).toMatch(/<dl class="ea"><dt>[^<]+<\/dt><dd>.*<\/dd><dt>[^<]+<\/dt><dd>/)
    })
  }

  it('ja: section names of the design, Japanese statuses and titles, times in JST', () => {
    const html = auditHtml(r, {lang: 'ja', checks: CHECKS})
    expect(html).toContain('<th colspan="6">3.2 サブネット設計</th>')
    expect(html).toContain('不適合と対処方法')
    expect(html).toContain('<td class="status">適合</td>')
    expect(html).toContain('全バケットがパブリックアクセスを完全にブロックし ACL を無効化している')
    expect(html).toContain('2026-11-30 00:30:00 JST')
    expect(html).not.toContain('2026-11-29T15:30')
  })

  it('en: English section names and UTC', () => {
    const html = auditHtml(r, {checks: CHECKS})
    expect(html).toContain('<th colspan="6">3.2 Subnet design</th>')
    expect(html).toContain('2026-11-29T15:30:00Z')
  })

  it('escapes hostile values: a <script> in a resource id stays text', () => {
    const fail = r.findings.find((f) => f.status === 'FAIL')!
    const hostile = {
      ...r,
      env: '<img onerror=x>',
      findings: [
        {
          ...fail,
          resource: {...fail.resource, id: '<script>alert(1)</script>'},
          actual: {'"><b>': '</dd><script>x</script>'},
          remediation: {platform: 'platform `x` <script>', manual: 'run `aws s3 <b>` **now**'},
        },
      ],
    }
    const html = auditHtml(hostile, {checks: CHECKS})
    expect(html).not.toMatch(/<script|<img|<b>=|<b>`/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img onerror=x&gt;')
    expect(html).toContain('run <code>aws s3 &lt;b&gt;</code> <strong>now</strong>')
  })

  it('remediation markdown becomes markup: no backticks, no asterisks', () => {
    expect(inlineMarkdownHtml('Run `platform provision` **first**, then ** stray')).toBe(
      'Run <code>platform provision</code> <strong>first</strong>, then  stray',
    )
  })

  it('sections are placed after the summary and the failures, before the table', () => {
    const html = auditHtml(r, {sections: ['<section id="guideline">G</section>']})
    expect(html.indexOf('id="summary-muted"')).toBeLessThan(html.indexOf('id="guideline"'))
    expect(html.indexOf('id="guideline"')).toBeLessThan(html.indexOf('<table>'))
  })
})
