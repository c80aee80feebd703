import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {lintDesign} from '../../../src/design/lint.js'
import {controlRows, controlsCsv, STATUS_LEGEND} from '../../../src/evidence/controls.js'
import {exportEvidence} from '../../../src/evidence/export.js'
import {verifyBundle} from '../../../src/evidence/verify.js'
import type {Lang} from '../../../src/i18n/index.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'
import {auditReport, tempRoot} from '../../hostile/bundle.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, {recursive: true, force: true})))

/** The dev fixture's bundle in one language, with one FAIL so a deviation's detail shows. */
async function bundle(lang?: Lang) {
  const inventory = cleanInventory()
  const report = auditReport(inventory)
  const f = report.findings.find((x) => x.requirements.includes('rds.backup-retention'))!
  Object.assign(f, {status: 'FAIL', expected: 35, actual: 7, message: 'backup retention is 7 days'})
  report.summary = {...report.summary, pass: report.summary.pass - 1, fail: report.summary.fail + 1}
  const design = devDesign()
  const out = join(tempRoot(dirs), 'b')
  await exportEvidence({
    outDir: out,
    report,
    inventory,
    design,
    lint: lintDesign(design),
    tool: {name: 'platform', version: 't'},
    commandLine: ['platform', 'evidence', 'export', ...(lang ? ['--lang', lang] : [])],
    ...(lang ? {lang} : {}),
  })
  const read = (file: string) => readFileSync(join(out, file), 'utf8')
  return {out, csv: read('controls.csv'), html: read('report.html'), report}
}

// A message key that reached the page untranslated: "evidence:csv.text", "common:status.PASS".
const RAW_KEY = /\b(evidence|common|design):[a-z]/

describe('evidence export in English (the default, unchanged)', () => {
  it('controls.csv and report.html keep their English words', async () => {
    const {csv, html} = await bundle()
    expect(csv.startsWith('requirement,section,text,checks,status,evidence,mhlw-6.0,meti-mic-1.1\r\n')).toBe(true)
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<h2>Requirements and the security baseline</h2>')
    expect(html).toContain(
      '<th>§</th><th>requirement</th><th>text, and what deviates</th><th>status</th><th>checks</th>',
    )
    expect(html).toMatch(
      /<tr class="st-FAIL"><td>5\.1<\/td><td><code>rds\.backup-retention<\/code><\/td><td>Backup retention 35 days/,
    )
    expect(html).toContain('<b>expected</b> 35<br><b>actual</b> 7')
    expect(html).toContain('<dt>Audit (UTC)</dt><dd>2026-11-29T00:00:00.000Z to 2026-11-29T00:00:01.000Z</dd>')
    for (const [status, meaning] of Object.entries(STATUS_LEGEND))
      expect(html, status).toContain(`<dt>${status}</dt><dd>${meaning}</dd>`)
  })
})

describe('evidence export --lang ja', () => {
  it('controls.csv: Japanese headers (with the BOM Excel needs), the same values as in English', async () => {
    const [en, ja] = [await bundle('en'), await bundle('ja')]
    const [jaHeader, ...jaRows] = ja.csv.split('\r\n')
    const [, ...enRows] = en.csv.split('\r\n')
    expect(jaHeader).toBe('\uFEFF要件ID,設計書の節,要件,チェック,判定,証跡ファイル,mhlw-6.0,meti-mic-1.1')
    expect(jaRows).toEqual(enRows)
    expect(
      controlsCsv(
        controlRows([], () => undefined),
        'ja',
      ).split('\r\n')[0],
    ).toBe(jaHeader)
  })

  it('report.html: lang="ja", Japanese headings and statuses, the design’s section names and words, JST', async () => {
    const {html} = await bundle('ja')
    expect(html).toContain('<html lang="ja">')
    expect(html).toContain('<title>証跡: medical-ai dev 2026-11-29 09:00:00 JST</title>')
    expect(html).toContain('<h1>コンプライアンス証跡: medical-ai dev</h1>')
    expect(html).toContain('<h2>設計要件とセキュリティベースライン</h2>')
    expect(html).toContain('<dt>監査日時（JST）</dt><dd>2026-11-29 09:00:00 JST 〜 2026-11-29 09:00:01 JST</dd>')
    expect(html).toContain('<div class="n" id="summary-fail">1</div>不適合</div>')
    expect(html).toContain('<dt>他要件で充足</dt><dd>依存するすべての要件が適合したため充足している</dd>')
    expect(html).toMatch(
      /<tr class="st-FAIL"><td>5\.1 Aurora MySQL<\/td><td><code>rds\.backup-retention<\/code><\/td><td>バックアップ保持期間: 35日<div class="detail"><b>Aurora が自動バックアップを 35 日間、設計のバックアップウィンドウで保持する<\/b><br>[^<]*backup retention is 7 days<br><b>期待値<\/b> 35<br><b>実際の値<\/b> 7<\/div><\/td><td class="status">不適合<\/td>/,
    )
    // Requirement texts in the design's words, resolved for dev (no {n}, {p}, {env} left).
    expect(html).toContain(
      '<td>3.2 サブネット設計</td><td><code>subnet.public-1a</code></td><td>public-1a: 10.2.1.0/24',
    )
    expect(html).toContain('<td>VPC の CIDR は 10.2.0.0/16</td>')
    expect(html).toContain('<td>medical-ai-dev-models（MLモデル保存）: 暗号化 SSE-KMS</td>')
    expect(html).not.toMatch(/\{n\}|\{p\}|\{env\}/)
    expect(html).toContain('<td>セキュリティベースライン（設計書の範囲外）</td>')
    expect(html).toContain('<b>助言</b>')
    expect(html).not.toMatch(RAW_KEY)
    for (const en of ['>PASS<', '>FAIL<', '>COVERED<', '>NOT_RUN<', 'Requirements and the security baseline'])
      expect(html).not.toContain(en)
  })

  it('the bundle verifies as any other: lang changes what people read, not the manifest', async () => {
    const {out} = await bundle('ja')
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>
    expect(manifest).not.toHaveProperty('lang')
    expect(verifyBundle(out, {allowUnsigned: true})).toMatchObject({intact: true, problems: []})
  })
})
