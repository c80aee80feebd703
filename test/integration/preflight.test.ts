import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {isReadOnlyOperation} from '../../src/aws/recorder.js'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {ROOT, emulatorEnv, runCli} from '../helpers/cli.js'
import {environmentInventory} from '../helpers/inventory.js'
import {startMoto, type Moto, type MotoRecordedRequest} from '../helpers/moto.js'

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => moto?.stop())

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'platform-preflight-'))
  writeFileSync(join(dir, 'p.yaml'), text)
  return join(dir, 'p.yaml')
}

/** The operation of a request moto recorded: Action= (query), X-Amz-Target (JSON), else method + path (REST). */
function operationOf(req: MotoRecordedRequest): string {
  const target = req.headers['X-Amz-Target'] ?? req.headers['x-amz-target']
  if (target) return target.split('.').pop()!
  const body = req.body_encoded && req.body ? Buffer.from(req.body, 'base64').toString() : (req.body ?? '')
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z]+)/.exec(req.url)?.[1]
  return action ?? `${req.method === 'GET' || req.method === 'HEAD' ? 'Get' : req.method} ${req.url}`
}

/** Runs provision with moto's own recorder on: what reached the "account", whatever the tool says. */
async function recorded(args: string[], extra: Record<string, string | undefined> = {}) {
  await moto.recorder.start()
  const r = await runCli(['provision', ...args], {env: emulatorEnv(moto.url, extra)})
  await moto.recorder.stop()
  return {r, operations: (await moto.recorder.download()).map(operationOf)}
}

// Everything wrong at once: the design's Kubernetes 1.28, another account, a 20-character
// project with a 10-character environment (ALB and target group names over 32), and the
// placeholder domain example.com (the default).
const ALL_WRONG = `project: medical-ai-platform1
environments:
  sandbox123:
    vpcCidr: 10.50.0.0/16
    eksVersion: '1.28'
    accountId: '999999999999'
`

