import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketReplicationCommand,
} from '@aws-sdk/client-s3'
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeNatGatewaysCommand,
} from '@aws-sdk/client-ec2'
import {DeleteFargateProfileCommand, UntagResourceCommand} from '@aws-sdk/client-eks'
import {
  CreateDBClusterCommand,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
} from '@aws-sdk/client-rds'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {REQUIREMENTS} from '../../src/design/requirements.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {denyProxy} from '../helpers/deny-proxy.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'
import {IN_PLACE_DRIFTS} from './audit-drifts.js'

let moto: Moto
let c: Clients
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const p = 'medical-ai-dev'
beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
})
afterAll(async () => moto?.stop())

const cli = (args: string[], url = moto.url) => runCli(args, {env: emulatorEnv(url)})
const audit = async (extra: string[] = [], url?: string) => {
  const r = await cli(['audit', '--env', 'dev', ...CONFIG, '--json', ...extra], url)
  return {code: r.code, report: r.json<AuditReport>(), stderr: r.stderr}
}
const fresh = async () => {
  await moto.reset()
  const r = await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])
  expect(r.code, r.stderr).toBe(0)
  await applyManifests(moto, CONFIG[1]!)
}
const failed = (r: AuditReport, req: string) =>
  r.findings.filter((f) => f.status === 'FAIL' && f.requirements.includes(req))

