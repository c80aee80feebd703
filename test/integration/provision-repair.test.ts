import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2'
import {DetachRolePolicyCommand, ListAttachedRolePoliciesCommand} from '@aws-sdk/client-iam'
import {DescribeKeyCommand, DisableKeyRotationCommand, GetKeyRotationStatusCommand} from '@aws-sdk/client-kms'
import {GetParameterCommand, PutParameterCommand} from '@aws-sdk/client-ssm'
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {BIN, emulatorEnv, runCli} from '../helpers/cli.js'
import {envFilters, ofEnv, sdk, tag} from '../helpers/aws.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let aws: ReturnType<typeof sdk>
beforeAll(async () => {
  moto = await startMoto()
  aws = sdk(moto.url)
})
afterAll(async () => moto?.stop())

const FOUR = ['--layer', 'network', '--layer', 'security-groups', '--layer', 'kms', '--layer', 'iam']
const provisionCli = (args: string[], extra: Record<string, string> = {}) =>
  runCli(['provision', ...args, ...(args.includes('--layer') ? [] : FOUR)], {env: emulatorEnv(moto.url, extra)})

async function ids() {
  const vpc = ofEnv((await aws.ec2.send(new DescribeVpcsCommand({Filters: envFilters('dev')}))).Vpcs, 'dev')[0]!
  const groups =
    (await aws.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .SecurityGroups ?? []
  const sg = (key: string) => groups.find((g) => g.GroupName === `medical-ai-dev-${key}-sg`)!.GroupId!
  const tables = ofEnv(
    (await aws.ec2.send(new DescribeRouteTablesCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .RouteTables,
    'dev',
  )
  const nats = ofEnv(
    (await aws.ec2.send(new DescribeNatGatewaysCommand({Filter: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .NatGateways,
    'dev',
  ).filter((n) => n.State === 'available')
  const nat = (zone: string) =>
    nats.find((n) => tag(n.Tags, 'platform:logical-id') === `network/nat/${zone}`)!.NatGatewayId!
  const table = (name: string) => tables.find((t) => tag(t.Tags, 'platform:logical-id') === `network/rt/${name}`)!
  const rules = async (key: string) =>
    (await aws.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [sg(key)]}]})))
      .SecurityGroupRules ?? []
  return {vpc, sg, nat, table, rules}
}

type Drift = {
  name: string
  resource: string
  path: string
  requirement: string
  drift: () => Promise<void>
  verify: () => Promise<void>
}

const DRIFTS: Drift[] = [
  {
    name: 'DNS hostnames off',
    resource: 'network/vpc',
    path: 'enableDnsHostnames',
    requirement: 'vpc.dns-hostnames',
    drift: async () => {
      const {vpc} = await ids()
      await aws.ec2.send(new ModifyVpcAttributeCommand({VpcId: vpc.VpcId, EnableDnsHostnames: {Value: false}}))
    },
    verify: async () => {
      const {vpc} = await ids()
      expect(
        (await aws.ec2.send(new DescribeVpcAttributeCommand({VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames'})))
          .EnableDnsHostnames?.Value,
      ).toBe(true)
    },
  },
  {
    name: "private-1a's route to its NAT replaced by 1c's NAT",
    resource: 'network/rt/private-1a',
    path: 'routes',
    requirement: 'subnet.private-1a',
    drift: async () => {
      const {table, nat} = await ids()
      await aws.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: table('private-1a').RouteTableId,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat('1c'),
        }),
      )
    },
    verify: async () => {
      const {table, nat} = await ids()
      expect(table('private-1a').Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')?.NatGatewayId).toBe(
        nat('1a'),
      )
    },
  },
  {
    name: 'extra ingress 22 from 0.0.0.0/0 on the EKS group',
    resource: 'security-groups/eks/rules',
    path: 'ingress',
    requirement: 'sg.eks.ingress',
    drift: async () => {
      const {sg} = await ids()
      await aws.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: sg('eks'),
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{CidrIp: '0.0.0.0/0', Description: 'ssh by hand'}],
            },
          ],
        }),
      )
    },
    verify: async () => {
      const {rules, sg} = await ids()
      const ingress = (await rules('eks')).filter((r) => !r.IsEgress)
      expect(ingress.map((r) => `${r.FromPort} ${r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId}`).sort()).toEqual([
        `10250 ${sg('eks')}`,
        `443 ${sg('alb')}`,
      ])
    },
  },
  {
    name: "the RDS group's 3306 source changed from the EKS group to 0.0.0.0/0",
    resource: 'security-groups/rds/rules',
    path: 'ingress',
    requirement: 'sg.rds.ingress',
    drift: async () => {
      const {rules, sg} = await ids()
      const rule = (await rules('rds')).find((r) => !r.IsEgress)!
      await aws.ec2.send(
        new RevokeSecurityGroupIngressCommand({GroupId: sg('rds'), SecurityGroupRuleIds: [rule.SecurityGroupRuleId!]}),
      )
      await aws.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: sg('rds'),
          IpPermissions: [{IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, IpRanges: [{CidrIp: '0.0.0.0/0'}]}],
        }),
      )
    },
    verify: async () => {
      const {rules, sg} = await ids()
      const ingress = (await rules('rds')).filter((r) => !r.IsEgress)
      expect(ingress.map((r) => `${r.FromPort} ${r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId}`)).toEqual([
        `3306 ${sg('eks')}`,
      ])
    },
  },
  {
    name: 'the ALB egress rule removed',
    resource: 'security-groups/alb/rules',
    path: 'egress',
    requirement: 'sg.alb.egress',
    drift: async () => {
      const {rules, sg} = await ids()
      const egress = (await rules('alb')).filter((r) => r.IsEgress).map((r) => r.SecurityGroupRuleId!)
      await aws.ec2.send(new RevokeSecurityGroupEgressCommand({GroupId: sg('alb'), SecurityGroupRuleIds: egress}))
    },
    verify: async () => {
      const {rules} = await ids()
      expect((await rules('alb')).filter((r) => r.IsEgress).map((r) => `${r.IpProtocol} ${r.CidrIpv4}`)).toEqual([
        '-1 0.0.0.0/0',
      ])
    },
  },
  {
    name: 'KMS rotation off',
    resource: 'kms/key',
    path: 'rotationEnabled',
    requirement: 'baseline.kms.rotation',
    drift: async () => {
      const key = (await aws.kms.send(new DescribeKeyCommand({KeyId: 'alias/medical-ai-dev'}))).KeyMetadata!
      await aws.kms.send(new DisableKeyRotationCommand({KeyId: key.KeyId}))
    },
    verify: async () => {
      const key = (await aws.kms.send(new DescribeKeyCommand({KeyId: 'alias/medical-ai-dev'}))).KeyMetadata!
      expect((await aws.kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).KeyRotationEnabled).toBe(true)
    },
  },
  {
    name: 'AmazonEKSClusterPolicy detached from the cluster role',
    resource: 'iam/eks-cluster-role',
    path: 'managedPolicies',
    requirement: 'eks.name',
    drift: async () => {
      await aws.iam.send(
        new DetachRolePolicyCommand({
          RoleName: 'medical-ai-dev-eks-cluster-role',
          PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
        }),
      )
    },
    verify: async () => {
      const attached = await aws.iam.send(
        new ListAttachedRolePoliciesCommand({RoleName: 'medical-ai-dev-eks-cluster-role'}),
      )
      expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonEKSClusterPolicy'])
    },
  },
]

