import {
  DeleteBucketLifecycleCommand,
  DeleteBucketPolicyCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3'
import {DeleteFargateProfileCommand, UpdateClusterConfigCommand} from '@aws-sdk/client-eks'
import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterParameterGroupCommand,
} from '@aws-sdk/client-rds'
import {UpdateDistributionCommand, type DistributionConfig} from '@aws-sdk/client-cloudfront'
import {ListWebACLsCommand, UpdateWebACLCommand, type Rule} from '@aws-sdk/client-wafv2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {REQUIREMENTS} from '../../src/design/requirements.js'
import type {DestroyResult} from '../../src/reconcile/destroy.js'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {join} from 'node:path'
import {ROOT, emulatorEnv, runCli} from '../helpers/cli.js'
import {clients, distributionOf, webAclOf, type Clients} from '../helpers/full-env.js'
import {environmentInventory} from '../helpers/inventory.js'
import {startMoto, type Moto} from '../helpers/moto.js'
import {REQUIREMENT_CHECKS} from './requirement-checks.js'

let moto: Moto
let c: Clients
beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
})
afterAll(async () => moto?.stop())

// The design made creatable (Kubernetes 1.34, the emulator's account, an Aurora version, EIPs
// within the emulator's 5): preflight refuses the design's 1.28 as EKS does.
const CONFIG = ['--config', join(ROOT, 'config/emulator.yaml')]
const cli = (args: string[], extra: Record<string, string> = {}) =>
  runCli([...args, ...CONFIG], {env: emulatorEnv(moto.url, extra)})
const p = 'medical-ai-dev'

describe('provision --env dev: the whole design', () => {
  beforeAll(async () => {
    await moto.reset()
    const r = await cli(['provision', '--env', 'dev', '--yes', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.json<ProvisionResult>().layers.map((l) => l.layer)).toEqual([
      'network',
      'security-groups',
      'kms',
      'iam',
      'eks',
      'aurora',
      's3',
      'ecr',
      'certificates',
      'alb',
      'waf',
      'cloudfront',
      // Route 53 records only with hostedZoneId: here a layer with nothing to do.
      'dns',
      'velero',
      // AWS Backup only with auroraDrBackup (issue 15): here a layer with nothing to do.
      'backup',
      // The nightly audit runner only with auditRunner: true (issue 13): here nothing to do.
      'audit-runner',
    ])
  })

  it('every AWS-observable requirement of sections 2-8 has an independent check', () => {
    const observable = REQUIREMENTS.filter(
      (r) =>
        Number(r.section.split('.')[0]) >= 2 &&
        Number(r.section.split('.')[0]) <= 8 &&
        r.verification.kind !== 'manual',
    ).map((r) => r.id)
    expect(observable.filter((id) => !(id in REQUIREMENT_CHECKS))).toEqual([])
  })

  it.each(Object.keys(REQUIREMENT_CHECKS))('%s holds on the live account', async (id) => {
    await REQUIREMENT_CHECKS[id]!(c)
  })

  it('a second run makes zero mutating calls', async () => {
    const r = await cli(['provision', '--env', 'dev', '--yes', '--json'])
    expect(r.code).toBe(0)
    const res = r.json<ProvisionResult>()
    expect(res.calls.mutating).toBe(0)
    expect(res.plan.filter((x) => x.action !== 'no-op')).toEqual([])
    expect(res.plan.length).toBe(64) // 63 + the AWS Load Balancer Controller role
  })
})

type Drift = [name: string, resource: string, requirement: string, drift: () => Promise<void>, check: string]

const DRIFTS: Drift[] = [
  [
    'backup retention 35 -> 7',
    'aurora/cluster',
    'rds.backup-retention',
    () =>
      c.rds
        .send(
          new ModifyDBClusterCommand({
            DBClusterIdentifier: `${p}-aurora`,
            BackupRetentionPeriod: 7,
            ApplyImmediately: true,
          }),
        )
        .then(() => undefined),
    'rds.backup-retention',
  ],
  [
    'maintenance window moved to sun:04:00-sun:05:00 (JST written as UTC)',
    'aurora/cluster',
    'rds.maintenance-window',
    () =>
      c.rds
        .send(
          new ModifyDBClusterCommand({
            DBClusterIdentifier: `${p}-aurora`,
            PreferredMaintenanceWindow: 'sun:04:00-sun:05:00',
            ApplyImmediately: true,
          }),
        )
        .then(() => undefined),
    'rds.maintenance-window',
  ],
  [
    'max_connections changed to 500',
    'aurora/parameter-group',
    'rds.param.max-connections',
    () =>
      c.rds
        .send(
          new ModifyDBClusterParameterGroupCommand({
            DBClusterParameterGroupName: `${p}-aurora-mysql80`,
            Parameters: [{ParameterName: 'max_connections', ParameterValue: '500', ApplyMethod: 'immediate'}],
          }),
        )
        .then(() => undefined),
    'rds.param.max-connections',
  ],
  [
    'EKS audit logs off',
    'eks/cluster',
    'eks.logging',
    () =>
      c.eks
        .send(
          new UpdateClusterConfigCommand({
            name: `${p}-eks`,
            logging: {
              clusterLogging: [
                {types: ['api', 'authenticator'], enabled: true},
                {types: ['audit'], enabled: false},
              ],
            },
          }),
        )
        .then(() => undefined),
    'eks.logging',
  ],
  [
    'the mlops Fargate profile deleted',
    'eks/fargate/mlops',
    'fargate.mlops',
    () =>
      c.eks
        .send(new DeleteFargateProfileCommand({clusterName: `${p}-eks`, fargateProfileName: 'mlops'}))
        .then(() => undefined),
    'fargate.mlops',
  ],
  [
    'models bucket encryption switched to AES256',
    's3/models',
    's3.models.encryption',
    () =>
      c.s3
        .send(
          new PutBucketEncryptionCommand({
            Bucket: `${p}-models`,
            ServerSideEncryptionConfiguration: {
              Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}}],
            },
          }),
        )
        .then(() => undefined),
    's3.models.encryption',
  ],
  [
    'data bucket lifecycle rule removed',
    's3/data',
    's3.data.lifecycle',
    () => c.s3.send(new DeleteBucketLifecycleCommand({Bucket: `${p}-data`})).then(() => undefined),
    's3.data.lifecycle',
  ],
  [
    'WAF rate limit 1000 -> 2000',
    'waf/web-acl',
    'waf.rate-limit',
    () =>
      editAcl((rules) =>
        rules.map((r) =>
          r.Statement?.RateBasedStatement
            ? {...r, Statement: {RateBasedStatement: {...r.Statement.RateBasedStatement, Limit: 2000}}}
            : r,
        ),
      ),
    'waf.rate-limit',
  ],
  [
    'the SQLi rule group removed',
    'waf/web-acl',
    'waf.sqli',
    () =>
      editAcl((rules) =>
        rules.filter((r) => r.Statement?.ManagedRuleGroupStatement?.Name !== 'AWSManagedRulesSQLiRuleSet'),
      ),
    'waf.sqli',
  ],
  [
    'the web ACL detached from the distribution',
    'cloudfront/distribution',
    'waf.attached',
    () => editDistribution((d) => ({...d, WebACLId: ''})),
    'waf.attached',
  ],
  [
    'price class changed to PriceClass_All',
    'cloudfront/distribution',
    'cloudfront.price-class',
    () => editDistribution((d) => ({...d, PriceClass: 'PriceClass_All'})),
    'cloudfront.price-class',
  ],
]

