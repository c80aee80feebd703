import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {KMSClient, ListAliasesCommand} from '@aws-sdk/client-kms'
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {MultiAuditReport} from '../../src/audit/multi.js'
import type {AuditReport} from '../../src/audit/report-schema.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

// Two accounts on one moto server: AssumeRole into 111111111111 returns credentials whose
// resources moto keeps apart from the default account 123456789012 (notes/moto.md, "Accounts").
// dev assumes a role in its own account (external id, session name), staging uses the caller's
// credentials, prod assumes a role in 111111111111. qa's role ARN points to account 333333333333
// while qa is configured for 222222222222: its credentials reach the wrong account, so it cannot
// be audited. (moto's AssumeRole does not check that the role exists nor its trust policy, so a
// denied AssumeRole is covered by test/unit/accounts/credentials.test.ts.)
const CONFIG = `environments:
  dev:
    eksVersion: '1.34'
    accountId: '123456789012'
    rdsEngineVersion: 8.0.mysql_aurora.3.08.0
    roleArn: arn:aws:iam::123456789012:role/platform-ops
    externalId: dev-ext-1
    sessionName: platform-nightly
  staging:
    eksVersion: '1.34'
    accountId: '123456789012'
    rdsEngineVersion: 8.0.mysql_aurora.3.08.0
  prod:
    eksVersion: '1.34'
    accountId: '111111111111'
    rdsEngineVersion: 8.0.mysql_aurora.3.08.0
    roleArn: arn:aws:iam::111111111111:role/platform-ops
    externalId: prod-ext-1
  qa:
    vpcCidr: 10.60.0.0/16
    eksVersion: '1.34'
    accountId: '222222222222'
    rdsEngineVersion: 8.0.mysql_aurora.3.08.0
    roleArn: arn:aws:iam::333333333333:role/platform-ops
`

let moto: Moto
let config: string
let dir: string
beforeAll(async () => {
  moto = await startMoto()
  dir = mkdtempSync(join(tmpdir(), 'platform-accounts-'))
  config = join(dir, 'platform.config.yaml')
  writeFileSync(config, CONFIG)
})
afterAll(async () => moto?.stop())

const cli = (args: string[]) => runCli(args, {env: emulatorEnv(moto.url)})

/** Aliases of the project's keys as an independent reader sees them in one account. */
async function aliasesIn(account: '123456789012' | '111111111111'): Promise<string[]> {
  const base = {region: 'ap-northeast-1', endpoint: moto.url}
  const caller = {accessKeyId: 'testing', secretAccessKey: 'testing'}
  let credentials = caller
  if (account !== '123456789012') {
    const sts = new STSClient({...base, credentials: caller})
    const res = await sts.send(
      new AssumeRoleCommand({RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'test-reader'}),
    )
    credentials = {
      accessKeyId: res.Credentials!.AccessKeyId!,
      secretAccessKey: res.Credentials!.SecretAccessKey!,
      ...{sessionToken: res.Credentials!.SessionToken!},
    }
    sts.destroy()
  }
  const kms = new KMSClient({...base, credentials})
  const res = await kms.send(new ListAliasesCommand({}))
  kms.destroy()
  return (res.Aliases ?? []).map((a) => a.AliasName!).filter((n) => !n.startsWith('alias/aws/'))
}