describe('audit of a freshly provisioned dev', () => {
  beforeAll(fresh)

  it('zero FAIL, zero ERROR, exit 0; the manual requirements are MANUAL with a reason', async () => {
    const {code, report} = await audit()
    expect(report.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR')).toEqual([])
    expect(code).toBe(0)
    expect(report.summary.pass).toBeGreaterThan(150)
    expect(
      report.findings
        .filter((f) => f.status === 'MANUAL')
        .map((f) => f.requirements[0])
        .sort(),
    ).toEqual(
      REQUIREMENTS.filter((r) => r.verification.kind === 'manual')
        .map((r) => r.id)
        .sort(),
    )
    expect(report).toMatchObject({
      env: 'dev',
      account: '123456789012',
      regions: ['ap-northeast-1', 'us-east-1', 'ap-northeast-3'],
    })
  })

  it('makes only read calls: the tool recorder and moto recorder agree', async () => {
    await moto.recorder.start()
    const {report} = await audit()
    await moto.recorder.stop()
    expect(report.calls.mutating).toBe(0)
    const ops = (await moto.recorder.download()).map((r) => {
      const target = r.headers['X-Amz-Target'] ?? r.headers['x-amz-target']
      const body = r.body_encoded && r.body ? Buffer.from(r.body, 'base64').toString() : (r.body ?? '')
      return target?.split('.').pop() ?? /Action=(\w+)/.exec(body)?.[1] ?? /Action=(\w+)/.exec(r.url)?.[1] ?? r.method
    })
    expect(ops.length).toBeGreaterThan(100)
    expect(ops.filter((o) => !/^(Describe|Get|List|Head|GET|HEAD)/.test(o))).toEqual([])
  })

  it('calls grow with resources, not with checks: one check reads no less than all checks, extra foreign resources cost nothing', async () => {
    const all = (await audit()).report.calls.total
    const one = (await audit(['--check', 'vpc-cidr'])).report.calls.total
    expect(one).toBe(all)
    for (let i = 0; i < 20; i++)
      await c.s3.send(
        new CreateBucketCommand({
          Bucket: `someone-elses-${i}`,
          CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'},
        }),
      )
    const vpc = (await c.ec2.send(new CreateVpcCommand({CidrBlock: '10.50.0.0/16'}))).Vpc!.VpcId
    for (let i = 0; i < 10; i++)
      await c.ec2.send(new CreateSecurityGroupCommand({GroupName: `other-${i}`, Description: 'not ours', VpcId: vpc}))
    const padded = await audit()
    expect(padded.report.calls.total).toBe(all)
    expect(padded.report.summary.fail).toBe(0)
  })
})

describe('every auditable requirement: an SDK drift makes the audit FAIL it; provision makes it clean again', () => {
  let drifted: AuditReport
  let code: number
  beforeAll(async () => {
    await fresh()
    for (const [, drift] of IN_PLACE_DRIFTS) await drift(c)
    const r = await audit()
    drifted = r.report
    code = r.code
  })

  it('exits 1 with FAILs', () => {
    expect(code).toBe(1)
    expect(drifted.summary.error).toBe(0)
  })

  it.each(IN_PLACE_DRIFTS.map(([req]) => req))('%s FAILs, naming the resource, expected and actual', (req) => {
    const fails = failed(drifted, req)
    expect(fails.length, `no FAIL for ${req}`).toBeGreaterThan(0)
    for (const f of fails) {
      expect(f.resource.id).toBeTruthy()
      expect(f.expected).not.toBeUndefined()
      expect(f.actual).not.toBeUndefined()
      expect(f.message).toBeTruthy()
    }
  })

  it('after provision the audit is clean again', async () => {
    const fix = await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])
    expect(fix.code, fix.stderr).toBe(0)
    const {code: after, report} = await audit()
    expect(report.findings.filter((f) => f.status !== 'PASS' && f.status !== 'MANUAL')).toEqual([])
    expect(after).toBe(0)
  })

  it('immutable requirements: an impostor VPC, a replaced Aurora cluster, an untagged EKS cluster, a design that wants another version', async () => {
    await fresh()
    const vpcId = (
      await c.ec2.send(
        new (await import('@aws-sdk/client-ec2')).DescribeVpcsCommand({
          Filters: [{Name: 'tag:environment', Values: ['dev']}],
        }),
      )
    ).Vpcs!.find((v) => v.Tags?.some((t) => t.Key === 'environment' && t.Value === 'dev'))!.VpcId!
    await c.ec2.send(new DeleteTagsCommand({Resources: [vpcId], Tags: [{Key: 'platform:logical-id'}]}))
    const gone = (await audit()).report
    for (const req of ['region', 'vpc.cidr', 'env.cidr'])
      expect(
        failed(gone, req).map((f) => f.actual),
        req,
      ).toContain('absent')
    const tags = [
      ['project', 'medical-ai'],
      ['environment', 'dev'],
      ['managed-by', 'platform'],
      ['platform:logical-id', 'network/vpc'],
    ].map(([Key, Value]) => ({Key, Value}))
    const impostor = (
      await c.ec2.send(
        new CreateVpcCommand({CidrBlock: '10.99.0.0/16', TagSpecifications: [{ResourceType: 'vpc', Tags: tags}]}),
      )
    ).Vpc!.VpcId!
    const cidr = (await audit()).report
    expect(failed(cidr, 'vpc.cidr')[0]).toMatchObject({expected: '10.2.0.0/16', actual: '10.99.0.0/16'})
    expect(failed(cidr, 'env.cidr')[0]).toMatchObject({expected: '10.2.0.0/16', actual: '10.99.0.0/16'})
    // Put the network back before the next drifts: everything else hangs off the VPC.
    await c.ec2.send(new DeleteVpcCommand({VpcId: impostor}))
    await c.ec2.send(
      new CreateTagsCommand({Resources: [vpcId], Tags: [{Key: 'platform:logical-id', Value: 'network/vpc'}]}),
    )
    for (const i of [1, 2]) await c.rds.send(new DeleteDBInstanceCommand({DBInstanceIdentifier: `${p}-aurora-${i}`}))
    await c.rds.send(new DeleteDBClusterCommand({DBClusterIdentifier: `${p}-aurora`, SkipFinalSnapshot: true}))
    // The emulator names automated snapshots by the minute: clear them so the impostor can be created.
    for (const s of (await c.rds.send(new DescribeDBClusterSnapshotsCommand({}))).DBClusterSnapshots ?? [])
      await c.rds.send(new DeleteDBClusterSnapshotCommand({DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier}))
    await c.rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: `${p}-aurora`,
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        MasterUsername: 'x',
        MasterUserPassword: 'not-a-real-password-1',
        StorageEncrypted: false,
        DBSubnetGroupName: `${p}-db-subnets`,
        Tags: tags.slice(0, 3),
      }),
    )
    await c.eks.send(
      new UntagResourceCommand({
        resourceArn: `arn:aws:eks:ap-northeast-1:123456789012:cluster/${p}-eks`,
        tagKeys: ['managed-by'],
      }),
    )
    const r = (await audit()).report
    expect(failed(r, 'rds.engine').map((f) => f.actual)).toEqual(expect.arrayContaining(['aurora-postgresql']))
    expect(failed(r, 'rds.encryption').map((f) => f.actual)).toContain(false)
    expect(failed(r, 'eks.name')[0]!.actual).toMatch(/without this environment's ownership tags/)
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    writeFileSync(join(dir, 'c.yaml'), 'environments:\n  dev:\n    eksVersion: "1.33"\n')
    await moto.reset()
    expect((await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])).code).toBe(0)
    const v = await runCli(
      ['audit', '--env', 'dev', '--config', join(dir, 'c.yaml'), '--json', '--check', 'eks-version'],
      {env: emulatorEnv(moto.url)},
    )
    expect(failed(v.json<AuditReport>(), 'eks.version')[0]).toMatchObject({expected: '1.33', actual: '1.34'})
  })
})

