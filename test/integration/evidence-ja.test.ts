import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {auditReport} from '../hostile/bundle.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'

// From a saved audit (--from), export reads no AWS: no emulator needed to prove the language
// reaches the bundle through the built CLI and that such a bundle verifies as any other.
const env = emulatorEnv(undefined)
const work = mkdtempSync(join(tmpdir(), 'platform-evidence-ja-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

const audit = join(work, 'audit.json')
writeFileSync(audit, JSON.stringify(auditReport()))

async function exportTo(name: string, args: string[]) {
  const out = join(work, name)
  const r = await runCli(['evidence', 'export', '--env', 'dev', '--from', audit, '--out', out, ...args], {env})
  expect(r.code, r.stderr).toBe(0)
  return {
    out,
    csv: readFileSync(join(out, 'controls.csv'), 'utf8'),
    html: readFileSync(join(out, 'report.html'), 'utf8'),
  }
}

describe('platform evidence export --lang ja (built CLI)', () => {
  it('writes Japanese headers and report, and evidence verify passes on the bundle', async () => {
    const b = await exportTo('ja', ['--config', join(ROOT, 'config/local-dev.yaml'), '--lang', 'ja'])
    expect(b.csv.split('\r\n')[0]).toBe('\uFEFF要件ID,設計書の節,要件,チェック,判定,証跡ファイル,mhlw-6.0,meti-mic-1.1')
    expect(b.html).toContain('<html lang="ja">')
    expect(b.html).toContain('<td>3.2 サブネット設計</td>')
    expect(b.html).toContain('2026-11-29 09:00:00 JST')
    expect(b.html).not.toMatch(/\b(evidence|common):[a-z]/)
    const v = await runCli(['evidence', 'verify', b.out, '--allow-unsigned'], {env})
    expect(v.code, v.stdout + v.stderr).toBe(0)
  })

  it("takes the configuration's lang when no --lang is given; --lang en wins over it", async () => {
    const config = join(work, 'platform.config.yaml')
    writeFileSync(config, `${readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8')}\nlang: ja\n`)
    const ja = await exportTo('config-ja', ['--config', config])
    expect(ja.html).toContain('<html lang="ja">')
    const en = await exportTo('config-en', ['--config', config, '--lang', 'en'])
    expect(en.html).toContain('<html lang="en">')
    expect(en.csv.startsWith('requirement,section,text,checks,status,evidence,mhlw-6.0,meti-mic-1.1\r\n')).toBe(true)
  })
})
