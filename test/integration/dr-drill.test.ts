import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DescribeDBClustersCommand, DescribeDBInstancesCommand} from '@aws-sdk/client-rds'
import {DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand} from '@aws-sdk/client-ec2'
import {DeleteBucketPolicyCommand, PutObjectCommand} from '@aws-sdk/client-s3'
import {
  BackupClient,
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupVaultCommand,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
} from '@aws-sdk/client-backup'
import {DescribeKeyCommand} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import type {DrillOutput} from '../../src/dr/run.js'
import type {LintResult} from '../../src/design/lint.js'
import type {VerifyResult} from '../../src/evidence/verify.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let c: Clients
let work: string
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const SIGN = 'alias/medical-ai-dev-evidence-signing'
const cli = (args: string[], extra: Record<string, string> = {}, config = CONFIG) =>
  runCli([...args, ...config], {env: emulatorEnv(moto.url, extra), timeoutMs: 300_000})

const isDrill = (tags: {Key?: string; Value?: string}[] | undefined) =>
  (tags ?? []).some((t) => t.Key === 'platform:drill-of' && t.Value === 'medical-ai-dev')

/** Independent reads (not the tool's code) of what drills left in the account. */
async function drillResources() {
  const clusters = ((await c.rds.send(new DescribeDBClustersCommand({}))).DBClusters ?? []).filter((x) =>
    isDrill(x.TagList),
  )
  const instances = ((await c.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).filter((x) =>
    isDrill(x.TagList),
  )
  const groups = ((await c.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).filter((x) =>
    isDrill(x.Tags),
  )
  return {clusters, instances, groups}
}

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  work = mkdtempSync(join(tmpdir(), 'platform-drill-'))
  const r = await cli(['provision', '--env', 'dev', '--yes'])
  expect(r.code, r.stderr).toBe(0)
  // moto applies the TLS-only bucket policy's Deny without its aws:SecureTransport condition
  // (notes/moto.md), so no object can be written to a provisioned bucket. Lifted here on two
  // buckets only: the Velero bucket, to hold a backup as Velero writes it, and the models
  // bucket, so that its canary is written and moto's missing replication is what the drill
  // meets. The data bucket keeps its policy: its canary cannot be written at all.
  for (const bucket of ['medical-ai-dev-velero', 'medical-ai-dev-models'])
    await c.s3.send(new DeleteBucketPolicyCommand({Bucket: bucket}))
  await c.s3.send(
    new PutObjectCommand({
      Bucket: 'medical-ai-dev-velero',
      Key: 'backups/daily-20261201000000/velero-backup.json',
      Body: '{"kind":"Backup"}',
    }),
  )
}, 600_000)
afterAll(async () => {
  await moto?.stop()
  if (work) rmSync(work, {recursive: true, force: true})
})