describe('resources deleted by hand are FAILs, not crashes and not passes', () => {
  it('the NAT gateway in 1d, the mlops profile, the logs bucket', async () => {
    await fresh()
    const nat = (await c.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways!.find(
      (n) =>
        n.Tags?.some((t) => t.Value === 'network/nat/1d') &&
        n.Tags.some((t) => t.Key === 'environment' && t.Value === 'dev'),
    )!
    await c.ec2.send(new DeleteNatGatewayCommand({NatGatewayId: nat.NatGatewayId}))
    await c.eks.send(new DeleteFargateProfileCommand({clusterName: `${p}-eks`, fargateProfileName: 'mlops'}))
    await c.s3.send(new DeleteBucketPolicyCommand({Bucket: `${p}-logs`}))
    await c.s3.send(new DeleteBucketReplicationCommand({Bucket: `${p}-logs`})).catch(() => undefined)
    await c.s3.send(new DeleteBucketCommand({Bucket: `${p}-logs`}))
    const {code, report} = await audit()
    expect(code).toBe(1)
    expect(report.summary.error).toBe(0)
    for (const req of ['ha.nat', 'fargate.mlops', 's3.logs.encryption', 's3.logs.versioning', 's3.logs.lifecycle']) {
      expect(
        failed(report, req).map((f) => f.actual),
        req,
      ).toContain('absent')
    }
    expect(failed(report, 'subnet.private-1d').length).toBeGreaterThan(0) // its route now points at nothing alive
    expect((await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])).code).toBe(0)
    expect((await audit()).code).toBe(0)
  })
})

describe('denied reads', () => {
  it('give ERROR findings and exit 3, never PASS', async () => {
    await fresh()
    // S3 speaks REST over path-style URLs: deny every bucket read on the wire.
    const proxy = await denyProxy(moto.url, (r) => /^\/medical-ai-dev-/.test(r.url))
    try {
      const {code, report} = await audit([], proxy.url)
      expect(code).toBe(3)
      const s3 = report.findings.filter((f) => f.checkId.startsWith('s3-'))
      expect(s3.length).toBeGreaterThan(5)
      expect(s3.filter((f) => f.status === 'PASS')).toEqual([])
      expect(s3.every((f) => f.status === 'ERROR')).toBe(true)
      // The buckets read directly name the denial; the ones that depend on them say which could not be read.
      expect(
        s3.some((f) =>
          /Could not read AWS::S3::Bucket medical-ai-dev-logs: ACCESS_DENIED: HeadBucket on medical-ai-dev-logs was denied \(403\)/.test(
            f.message,
          ),
        ),
      ).toBe(true)
      expect(report.summary.fail).toBe(0)
    } finally {
      await proxy.close()
    }
  })
})