async function editAcl(change: (rules: Rule[]) => Rule[]) {
  const {acl, lockToken} = (await webAclOf(c, 'dev'))!
  await c.waf.send(
    new UpdateWebACLCommand({
      Name: acl.Name,
      Scope: 'CLOUDFRONT',
      Id: acl.Id,
      LockToken: lockToken,
      DefaultAction: acl.DefaultAction,
      VisibilityConfig: acl.VisibilityConfig,
      Rules: change(acl.Rules ?? []),
    }),
  )
}

async function editDistribution(change: (d: DistributionConfig) => DistributionConfig) {
  const d = (await distributionOf(c, 'dev'))!
  await c.cf.send(new UpdateDistributionCommand({Id: d.id, IfMatch: d.etag, DistributionConfig: change(d.config)}))
}

describe('drift repair across the later layers', () => {
  it.each(DRIFTS.map((d) => [d[0], d] as const))(
    '%s: the dry run names it; provision repairs it',
    async (_n, [, resource, requirement, drift, check]) => {
      await drift()
      await expect(REQUIREMENT_CHECKS[check]!(c)).rejects.toThrow()
      const dry = await cli(['provision', '--env', 'dev', '--dry-run', '--json', '--detailed-exitcode'])
      expect(dry.code).toBe(7)
      const pending = dry.json<ProvisionResult>().plan.filter((x) => x.action !== 'no-op')
      expect(pending.map((x) => x.id)).toEqual([resource])
      expect(pending[0]!.action === 'create' || pending[0]!.changes.some((ch) => ch.requirement === requirement)).toBe(
        true,
      )
      const fix = await cli(['provision', '--env', 'dev', '--yes', '--json'])
      expect(fix.code).toBe(0)
      await REQUIREMENT_CHECKS[check]!(c)
      expect((await cli(['provision', '--env', 'dev', '--dry-run', '--detailed-exitcode'])).code).toBe(0)
    },
  )
})

