import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {MESSAGES} from '../../src/i18n/messages/index.js'
import {renderInChromium} from '../helpers/chromium.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const cli = (args: string[]) => runCli(args, {env: emulatorEnv(moto.url)})

beforeAll(async () => {
  moto = await startMoto()
  const r = await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])
  expect(r.code, r.stderr).toBe(0)
  await applyManifests(moto, CONFIG[1]!)
})
afterAll(async () => moto?.stop())

describe('audit --framework on the emulator’s dev environment', () => {
  it('mhlw-6.0 --lang ja --format html: the compliance view in --json, and its section in the HTML', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'audit-framework-')), 'audit.html')
    const r = await cli([
      'audit',
      '--env',
      'dev',
      ...CONFIG,
      '--framework',
      'mhlw-6.0',
      '--lang',
      'ja',
      '--format',
      'html',
      '--output',
      out,
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    const {compliance} = r.json<AuditReport>()
    expect(compliance?.framework).toBe('mhlw-6.0')
    const s = compliance!.summary
    // A freshly provisioned environment: every auto item judged and passing; the MANUAL ones left to people.
    expect(s).toMatchObject({fail: 0, error: 0, notRun: 0})
    expect(s.pass).toBeGreaterThan(0)
    expect(s.pass + s.manual).toBe(s.items)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain(`<span id="compliance-pass">適合 ${s.pass}</span>`)
    expect(html).toContain(`<span id="compliance-fail">不適合 0</span>`)
    expect(html).toContain(`<span id="compliance-manual">手動確認 ${s.manual}</span>`)
    expect(html).toContain('ネットワークに関する安全管理措置')
    expect(html).not.toMatch(/guidelines:|common:/)

    // As an auditor sees it: rendered by headless Chromium (installed by .ci/run), figures read back from the DOM.
    const {dom, pngBytes} = renderInChromium(out, `${out}.png`, '1280,2400')
    expect(pngBytes).toBeGreaterThan(10_000)
    const audit = r.json<AuditReport>().summary
    const summary = (id: string) => Number(new RegExp(`id="summary-${id}">(\\d+)<`).exec(dom)?.[1])
    expect({
      pass: summary('pass'),
      fail: summary('fail'),
      error: summary('error'),
      manual: summary('manual'),
      muted: summary('muted'),
    }).toEqual({pass: audit.pass, fail: audit.fail, error: audit.error, manual: audit.manual, muted: audit.muted})
    const figure = (id: string) => Number(new RegExp(`id="compliance-${id}">[^<\\d]*(\\d+)<`).exec(dom)?.[1])
    expect({pass: figure('pass'), fail: figure('fail'), manual: figure('manual')}).toEqual({
      pass: s.pass,
      fail: s.fail,
      manual: s.manual,
    })
    expect(dom).toContain('<html lang="ja">')
    expect(dom).toContain('3.2 サブネット設計')
    // No message key of any namespace reached the page: every key is looked for, not a pattern.
    const text = dom.replace(/<style>[\s\S]*?<\/style>/, '')
    const keys = Object.entries(MESSAGES).flatMap(([ns, m]) => Object.keys(m.en).map((k) => `${ns}:${k}`))
    expect(keys.length).toBeGreaterThan(100)
    expect(keys.filter((k) => text.includes(k))).toEqual([])
  })

  it('meti-mic-1.1 prints its table after the audit table', async () => {
    const r = await cli(['audit', '--env', 'dev', ...CONFIG, '--framework', 'meti-mic-1.1', '--lang', 'ja'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(
      '準拠状況：医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 第1.1版',
    )
    expect(r.stdout).toMatch(/本編 3\.2\.1 +手動確認 +契約前の合意形成及び契約中の合意の維持/)
  })
})