describe('drift repair', () => {
  beforeAll(async () => {
    await moto.reset()
    expect((await provisionCli(['--env', 'dev'])).code).toBe(0)
  })

  it.each(DRIFTS.map((d) => [d.name, d] as const))(
    '%s: the dry run lists exactly that drift; provision repairs it',
    async (_name, d) => {
      await d.drift()
      const dry = await provisionCli(['--env', 'dev', '--dry-run', '--json', '--detailed-exitcode'])
      expect(dry.code).toBe(7)
      const plan = dry.json<ProvisionResult>().plan.filter((p) => p.action !== 'no-op')
      expect(plan.map((p) => [p.id, p.action, p.changes.map((c) => [c.path, c.requirement])])).toEqual([
        [d.resource, 'update', [[d.path, d.requirement]]],
      ])
      const fix = await provisionCli(['--env', 'dev', '--json'])
      expect(fix.code).toBe(0)
      expect(
        fix
          .json<ProvisionResult>()
          .applied.filter((p) => p.action !== 'no-op')
          .map((p) => p.id),
      ).toEqual([d.resource])
      await d.verify()
      const after = await provisionCli(['--env', 'dev', '--dry-run', '--json', '--detailed-exitcode'])
      expect(after.code).toBe(0)
    },
  )
})