describe('crash safety in the long-running layers', () => {
  it.each([
    ['aurora', 'RDS.CreateDBCluster:1'],
    ['cloudfront', 'CloudFront.CreateDistributionWithTags:1'],
  ])(
    'killed during %s, a re-run ends with one cluster of two instances, one distribution, one web ACL',
    async (_layer, crashAt) => {
      await moto.reset()
      const crashed = await cli(['provision', '--env', 'dev', '--yes'], {PLATFORM_TEST_CRASH_AFTER: crashAt})
      expect(crashed.code).toBe(-1)
      const rerun = await cli(['provision', '--env', 'dev', '--yes', '--json'])
      expect(rerun.code).toBe(0)
      const clusters = (await c.rds.send(new DescribeDBClustersCommand({}))).DBClusters ?? []
      expect(clusters.map((x) => x.DBClusterIdentifier)).toEqual([`${p}-aurora`])
      expect(
        ((await c.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
          .map((i) => i.DBInstanceIdentifier)
          .sort(),
      ).toEqual([`${p}-aurora-1`, `${p}-aurora-2`])
      expect((await environmentInventory(moto.url, 'dev')).filter((x) => x.startsWith('distribution '))).toHaveLength(1)
      expect(
        ((await c.waf.send(new ListWebACLsCommand({Scope: 'CLOUDFRONT'}))).WebACLs ?? []).map((w) => w.Name),
      ).toEqual([`${p}-web-acl`])
      expect((await cli(['provision', '--env', 'dev', '--dry-run', '--detailed-exitcode'])).code).toBe(0)
    },
  )
})

describe('platform destroy', () => {
  it('deletes every tagged resource of dev, keeps a bucket with data until --delete-data, leaves staging untouched', async () => {
    await moto.reset()
    expect((await cli(['provision', '--env', 'dev', '--yes'])).code).toBe(0)
    expect((await cli(['provision', '--env', 'staging', '--yes'])).code).toBe(0)
    const stagingBefore = await environmentInventory(moto.url, 'staging')
    // A whole environment (staging has two NAT gateways in config/emulator.yaml: 50 resources).
    expect(stagingBefore.length).toBeGreaterThanOrEqual(50)
    // An object in the logs bucket (the emulator applies the TLS-only deny to every object call,
    // so lift the policy for this write).
    await c.s3.send(new DeleteBucketPolicyCommand({Bucket: `${p}-logs`}))
    await c.s3.send(new PutObjectCommand({Bucket: `${p}-logs`, Key: 'alb/2026/11/29/log.gz', Body: 'x'}))

    const dry = await cli(['destroy', '--env', 'dev', '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(dry.json<DestroyResult>().calls.mutating).toBe(0)

    const first = await cli(['destroy', '--env', 'dev', '--yes', '--json'])
    expect(first.code).toBe(0)
    const res = first.json<DestroyResult>()
    expect(
      res.items
        .filter((i) => i.action === 'keep' && i.reason !== 'removed with its parent')
        .map((i) => [i.id, i.reason]),
    ).toEqual([['s3/logs', `bucket ${p}-logs holds objects; --delete-data removes it`]])
    expect(await environmentInventory(moto.url, 'dev')).toEqual([`bucket ${p}-logs`])
    const snapshots =
      (
        await c.rds.send(
          new DescribeDBClusterSnapshotsCommand({DBClusterIdentifier: `${p}-aurora`, SnapshotType: 'manual'}),
        )
      ).DBClusterSnapshots ?? []
    expect(snapshots.map((s) => s.DBClusterSnapshotIdentifier).filter((id) => !id?.startsWith('rds:'))).toEqual([
      expect.stringMatching(new RegExp(`^${p}-aurora-final-\\d{14}$`)),
    ])

    const withData = await cli(['destroy', '--env', 'dev', '--yes', '--delete-data', '--json'])
    expect(withData.code).toBe(0)
    expect(await environmentInventory(moto.url, 'dev')).toEqual([])
    await expect(c.s3.send(new HeadBucketCommand({Bucket: `${p}-logs`}))).rejects.toThrow()

    const again = await cli(['destroy', '--env', 'dev', '--yes', '--json'])
    expect(again.json<DestroyResult>()).toMatchObject({deleted: 0, calls: {mutating: 0}})
    expect(await environmentInventory(moto.url, 'staging')).toEqual(stagingBefore)
  })

  it('prod is refused without the flag and an interactive shell; other environments need --yes when not interactive', async () => {
    const prod = await cli(['destroy', '--env', 'prod', '--yes', '--i-understand-this-deletes-production'])
    expect(prod.code).toBe(2)
    expect(prod.stderr).toContain('Refusing to destroy prod.')
    const dev = await cli(['destroy', '--env', 'dev'])
    expect(dev.code).toBe(2)
    expect(dev.stderr).toContain('without confirmation in a non-interactive shell')
  })
})
