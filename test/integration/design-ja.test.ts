import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {DesignView} from '../../src/design/show.js'
import {displayWidth} from '../../src/report/width.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'

// design show reads no AWS: no emulator, and no credentials at all.
const env = emulatorEnv(undefined)

describe('platform design show --lang ja (built CLI)', () => {
  it("prod: the design document's own section names, decisions marked, every line within 120 columns", async () => {
    const r = await runCli(['design', 'show', '--env', 'prod', '--lang', 'ja'], {env})
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    for (const name of [
      '1.2 対象システム',
      '3.1 VPC設計',
      '3.2 サブネット設計',
      '3.3 セキュリティグループ設計',
      '4.2 Fargate プロファイル',
      '5.1 Aurora MySQL',
      '5.2 パラメータグループ',
      '6.2 ライフサイクルポリシー',
      '7.2 WAF ルール',
      '8.3 バックアップ',
      '9.1 月額コスト概算（Production）',
    ])
      expect(lines, name).toContain(`  ${name}`)
    expect(lines).toContain('3 ネットワーク設計')
    expect(lines).toContain('セキュリティベースライン（設計書の範囲外）')
    expect(r.stdout).toMatch(
      /^ {4}subnet\.public-1a +key=public-1a tier=public cidr=10\.0\.1\.0\/24 az=ap-northeast-1a$/m,
    )
    expect(r.stdout).toMatch(/^ {4}waf\.rate-limit +.*\[判断5\]$/m)
    expect(r.stdout).toContain('設計書に記載がない点の判断')
    expect(lines.at(-1)).toBe('上書きなし: 設計書どおり。')
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(120)
    expect(r.stdout).not.toMatch(/\b(design|common):[a-z]/)
  })

  it('the configuration’s lang: ja is the default, an override shows its file and path, --lang en wins', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'platform-cfg-'))
    writeFileSync(join(cwd, 'platform.config.yaml'), 'lang: ja\nenvironments:\n  dev:\n    natGateways: 1\n')
    const ja = await runCli(['design', 'show', '--env', 'dev'], {env, cwd})
    expect(ja.code).toBe(0)
    expect(ja.stdout).toMatch(/^ {4}ha\.nat +1 {3}\[上書き: platform\.config\.yaml: environments\.dev\.natGateways\]$/m)
    const en = await runCli(['design', 'show', '--env', 'dev', '--lang', 'en'], {env, cwd})
    expect(en.stdout).toContain('  3.2 Subnet design')
    expect(en.stdout).toMatch(
      /^ {4}ha\.nat +1 {3}\[override: platform\.config\.yaml: environments\.dev\.natGateways\]$/m,
    )
  })

  it('--json stays English whatever the language', async () => {
    const r = await runCli(['design', 'show', '--env', 'prod', '--lang', 'ja', '--json'], {env})
    expect(r.code).toBe(0)
    const view = r.json<DesignView>()
    expect(view.awsMappings[0]!.design).toMatch(/^Pods are in the EKS group/)
    const win = view.sections.flatMap((s) => s.items).find((i) => i.requirement === 'rds.maintenance-window')!
    expect(win).toMatchObject({source: 'decision', decision: 'windows'})
  })
})
