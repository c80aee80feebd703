import {
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2'
import {GetRoleCommand, ListAttachedRolePoliciesCommand} from '@aws-sdk/client-iam'
import {DescribeKeyCommand, GetKeyRotationStatusCommand} from '@aws-sdk/client-kms'
import {DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {join} from 'node:path'
import {ROOT, emulatorEnv, runCli} from '../helpers/cli.js'
import {envFilters, ofEnv, sdk, tag} from '../helpers/aws.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let aws: ReturnType<typeof sdk>
let awsDr: ReturnType<typeof sdk>
beforeAll(async () => {
  moto = await startMoto()
  aws = sdk(moto.url)
  awsDr = sdk(moto.url, 'ap-northeast-3')
})
afterAll(async () => moto?.stop())

// Issue 3's four layers; the full environment is covered by provision-full.test.ts.
const FOUR = ['--layer', 'network', '--layer', 'security-groups', '--layer', 'kms', '--layer', 'iam']
// The emulator's account for dev (preflight would otherwise say which account it changes).
const CONFIG = ['--config', join(ROOT, 'config/emulator.yaml')]
const provisionCli = (args: string[], extra: Record<string, string> = {}) =>
  runCli(['provision', ...args, ...FOUR, ...CONFIG], {env: emulatorEnv(moto.url, extra)})

/** The dev VPC and the map of its resources, read independently of the tool. */
async function readDev() {
  const vpcs = ofEnv((await aws.ec2.send(new DescribeVpcsCommand({Filters: envFilters('dev')}))).Vpcs, 'dev')
  const vpc = vpcs[0]!
  const subnets = ofEnv(
    (await aws.ec2.send(new DescribeSubnetsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]}))).Subnets,
    'dev',
  )
  const bySubnetName = Object.fromEntries(subnets.map((s) => [tag(s.Tags, 'Name')!.replace('medical-ai-dev-', ''), s]))
  const nats = ofEnv(
    (await aws.ec2.send(new DescribeNatGatewaysCommand({Filter: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .NatGateways,
    'dev',
  ).filter((n) => n.State === 'available' || n.State === 'pending')
  const tables =
    (await aws.ec2.send(new DescribeRouteTablesCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .RouteTables ?? []
  const igw = ofEnv(
    (
      await aws.ec2.send(
        new DescribeInternetGatewaysCommand({Filters: [{Name: 'attachment.vpc-id', Values: [vpc.VpcId!]}]}),
      )
    ).InternetGateways,
    'dev',
  )[0]
  const groups =
    (await aws.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .SecurityGroups ?? []
  const sg = Object.fromEntries(groups.map((g) => [g.GroupName!, g.GroupId!]))
  const rules = async (groupName: string) =>
    (
      await aws.ec2.send(
        new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [sg[groupName]!]}]}),
      )
    ).SecurityGroupRules ?? []
  const tableOf = (subnetId: string) => tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId))
  const defaultRoute = (subnetId: string) =>
    tableOf(subnetId)?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')
  return {vpcs, vpc, subnets, bySubnetName, nats, tables, igw, sg, rules, tableOf, defaultRoute}
}

const ruleView = (rules: SecurityGroupRule[], sg: Record<string, string>, egress: boolean) => {
  const names = Object.fromEntries(Object.entries(sg).map(([n, id]) => [id, n]))
  return rules
    .filter((r) => r.IsEgress === egress)
    .map(
      (r) =>
        `${r.IpProtocol}/${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? names[r.ReferencedGroupInfo?.GroupId ?? ''] ?? r.ReferencedGroupInfo?.GroupId}`,
    )
    .sort()
}