describe('platform dr drill against the emulator', () => {
  let killedCluster: string

  it('a drill killed right after the restore call leaves a tagged, isolated copy behind', async () => {
    const r = await cli(['dr', 'drill', '--env', 'dev', '--out', join(work, 'killed')], {
      PLATFORM_TEST_CRASH_AFTER: 'RDS.RestoreDBClusterToPointInTime:1',
    })
    expect(r.code).not.toBe(0)
    const left = await drillResources()
    expect(left.clusters).toHaveLength(1)
    expect(left.groups).toHaveLength(1)
    killedCluster = left.clusters[0]!.DBClusterIdentifier!
    // The restored copy sits in its own group, which admits nothing and sends nothing.
    expect(left.clusters[0]!.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId)).toEqual([left.groups[0]!.GroupId])
    const rules = await c.ec2.send(
      new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [left.groups[0]!.GroupId!]}]}),
    )
    expect(rules.SecurityGroupRules ?? []).toEqual([])
  })

  let out: DrillOutput
  let bundle: string

  it('the next drill removes the leftovers, measures RPO and RTO, and removes its own copy', async () => {
    bundle = join(work, 'bundle')
    const r = await cli(['dr', 'drill', '--env', 'dev', '--out', bundle, '--sign-key', SIGN, '--json'])
    out = r.json<DrillOutput>()
    // The killed drill's lock names a process that no longer runs on this host.
    expect(r.stderr).toContain('Broke a stale drill lock')
    expect(out.cleanedBefore).toContain(`RDS cluster ${killedCluster}`)
    const m = Object.fromEntries(out.measurements.map((x) => [x.id, x]))
    expect(m.rpo).toMatchObject({status: 'PASS', requirements: expect.arrayContaining(['dr.targets'])})
    expect(typeof m.rpo!.seconds).toBe('number')
    expect(m.rto).toMatchObject({status: 'PASS'})
    expect(typeof m.rto!.seconds).toBe('number')
    expect(out.restore?.instanceAvailableAt).toBeDefined()
    expect(out.restore?.clusterId).not.toBe(killedCluster)
    // moto keeps the replication configuration but never replicates: not measured, never a pass.
    expect(m['s3-replication:medical-ai-dev-models']).toMatchObject({status: 'NOT_MEASURED'})
    expect(m['s3-replication:medical-ai-dev-models']!.message).toContain('did not queue the canary')
    expect(m['s3-replication:medical-ai-dev-data']).toMatchObject({status: 'NOT_MEASURED'})
    expect(m['s3-replication:medical-ai-dev-data']!.message).toContain('HTTP 403')
    expect(m['velero-backups']).toMatchObject({status: 'PASS'})
    expect(m['velero-backups']!.details).toMatchObject({count: 1, latest: [{name: 'daily-20261201000000'}]})
    expect(m.teardown).toMatchObject({status: 'PASS'})
    expect(out.removed).toContain(`RDS cluster ${out.restore!.clusterId}`)
    expect(out.removed).toContain(`RDS instance ${out.restore!.instanceId}`)
    expect(out.verdict).toBe('INCOMPLETE')
    expect(r.code).toBe(3)
  })

  it('a second drill while one runs is refused (exit 5) and leaves the running one alone', async () => {
    const first = cli(['dr', 'drill', '--env', 'dev', '--out', join(work, 'first')], {
      PLATFORM_TEST_PAUSE_AFTER: 'RDS.RestoreDBClusterToPointInTime:1:8000',
    })
    let restored: string | undefined
    for (let i = 0; i < 200 && !restored; i++) {
      restored = (await drillResources()).clusters[0]?.DBClusterIdentifier
      if (!restored) await new Promise((r) => setTimeout(r, 100))
    }
    expect(restored).toBeDefined()
    const second = await cli(['dr', 'drill', '--env', 'dev', '--out', join(work, 'second')])
    expect(second.code, second.stderr).toBe(5)
    expect(second.stderr).toContain('Another DR drill of dev is running')
    expect((await drillResources()).clusters.map((x) => x.DBClusterIdentifier)).toContain(restored)
    const done = await first
    expect(done.code, done.stderr).toBe(3)
  })

  it('nothing of either drill remains (independent RDS and EC2 reads); the source cluster is untouched', async () => {
    const left = await drillResources()
    expect(left).toEqual({clusters: [], instances: [], groups: []})
    const src = await c.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: 'medical-ai-dev-aurora'}))
    expect(src.DBClusters?.[0]?.Status).toBe('available')
  })

  it('the evidence bundle verifies under the trusted signing key and holds the measurements', async () => {
    const v = await cli(['evidence', 'verify', bundle, '--key-id', SIGN, '--json'])
    expect(v.code, v.stdout).toBe(0)
    const res = v.json<VerifyResult>()
    expect(res.status).toBe('INTACT')
    expect(res.trust).toBe('trusted')
    expect(res.manifest?.summary).toEqual({pass: 4, fail: 0, error: 2, manual: 0, muted: 0})
    const saved = JSON.parse(readFileSync(join(bundle, 'drill.json'), 'utf8')) as DrillOutput
    expect(saved.measurements).toEqual(out.measurements)
    expect(readFileSync(join(bundle, 'measurements.csv'), 'utf8')).toMatch(/^rto,PASS,dr\.targets,/m)
  })

  it('design lint names the missing DR copy of Aurora and the lack of write-once backups, each with its opt-in', async () => {
    const r = await cli(['design', 'lint', '--env', 'dev', '--json'])
    const lint = r.json<LintResult>()
    const codes = Object.fromEntries(lint.findings.map((f) => [f.code, f]))
    expect(codes['aurora-no-dr-copy']).toMatchObject({level: 'advisory'})
    expect(codes['aurora-no-dr-copy']!.message).toContain('environments.dev.auroraDrBackup')
    expect(codes['backups-not-write-once']).toMatchObject({level: 'advisory'})
    expect(codes['backups-not-write-once']!.message).toContain('environments.dev.auroraDrBackup')
  })
})

