import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import type {Finding} from '../../../src/audit/types.js'
import {complianceView} from '../../../src/guidelines/compliance.js'
import {LANGS} from '../../../src/i18n/index.js'
import {renderComplianceHtml} from '../../../src/report/compliance-html.js'
import {complianceText} from '../../../src/report/compliance-text.js'
import {displayWidth} from '../../../src/report/width.js'

function finding(checkId: string, status: Finding['status'], resourceId: string, message = 'm'): Finding {
  const check = CHECKS.find((c) => c.id === checkId)!
  return {
    checkId,
    status,
    severity: check.severity,
    requirements: check.requirements,
    resource: {type: 'test', id: resourceId, region: 'ap-northeast-1'},
    expected: true,
    actual: false,
    message,
    remediation: check.remediation,
  }
}

// One FAIL on the network item, PASSes elsewhere, and a message that must be escaped.
const findings = [
  finding('no-open-ingress', 'FAIL', 'sg-0abc', 'sg-0abc admits 0.0.0.0/0 on <22> & more'),
  finding('aurora-backup', 'PASS', 'cluster-dev'),
  finding('eks-logging', 'PASS', 'cluster-dev'),
]
const view = complianceView(findings, CHECKS, 'mhlw-6.0')

describe('complianceText', () => {
  it('in Japanese: the guideline’s own titles and statuses, unconfirmed items marked, aligned within 120 columns', () => {
    const lines = complianceText(view, 'ja')
    const text = lines.join('\n')
    expect(lines[0]).toBe('準拠状況：医療情報システムの安全管理に関するガイドライン 第6.0版（厚生労働省）')
    expect(text).toMatch(/システム運用編 13 +不適合 +ネットワークに関する安全管理措置 +不適合 1 件: sg-0abc/)
    expect(text).toMatch(/システム運用編 17 \(未確認\) +適合 +証跡のレビュー、システム監査/)
    expect(text).toMatch(/経営管理編 2 +手動確認 +リスク評価を踏まえた管理 +必要な証跡: リスクアセスメント結果/)
    expect(lines[1]).toContain('不適合 2  判定不能 0')
    expect(text).toContain('「未確認」の項目は')
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(120)
    // The status column starts at the same display column on every item row.
    const rows = lines.filter((l) => l.startsWith('システム運用編 1'))
    const col = (l: string) => displayWidth(l.slice(0, l.search(/(適合|不適合|未実施|手動確認|判定不能)/)))
    expect(new Set(rows.map(col)).size).toBe(1)
  })

  it('in English, with no raw message key in either language', () => {
    const text = complianceText(view, 'en').join('\n')
    expect(text).toMatch(/System operation 13 +FAIL +Network security +1 failing: sg-0abc/)
    expect(text).toContain('System operation 17 (unconfirmed)')
    expect(text).toMatch(/Governance 2 +MANUAL/)
    for (const lang of LANGS) expect(complianceText(view, lang).join('\n')).not.toMatch(/guidelines:|common:/)
  })
})

describe('renderComplianceHtml', () => {
  it('is a <section id="compliance"> fragment with the summary figures, one row per item, escaped', () => {
    const html = renderComplianceHtml(view, 'ja')
    expect(html.startsWith('<section id="compliance"')).toBe(true)
    expect(html.endsWith('</section>')).toBe(true)
    expect(html).not.toContain('<html')
    expect(html).toContain(`<span id="compliance-fail">不適合 ${view.summary.fail}</span>`)
    expect(html).toContain(`<span id="compliance-pass">適合 ${view.summary.pass}</span>`)
    expect(html).toContain(`<span id="compliance-manual">手動確認 ${view.summary.manual}</span>`)
    expect(html.match(/<tr class=/g)?.length).toBe(view.items.length)
    expect(html).toContain('sg-0abc admits 0.0.0.0/0 on &lt;22&gt; &amp; more')
    expect(html).not.toContain('<22>')
    expect(html).toContain('(未確認)')
    expect(html).toContain('<b>必要な証跡</b>: リスクアセスメント結果')
    expect(html).toContain('href="https://wic-net.com/material/document/9465/28"')
  })

  it('in English too, and no raw message key in either language', () => {
    const html = renderComplianceHtml(view, 'en')
    expect(html).toContain(`<span id="compliance-fail">FAIL ${view.summary.fail}</span>`)
    expect(html).toContain('<th>Guideline item</th>')
    expect(html).toContain('(unconfirmed)')
    for (const lang of LANGS) expect(renderComplianceHtml(view, lang)).not.toMatch(/guidelines:|common:/)
  })
})