describe('many accounts: provision with each environment role, then audit all in one run', () => {
  it(
    'three environments in two accounts are provisioned through their roles and audited together; the unreadable one is ERROR, exit 3',
    {timeout: 180_000},
    async () => {
      // Only the kms layer (no dependency, ~3 s against moto): enough for the audit to find
      // this environment's resources in the right account and not in the other.
      for (const env of ['dev', 'staging', 'prod']) {
        const r = await cli(['provision', '--env', env, '--layer', 'kms', '--yes', '--config', config, '--json'])
        expect(r.code, `${env}: ${r.stderr}`).toBe(0)
      }
      // Independent reads (primary region; the DR keys are in the DR region): prod's keys live in 111111111111 only; dev's and staging's in 123456789012.
      const home = await aliasesIn('123456789012')
      const other = await aliasesIn('111111111111')
      expect(home.filter((a) => /-(dev|staging|prod)(-dr)?$/.test(a)).sort()).toEqual([
        'alias/medical-ai-dev',
        'alias/medical-ai-staging',
      ])
      expect(other).toEqual(['alias/medical-ai-prod'])

      const out = join(dir, 'all.json')
      const r = await cli(['audit', '--all-envs', '--config', config, '--format', 'json', '--output', out])
      expect(r.code, r.stderr).toBe(3)
      const report = JSON.parse(readFileSync(out, 'utf8')) as MultiAuditReport
      expect(report.environments.map((e) => [e.env, e.status, e.account])).toEqual([
        ['dev', 'AUDITED', '123456789012'],
        ['staging', 'AUDITED', '123456789012'],
        ['prod', 'AUDITED', '111111111111'],
        ['qa', 'ERROR', '222222222222'],
      ])
      const audited = report.environments.flatMap((e) => (e.status === 'AUDITED' ? [e] : []))
      expect(audited.map((e) => e.report.callerArn)).toEqual([
        'arn:aws:sts::123456789012:assumed-role/platform-ops/platform-nightly',
        'arn:aws:sts::123456789012:user/moto',
        'arn:aws:sts::111111111111:assumed-role/platform-ops/platform',
      ])
      // Each environment's keys were found and judged in its own account: PASS rows on its own key.
      for (const e of audited) {
        const own = e.report.findings.filter(
          (f) => f.status === 'PASS' && f.resource.type === 'AWS::KMS::Key' && f.resource.arn?.includes(e.account),
        )
        expect(own.length, e.env).toBeGreaterThan(0)
        // Only kms was provisioned: the rest is FAIL (absent), so each audited environment exits 1.
        expect(e.exitCode).toBe(1)
      }
      const qa = report.environments[3]!
      expect(qa).toMatchObject({
        status: 'ERROR',
        exitCode: 3,
        error: {
          code: 'WRONG_ACCOUNT',
          message:
            'qa is configured for account 222222222222, but its credentials reach account 333333333333 (arn:aws:sts::333333333333:assumed-role/platform-ops/platform).',
          remedy: 'Correct environments.qa.roleArn or environments.qa.accountId.',
        },
      })
      const sum = (k: 'pass' | 'fail') => audited.reduce((n, e) => n + e.report.summary[k], 0)
      expect(report.summary).toMatchObject({environments: 4, audited: 3, error: 1, exitCode: 3})
      expect(report.summary.findings.pass).toBe(sum('pass'))
      expect(report.summary.findings.fail).toBe(sum('fail'))
      // Text: a section per environment, then the summary.
      expect(r.stdout).toContain('== prod (account 111111111111) ==')
      expect(r.stdout).toContain('ERROR: could not audit qa: qa is configured for account 222222222222')
      expect(r.stdout).toMatch(/Environments: 4 \(3 audited, 1 could not be audited\)\. .* Exit 3\./)

      // One --env keeps the single report's shape (what evidence export and the other tests read).
      const single = await cli(['audit', '--env', 'prod', '--config', config, '--json'])
      expect(single.code).toBe(1)
      const one = single.json<AuditReport>()
      expect(Object.keys(one).sort()).toEqual(
        ['account', 'callerArn', 'calls', 'env', 'finishedAt', 'findings', 'regions', 'startedAt', 'summary'].sort(),
      )
      expect([one.env, one.account]).toEqual(['prod', '111111111111'])

      // The other formats take one environment: refused up front with a remedy, nothing audited.
      const csv = await cli([
        'audit',
        '--env',
        'dev',
        '--env',
        'prod',
        '--config',
        config,
        '--format',
        'csv',
        '-o',
        join(dir, 'x.csv'),
      ])
      expect(csv.code).toBe(2)
      expect(csv.stderr).toContain('--format csv takes one environment')
      // Notifications and Security Hub report one environment's night: refused with several.
      const notify = await cli(['audit', '--env', 'dev', '--env', 'prod', '--config', config, '--security-hub'])
      expect(notify.code).toBe(2)
      expect(notify.stderr).toContain('--notify and --security-hub take one environment')
    },
  )
})