describe('crash safety', () => {
  it('killed right after the first NAT gateway is created, a re-run converges with no duplicates', async () => {
    await moto.reset()
    const crashed = await provisionCli(['--env', 'dev'], {PLATFORM_TEST_CRASH_AFTER: 'EC2.CreateNatGateway:1'})
    expect(crashed.code).toBe(-1) // killed by SIGKILL: no exit code
    const natsAtCrash = ofEnv((await aws.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways, 'dev')
    expect(natsAtCrash.length).toBeGreaterThanOrEqual(1)
    expect(natsAtCrash.length).toBeLessThan(3 + 1)

    const rerun = await provisionCli(['--env', 'dev', '--json'])
    expect(rerun.code).toBe(0)
    expect(rerun.stderr).toContain('Broke a stale lock left by pid')
    const vpcs = ofEnv((await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs, 'dev')
    const nats = ofEnv((await aws.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways, 'dev').filter(
      (n) => n.State !== 'deleted',
    )
    const eips = ofEnv((await aws.ec2.send(new DescribeAddressesCommand({}))).Addresses, 'dev')
    const tables =
      (await aws.ec2.send(new DescribeRouteTablesCommand({Filters: [{Name: 'vpc-id', Values: [vpcs[0]!.VpcId!]}]})))
        .RouteTables ?? []
    expect(vpcs).toHaveLength(1)
    expect(nats).toHaveLength(3)
    expect(eips).toHaveLength(3)
    expect(ofEnv(tables, 'dev')).toHaveLength(4)
    expect(tables.filter((t) => t.Associations?.some((a) => a.Main))).toHaveLength(1)
    expect(tables).toHaveLength(5)
    const again = await provisionCli(['--env', 'dev', '--json'])
    expect(again.json<ProvisionResult>().calls.mutating).toBe(0)
  })
})

describe('the environment lock', () => {
  it('a concurrent provision of the same environment stops naming the holder; another environment is not blocked', async () => {
    await moto.reset()
    // A slow first run: it holds the lock, paused right after creating the VPC. One NAT gateway:
    // the Elastic IPs it may hold plus staging's three stay within the emulator's 5 (preflight
    // refuses 6, as AWS's default quota would fail the sixth AllocateAddress).
    const {mkdtempSync, writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {tmpdir} = await import('node:os')
    const config = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'p.yaml')
    writeFileSync(config, 'environments:\n  dev:\n    natGateways: 1\n')
    const env = emulatorEnv(moto.url, {PLATFORM_TEST_PAUSE_AFTER: 'EC2.CreateVpc:1:60000'})
    const slow = spawn(process.execPath, [BIN, 'provision', '--env', 'dev', ...FOUR, '--config', config], {
      env,
      stdio: 'ignore',
    })
    try {
      let holder: string | undefined
      for (let i = 0; i < 100 && !holder; i++) {
        holder = await aws.ssm
          .send(new GetParameterCommand({Name: '/platform/medical-ai/dev/provision-lock'}))
          .then((r) => r.Parameter?.Value)
          .catch(() => undefined)
        if (!holder) await new Promise((r) => setTimeout(r, 100))
      }
      expect(JSON.parse(holder!).pid).toBe(slow.pid)
      const second = await provisionCli(['--env', 'dev'])
      expect(second.code).toBe(5)
      expect(second.stderr).toMatch(
        new RegExp(`lock /platform/medical-ai/dev/provision-lock is held by .*@.* \\(pid ${slow.pid}, since `),
      )
      expect(second.stderr).toContain('Remedy:')
      const staging = await provisionCli(['--env', 'staging', '--json'])
      expect(staging.code, staging.stdout + staging.stderr).toBe(0)
      expect(staging.json<ProvisionResult>().layers.find((l) => l.layer === 'network')?.created).toBe(21)
    } finally {
      slow.kill('SIGKILL')
    }
  })

  it('a lock held on another host stops the run; --force-unlock breaks it; the lock is released after', async () => {
    await moto.reset()
    const holder = {owner: 'ops', host: 'bastion-7', pid: 4242, startedAt: '2026-11-28T23:00:00.000Z', runId: 'x'}
    await aws.ssm.send(
      new PutParameterCommand({
        Name: '/platform/medical-ai/dev/provision-lock',
        Type: 'String',
        Value: JSON.stringify(holder),
      }),
    )
    const blocked = await provisionCli(['--env', 'dev'])
    expect(blocked.code).toBe(5)
    expect(blocked.stderr).toContain('held by ops@bastion-7 (pid 4242, since 2026-11-28T23:00:00.000Z)')
    expect(blocked.stderr).toContain('--force-unlock')
    const forced = await provisionCli(['--env', 'dev', '--force-unlock'])
    expect(forced.code).toBe(0)
    await expect(
      aws.ssm.send(new GetParameterCommand({Name: '/platform/medical-ai/dev/provision-lock'})),
    ).rejects.toMatchObject({name: 'ParameterNotFound'})
  })
})

describe('production safety', () => {
  it('prod without --yes in a non-interactive shell is refused before any call', async () => {
    const r = await provisionCli(['--env', 'prod'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Refusing to change prod without confirmation')
  })
})

describe('ownership and replacements', () => {
  it('a role with our name but not our tags stops the run; --adopt takes it over', async () => {
    await moto.reset()
    const {CreateRoleCommand, GetRoleCommand} = await import('@aws-sdk/client-iam')
    await aws.iam.send(
      new CreateRoleCommand({
        RoleName: 'medical-ai-dev-eks-cluster-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{Effect: 'Allow', Principal: {Service: 'eks.amazonaws.com'}, Action: 'sts:AssumeRole'}],
        }),
      }),
    )
    const refused = await provisionCli(['--env', 'dev', '--layer', 'kms', '--layer', 'iam'])
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(
      /AWS::IAM::Role medical-ai-dev-eks-cluster-role .* does not carry this environment's ownership tags: it is not ours/,
    )
    expect(refused.stderr).toContain('--adopt')
    const adopted = await provisionCli(['--env', 'dev', '--layer', 'kms', '--layer', 'iam', '--adopt', '--json'])
    expect(adopted.code).toBe(0)
    const role = (await aws.iam.send(new GetRoleCommand({RoleName: 'medical-ai-dev-eks-cluster-role'}))).Role!
    expect(role.Tags?.find((t) => t.Key === 'managed-by')?.Value).toBe('platform')
  })

  it('--layer whose dependency does not exist: a clear error, nothing created', async () => {
    await moto.reset()
    const r = await provisionCli(['--env', 'dev', '--layer', 'iam'])
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(
      'AWS::IAM::Role medical-ai-dev-s3-replication-role needs kms/key, kms/dr-key, which does not exist yet.',
    )
  })

  it('an immutable difference (a subnet CIDR) is reported as replace-required, never applied, exit 6', async () => {
    await moto.reset()
    expect((await provisionCli(['--env', 'dev', '--layer', 'network'])).code).toBe(0)
    const {mkdtempSync, writeFileSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {tmpdir} = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    writeFileSync(
      join(dir, 'p.yaml'),
      'environments:\n  dev:\n    subnets:\n      private-1d:\n        cidr: 10.2.23.0/24\n',
    )
    const r = await provisionCli(['--env', 'dev', '--layer', 'network', '--config', join(dir, 'p.yaml'), '--json'])
    expect(r.code).toBe(6)
    const res = r.json<ProvisionResult>()
    expect(
      res.replaceRequired.map((p) => [
        p.id,
        p.changes.filter((c) => c.immutable).map((c) => [c.path, c.expected, c.actual]),
      ]),
    ).toEqual([['network/subnet/private-1d', [['cidrBlock', '10.2.23.0/24', '10.2.13.0/24']]]])
    expect(res.calls.mutating).toBe(0)
  })
})