describe('provision --env dev from empty (network, security groups, KMS, IAM)', () => {
  let first: ProvisionResult

  it('dry run on an empty account lists every resource as create and sends no mutating call', async () => {
    const r = await provisionCli(['--env', 'dev', '--dry-run', '--json', '--detailed-exitcode'])
    expect(r.code).toBe(7)
    const res = r.json<ProvisionResult>()
    expect(res.plan.length).toBe(33)
    expect(res.plan.every((p) => p.action === 'create')).toBe(true)
    expect(res.calls.mutating).toBe(0)
    expect(ofEnv((await aws.ec2.send(new DescribeVpcsCommand({Filters: envFilters('dev')}))).Vpcs, 'dev')).toEqual([])
  })

  it('creates all four layers', async () => {
    const r = await provisionCli(['--env', 'dev', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    first = r.json<ProvisionResult>()
    expect(first.layers.map((l) => [l.layer, l.created])).toEqual([
      ['network', 21],
      ['security-groups', 3],
      ['kms', 2],
      ['iam', 3],
    ])
  })

  it('independent reads verify sections 2.2 and 3, requirement by requirement', async () => {
    const d = await readDev()
    expect(d.vpcs, 'one VPC of ours').toHaveLength(1)
    expect(d.vpc.CidrBlock, 'env.cidr / vpc.cidr').toBe('10.2.0.0/16')
    const hostnames = await aws.ec2.send(
      new DescribeVpcAttributeCommand({VpcId: d.vpc.VpcId, Attribute: 'enableDnsHostnames'}),
    )
    const support = await aws.ec2.send(
      new DescribeVpcAttributeCommand({VpcId: d.vpc.VpcId, Attribute: 'enableDnsSupport'}),
    )
    expect(hostnames.EnableDnsHostnames?.Value, 'vpc.dns-hostnames').toBe(true)
    expect(support.EnableDnsSupport?.Value, 'vpc.dns-support').toBe(true)
    const expected: [string, string, string][] = [
      ['public-1a', '10.2.1.0/24', 'ap-northeast-1a'],
      ['public-1c', '10.2.2.0/24', 'ap-northeast-1c'],
      ['public-1d', '10.2.3.0/24', 'ap-northeast-1d'],
      ['private-1a', '10.2.11.0/24', 'ap-northeast-1a'],
      ['private-1c', '10.2.12.0/24', 'ap-northeast-1c'],
      ['private-1d', '10.2.13.0/24', 'ap-northeast-1d'],
    ]
    expect(d.subnets).toHaveLength(6)
    for (const [key, cidr, az] of expected) {
      const s = d.bySubnetName[key]!
      expect([s.CidrBlock, s.AvailabilityZone], `subnet.${key}`).toEqual([cidr, az])
      const route = d.defaultRoute(s.SubnetId!)
      if (key.startsWith('public')) {
        expect(route?.GatewayId, `subnet.${key} routes to the IGW`).toBe(d.igw?.InternetGatewayId)
      } else {
        const nat = d.nats.find((n) => n.NatGatewayId === route?.NatGatewayId)
        expect(nat?.SubnetId, `subnet.${key} routes to the NAT of its AZ`).toBe(
          d.bySubnetName[key.replace('private', 'public')]!.SubnetId,
        )
        expect(
          d.tableOf(s.SubnetId!)?.Routes?.some((r) => r.GatewayId?.startsWith('igw-')),
          `subnet.${key} has no IGW route`,
        ).toBe(false)
      }
    }
    expect(d.nats.map((n) => n.SubnetId).sort(), 'ha.nat: one NAT per public subnet').toEqual(
      ['public-1a', 'public-1c', 'public-1d'].map((k) => d.bySubnetName[k]!.SubnetId).sort(),
    )
    const alb = 'medical-ai-dev-alb-sg'
    const eks = 'medical-ai-dev-eks-sg'
    const rds = 'medical-ai-dev-rds-sg'
    expect(ruleView(await d.rules(alb), d.sg, false), 'sg.alb.ingress').toEqual(['tcp/443-443 0.0.0.0/0'])
    expect(ruleView(await d.rules(alb), d.sg, true), 'sg.alb.egress').toEqual(['-1/-1--1 0.0.0.0/0'])
    expect(ruleView(await d.rules(eks), d.sg, false), 'sg.eks.ingress').toEqual([
      `tcp/10250-10250 ${eks}`,
      `tcp/443-443 ${alb}`,
    ])
    expect(ruleView(await d.rules(eks), d.sg, true), 'sg.eks.egress').toEqual(['-1/-1--1 0.0.0.0/0'])
    expect(ruleView(await d.rules(rds), d.sg, false), 'sg.rds.ingress').toEqual([`tcp/3306-3306 ${eks}`])
    expect(ruleView(await d.rules(rds), d.sg, true), 'sg.rds.egress').toEqual(['-1/-1--1 0.0.0.0/0'])
    expect(await d.rules('default'), 'baseline.vpc.default-sg-closed').toEqual([])
    const flow =
      (await aws.ec2.send(new DescribeFlowLogsCommand({Filter: [{Name: 'resource-id', Values: [d.vpc.VpcId!]}]})))
        .FlowLogs ?? []
    expect(
      flow.map((f) => [f.TrafficType, f.LogGroupName]),
      'baseline.vpc.flow-logs',
    ).toEqual([['ALL', '/platform/medical-ai-dev/vpc-flow-logs']])
    const group = (await aws.logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/platform/medical-ai-dev/'})))
      .logGroups?.[0]
    expect(group?.retentionInDays, 'flow log retention').toBe(365)
  })

  it('independent reads verify the keys and the roles', async () => {
    for (const [client, alias] of [
      [aws.kms, 'alias/medical-ai-dev'],
      [awsDr.kms, 'alias/medical-ai-dev-dr'],
    ] as const) {
      const key = (await client.send(new DescribeKeyCommand({KeyId: alias}))).KeyMetadata!
      expect([key.KeyState, key.KeyManager, key.KeySpec], alias).toEqual(['Enabled', 'CUSTOMER', 'SYMMETRIC_DEFAULT'])
      expect(
        (await client.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).KeyRotationEnabled,
        `${alias} rotation`,
      ).toBe(true)
    }
    const roles: [string, string[]][] = [
      ['medical-ai-dev-eks-cluster-role', ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']],
      ['medical-ai-dev-fargate-pod-execution-role', ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy']],
      ['medical-ai-dev-s3-replication-role', []],
      ['medical-ai-dev-flow-logs-role', []],
    ]
    for (const [name, managed] of roles) {
      const role = (await aws.iam.send(new GetRoleCommand({RoleName: name}))).Role!
      expect(role.Tags?.find((t) => t.Key === 'environment')?.Value, name).toBe('dev')
      const attached = (
        await aws.iam.send(new ListAttachedRolePoliciesCommand({RoleName: name}))
      ).AttachedPolicies?.map((p) => p.PolicyArn)
      expect(attached, name).toEqual(managed)
    }
  })

  it('a second run makes zero mutating calls: the tool recorder and moto recorder agree', async () => {
    await moto.recorder.start()
    const r = await provisionCli(['--env', 'dev', '--json'])
    await moto.recorder.stop()
    expect(r.code).toBe(0)
    const res = r.json<ProvisionResult>()
    expect(res.calls.mutating).toBe(0)
    expect(res.plan.every((p) => p.action === 'no-op')).toBe(true)
    expect(res.applied).toEqual([])
    const requests = await moto.recorder.download()
    const operations = requests.map(operationOf)
    expect(operations.length).toBeGreaterThan(20)
    const readOnly = /^(Describe|Get|List|Head)/
    expect(operations.filter((o) => !readOnly.test(o))).toEqual([])
  })
})

/** The operation of a recorded request: query/JSON protocols carry it in Action= or X-Amz-Target. */
function operationOf(req: {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  body_encoded?: boolean
}): string {
  const target = req.headers['X-Amz-Target'] ?? req.headers['x-amz-target']
  if (target) return target.split('.').pop()!
  const body = req.body_encoded && req.body ? Buffer.from(req.body, 'base64').toString() : (req.body ?? '')
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z]+)/.exec(req.url)?.[1]
  return action ?? `${req.method === 'GET' || req.method === 'HEAD' ? 'Get' : req.method} ${req.url}`
}