describe('preflight refuses before the first mutating call (exit 2, every problem, zero mutating calls)', () => {
  it(
    'an unsupported Kubernetes version, a wrong account, an over-long name and a placeholder domain, all in one report',
    {timeout: 60_000},
    async () => {
      const config = configFile(ALL_WRONG)
      // PLATFORM_EMULATOR unset: a loopback endpoint alone is not the emulator, so example.com is refused.
      const {r, operations} = await recorded(
        ['--env', 'sandbox123', '--config', config, '--yes', '--json', '--verbose'],
        {PLATFORM_EMULATOR: undefined},
      )
      expect(r.code).toBe(2)
      const err = r.json<{error: {code: string; message: string; remedy: string; exitCode: number}}>().error
      expect([err.code, err.exitCode]).toEqual(['PREFLIGHT', 2])
      expect(err.message).toContain('Preflight refused the run (nothing was changed): 5 problems')
      expect(err.message).toContain(
        '[account] The caller arn:aws:sts::123456789012:user/moto is in account 123456789012, but sandbox123 is configured for account 999999999999.',
      )
      expect(err.message).toMatch(
        /\[eks-version\] Kubernetes 1\.28 cannot be created on EKS today: its extended support ended on 2025-11-26\.\n.*\n\s+remedy: Set environments\.sandbox123\.eksVersion to one of 1\.\d\d/,
      )
      expect(err.message).toContain(
        '[names] The ALB name "medical-ai-platform1-sandbox123-alb" breaks AWS\'s limit: at most 32 characters (it has 35).',
      )
      expect(err.message).toContain(
        '[names] The target group name "medical-ai-platform1-sandbox123-api-tg" breaks AWS\'s limit: at most 32 characters (it has 38).',
      )
      expect(err.message).toContain('[domain] The domain is the placeholder example.com.')
      expect(err.message).toContain('remedy: Set `domain` in platform.config.yaml to a domain you control.')
      // Outside the emulator's tolerance the engine-version read that fails (moto: HTML 500) is a warning, not a pass.
      expect(err.message).toMatch(
        /Warnings:\n {2}Could not list the Aurora MySQL engine versions \(rds:DescribeDBEngineVersions, /,
      )
      // The tool's own recorder (--verbose, printed even on a refusal; oclif silences it under --json): reads only.
      const text = await runCli(['provision', '--env', 'sandbox123', '--config', config, '--yes', '--verbose'], {
        env: emulatorEnv(moto.url, {PLATFORM_EMULATOR: undefined}),
      })
      expect(text.code).toBe(2)
      expect(text.stderr).toContain('Error: Preflight refused the run (nothing was changed): 5 problems')
      expect(text.stderr).toMatch(/AWS calls: \d+ \(0 mutating, \d+ read-only\)/)
      expect(text.stderr).toContain('  STS.GetCallerIdentity 1\n')
      // moto's recorder, independently: every request that reached the emulator was a read.
      expect(operations).toContain('GetCallerIdentity')
      expect(operations.filter((o) => !isReadOnlyOperation(o))).toEqual([])
      // And the account holds nothing of the environment.
      expect(await environmentInventory(moto.url, 'sandbox123', 'medical-ai-platform1')).toEqual([])
    },
  )

  it.each([
    ['eks-version', "environments:\n  dev:\n    accountId: '123456789012'\n", {}],
    ['account', "environments:\n  dev:\n    eksVersion: '1.34'\n    accountId: '210987654321'\n", {}],
    [
      'names',
      // medical-ai-dev-models-dr with a 21-character prefix and a 20-character suffix: 65 > 63.
      "bucketNamePrefix: acme-research-bucket-\nbucketNameSuffix: -ap-northeast-1-xyz0\nenvironments:\n  dev:\n    eksVersion: '1.34'\n    accountId: '123456789012'\n",
      {},
    ],
    [
      'domain',
      "environments:\n  dev:\n    eksVersion: '1.34'\n    accountId: '123456789012'\n",
      {PLATFORM_EMULATOR: undefined},
    ],
  ])('%s alone refuses a dry run too (exit 2), with only reads sent', async (check, text, extra) => {
    const {r, operations} = await recorded(
      ['--env', 'dev', '--config', configFile(text), '--dry-run', '--json', '--layer', 'network', '--layer', 'eks'],
      extra,
    )
    expect(r.code).toBe(2)
    const message = r.json<{error: {message: string}}>().error.message
    expect([...message.matchAll(/^ {2}\[([a-z-]+)\]/gm)].map((m) => m[1])).toEqual([check])
    expect(operations.filter((o) => !isReadOnlyOperation(o))).toEqual([])
    expect(await environmentInventory(moto.url, 'dev')).toEqual([])
  })

  it('a run that passes: --json names the account it changes, and without a configured account says so on stderr', async () => {
    const configured = await runCli(
      ['provision', '--env', 'dev', '--config', join(ROOT, 'config/emulator.yaml'), '--dry-run', '--json'],
      {env: emulatorEnv(moto.url)},
    )
    expect(configured.code).toBe(0)
    expect(configured.stderr).toBe('')
    const res = configured.json<ProvisionResult>()
    expect(res.preflight).toMatchObject({
      account: '123456789012',
      accountConfigured: true,
      problems: [],
      warnings: [],
      rdsEngineVersion: '8.0.mysql_aurora.3.08.0',
    })
    expect(res.calls.mutating).toBe(0)

    const unconfigured = await runCli(
      ['provision', '--env', 'dev', '--dry-run', '--json', '--layer', 'network', '--config', configFile('{}\n')],
      {env: emulatorEnv(moto.url)},
    )
    expect(unconfigured.code).toBe(0)
    const warning =
      'No account is configured for dev (environments.dev.accountId): this run changes account 123456789012 as arn:aws:sts::123456789012:user/moto.'
    expect(unconfigured.stderr.trim()).toBe(warning)
    expect(unconfigured.json<ProvisionResult>().preflight).toMatchObject({
      accountConfigured: false,
      warnings: [warning],
    })
  })

  it('prod without an account id refuses to run', async () => {
    const {r, operations} = await recorded([
      '--env',
      'prod',
      '--config',
      configFile("environments:\n  prod:\n    eksVersion: '1.34'\n"),
      '--yes',
      '--json',
    ])
    expect(r.code).toBe(2)
    expect(r.json<{error: {message: string}}>().error.message).toContain(
      '[account] No account is configured for prod; the caller is in account 123456789012.',
    )
    expect(operations.filter((o) => !isReadOnlyOperation(o))).toEqual([])
  })
})