describe('auroraDrBackup: the opt-in hardening, provisioned and audited', () => {
  let optIn: string[]
  const backupIn = (region: string) =>
    new BackupClient({region, endpoint: moto.url, credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}})

  beforeAll(() => {
    const file = join(work, 'dev-backup.yaml')
    writeFileSync(file, readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8') + '    auroraDrBackup: true\n')
    optIn = ['--config', file]
  })

  it('makes a locked vault in each region, with its key, and the daily plan copying to the DR vault; a re-run has nothing to do', async () => {
    const r = await cli(['provision', '--env', 'dev', '--layer', 'backup', '--yes'], {}, optIn)
    expect(r.code, r.stderr).toBe(0)
    const key = (await c.kms.send(new DescribeKeyCommand({KeyId: 'alias/medical-ai-dev'}))).KeyMetadata!.Arn
    const drKey = (await c.kmsDr.send(new DescribeKeyCommand({KeyId: 'alias/medical-ai-dev-dr'}))).KeyMetadata!.Arn
    const vault = await backupIn('ap-northeast-1').send(
      new DescribeBackupVaultCommand({BackupVaultName: 'medical-ai-dev-backup-vault'}),
    )
    const drVault = await backupIn('ap-northeast-3').send(
      new DescribeBackupVaultCommand({BackupVaultName: 'medical-ai-dev-backup-vault-dr'}),
    )
    expect(vault).toMatchObject({Locked: true, MinRetentionDays: 35, EncryptionKeyArn: key})
    expect(drVault).toMatchObject({Locked: true, MinRetentionDays: 35, EncryptionKeyArn: drKey})
    const plans = await backupIn('ap-northeast-1').send(new ListBackupPlansCommand({}))
    const id = plans.BackupPlansList!.find((p) => p.BackupPlanName === 'medical-ai-dev-backup-plan')!.BackupPlanId
    const plan = await backupIn('ap-northeast-1').send(new GetBackupPlanCommand({BackupPlanId: id}))
    expect(plan.BackupPlan?.Rules).toEqual([
      expect.objectContaining({
        TargetBackupVaultName: 'medical-ai-dev-backup-vault',
        Lifecycle: {DeleteAfterDays: 35},
        CopyActions: [{DestinationBackupVaultArn: drVault.BackupVaultArn, Lifecycle: {DeleteAfterDays: 35}}],
      }),
    ])
    // The layer alone: this file lifted two bucket policies on purpose (beforeAll).
    const again = await cli(
      ['provision', '--env', 'dev', '--layer', 'backup', '--dry-run', '--detailed-exitcode'],
      {},
      optIn,
    )
    expect(again.code, again.stdout).toBe(0)
  })

  it('a lock removed by hand is an audit FAIL, and provision locks the vault again', async () => {
    await backupIn('ap-northeast-3').send(
      new DeleteBackupVaultLockConfigurationCommand({BackupVaultName: 'medical-ai-dev-backup-vault-dr'}),
    )
    const audit = async () =>
      (await cli(['audit', '--env', 'dev', '--check', 'aurora-backup', '--json'], {}, optIn)).json<AuditReport>()
    const lockOf = (a: AuditReport) =>
      a.findings.filter((f) => f.resource.id.endsWith('backup-vault:medical-ai-dev-backup-vault-dr'))
    const before = await audit()
    expect(lockOf(before).map((f) => f.status)).toContain('FAIL')
    // moto has no backup selections: the audit says it could not read one, never that it passed.
    expect(before.findings.find((f) => f.resource.id === 'backup/selection')?.status).toBe('ERROR')
    const r = await cli(['provision', '--env', 'dev', '--layer', 'backup', '--yes'], {}, optIn)
    expect(r.code, r.stderr).toBe(0)
    expect(lockOf(await audit()).map((f) => f.status)).toEqual(['PASS', 'PASS'])
    const drVault = await backupIn('ap-northeast-3').send(
      new DescribeBackupVaultCommand({BackupVaultName: 'medical-ai-dev-backup-vault-dr'}),
    )
    expect(drVault).toMatchObject({Locked: true, MinRetentionDays: 35})
  })

  it('design lint with the opt-in has no recovery advisories', async () => {
    const lint = (await cli(['design', 'lint', '--env', 'dev', '--json'], {}, optIn)).json<LintResult>()
    expect(lint.findings.map((f) => f.code)).not.toContain('aurora-no-dr-copy')
    expect(lint.findings.map((f) => f.code)).not.toContain('backups-not-write-once')
  })
})
