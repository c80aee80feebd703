import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {RegisterRow} from '../../src/audit/exception-register.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'

// No AWS call: the register is read from the exceptions file alone. Dates far from today keep the statuses stable.
const FILE = `exceptions:
  - check: waf-rate-limit
    resource: "*"
    reason: Rate limit tuned after the load test
    owner: sre-team
    expires: "2099-12-31"
    approvedBy: CISO 山田
    approvedOn: "2026-11-01"
    ticket: SEC-101
  - check: no-open-ingress
    resource: sg-0abc
    reason: Temporary vendor access for the migration
    owner: network-team
    expires: "2020-01-31"
    approvedBy: CISO 山田
  - check: eks-endpoint
    resource: "*"
    reason: Public endpoint while the VPN is built
    owner: platform-team
    expires: "2099-06-30"
`

describe('platform exceptions export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exceptions-export-'))
  const file = join(dir, 'platform.exceptions.yaml')
  writeFileSync(file, FILE)
  const env = emulatorEnv(undefined)

  it('writes the register as CSV with Japanese headers and statuses, and prints the summary', async () => {
    const out = join(dir, '例外管理台帳.csv')
    const r = await runCli(['exceptions', 'export', '--exceptions', file, '--lang', 'ja', '--output', out], {
      env,
      cwd: dir,
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('例外 3 件: 有効 1、期限間近 0、期限切れ 1、未承認 1')
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe('\uFEFFチェック,リソース,責任者,理由,承認者,承認日,チケット,有効期限,状態')
    expect(lines[1]).toMatch(/^waf-rate-limit,\*,sre-team,.*,CISO 山田,2026-11-01,SEC-101,2099-12-31,有効$/)
    expect(lines[2]).toMatch(/,期限切れ$/)
    expect(lines[3]).toMatch(/,,,2099-06-30,未承認$/)
  })

  it('returns the rows with --json, and prints English CSV to stdout by default', async () => {
    const json = await runCli(['exceptions', 'export', '--exceptions', file, '--json'], {env, cwd: dir})
    expect(json.code).toBe(0)
    const {rows} = json.json<{rows: RegisterRow[]}>()
    expect(rows.map((r) => r.status)).toEqual(['active', 'expired', 'unapproved'])
    expect(rows[0]).toMatchObject({approvedBy: 'CISO 山田', ticket: 'SEC-101'})
    const csv = await runCli(['exceptions', 'export'], {env, cwd: dir})
    expect(csv.code).toBe(0)
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'Check,Resource,Owner,Reason,Approved by,Approved on,Ticket,Expires,Status',
    )
    expect(csv.stdout).toContain(',expired\r\n')
  })
})
