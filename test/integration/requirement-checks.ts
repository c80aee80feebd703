import {DescribeCertificateCommand} from '@aws-sdk/client-acm'
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2'
import {DescribeRepositoriesCommand} from '@aws-sdk/client-ecr'
import {DescribeClusterCommand, DescribeFargateProfileCommand} from '@aws-sdk/client-eks'
import {DescribeLoadBalancersCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetRoleCommand} from '@aws-sdk/client-iam'
import {DescribeKeyCommand} from '@aws-sdk/client-kms'
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
} from '@aws-sdk/client-rds'
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3'
import {expect} from 'vitest'
import {distributionOf, webAclOf, type Clients} from '../helpers/full-env.js'

const env = 'dev'
const p = `medical-ai-${env}`

async function vpcOf(c: Clients) {
  const vpcs =
    (
      await c.ec2.send(
        new DescribeVpcsCommand({
          Filters: [
            {Name: 'tag:environment', Values: [env]},
            {Name: 'tag:managed-by', Values: ['platform']},
          ],
        }),
      )
    ).Vpcs ?? []
  return vpcs.find((v) => v.Tags?.some((t) => t.Key === 'environment' && t.Value === env))!
}
async function subnets(c: Clients) {
  const vpc = await vpcOf(c)
  const all =
    (await c.ec2.send(new DescribeSubnetsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]}))).Subnets ?? []
  return Object.fromEntries(all.map((s) => [s.Tags!.find((t) => t.Key === 'Name')!.Value!.replace(`${p}-`, ''), s]))
}
async function routeOf(c: Clients, subnetId: string) {
  const t = (
    await c.ec2.send(new DescribeRouteTablesCommand({Filters: [{Name: 'association.subnet-id', Values: [subnetId]}]}))
  ).RouteTables?.[0]
  return {table: t, def: t?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')}
}
async function rules(c: Clients, key: string) {
  const vpc = await vpcOf(c)
  const groups =
    (await c.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
      .SecurityGroups ?? []
  const names = Object.fromEntries(
    groups.map((g) => [g.GroupId!, g.GroupName!.replace(`${p}-`, '').replace('-sg', '')]),
  )
  const gid = groups.find((g) => g.GroupName === `${p}-${key}-sg`)!.GroupId!
  const all =
    (await c.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [gid]}]})))
      .SecurityGroupRules ?? []
  const view = (egress: boolean) =>
    all
      .filter((r) => r.IsEgress === egress)
      .map(
        (r) =>
          `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? `sg:${names[r.ReferencedGroupInfo?.GroupId ?? '']}`}`,
      )
      .sort()
  return {ingress: view(false), egress: view(true)}
}
const cluster = async (c: Clients) => (await c.eks.send(new DescribeClusterCommand({name: `${p}-eks`}))).cluster!
const profile = async (c: Clients, name: string) =>
  (await c.eks.send(new DescribeFargateProfileCommand({clusterName: `${p}-eks`, fargateProfileName: name})))
    .fargateProfile!
const db = async (c: Clients) =>
  (await c.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: `${p}-aurora`}))).DBClusters![0]!
const instances = async (c: Clients) =>
  (await c.rds.send(new DescribeDBInstancesCommand({Filters: [{Name: 'db-cluster-id', Values: [`${p}-aurora`]}]})))
    .DBInstances ?? []
const keyArn = async (c: Clients) => (await c.kms.send(new DescribeKeyCommand({KeyId: `alias/${p}`}))).KeyMetadata!.Arn!
async function param(c: Clients, name: string) {
  const ps =
    (
      await c.rds.send(
        new DescribeDBClusterParametersCommand({DBClusterParameterGroupName: `${p}-aurora-mysql80`, Source: 'user'}),
      )
    ).Parameters ?? []
  return ps.find((x) => x.ParameterName === name)?.ParameterValue
}
async function sse(c: Clients, role: string) {
  return (await c.s3.send(new GetBucketEncryptionCommand({Bucket: `${p}-${role}`}))).ServerSideEncryptionConfiguration!
    .Rules![0]!.ApplyServerSideEncryptionByDefault!
}
const versioning = async (c: Clients, role: string) =>
  (await c.s3.send(new GetBucketVersioningCommand({Bucket: `${p}-${role}`}))).Status
const lifecycle = async (c: Clients, role: string) =>
  (await c.s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: `${p}-${role}`}))).Rules ?? []
const alb = async (c: Clients) =>
  (await c.elb.send(new DescribeLoadBalancersCommand({Names: [`${p}-alb`]}))).LoadBalancers![0]!
const wafRule = async (c: Clients, name: string) =>
  (await webAclOf(c, env))!.acl.Rules!.find((r) => r.Statement?.ManagedRuleGroupStatement?.Name === name)
const subnetCheck = (key: string, cidr: string, az: string) => async (c: Clients) => {
  const s = (await subnets(c))[key]!
  expect([s.CidrBlock, s.AvailabilityZone]).toEqual([cidr, az])
  const {table, def} = await routeOf(c, s.SubnetId!)
  if (key.startsWith('public')) expect(def?.GatewayId).toMatch(/^igw-/)
  else {
    const nat = (await c.ec2.send(new DescribeNatGatewaysCommand({NatGatewayIds: [def!.NatGatewayId!]})))
      .NatGateways![0]!
    expect(nat.SubnetId).toBe((await subnets(c))[key.replace('private', 'public')]!.SubnetId)
    expect(table?.Routes?.some((r) => r.GatewayId?.startsWith('igw-'))).toBe(false)
  }
}
const profileCheck = (name: string, namespaces: string[]) => async (c: Clients) => {
  const f = await profile(c, name)
  expect((f.selectors ?? []).map((s) => s.namespace).sort()).toEqual(namespaces)
  const s = await subnets(c)
  expect([...(f.subnets ?? [])].sort()).toEqual(
    ['private-1a', 'private-1c', 'private-1d'].map((k) => s[k]!.SubnetId).sort(),
  )
}
const paramCheck = (name: string, value: string) => async (c: Clients) => expect(await param(c, name)).toBe(value)
const wafCheck = (name: string) => async (c: Clients) => {
  const r = await wafRule(c, name)
  expect(r).toBeDefined()
  expect(r!.OverrideAction?.Count).toBeUndefined()
  expect(r!.Statement?.ManagedRuleGroupStatement?.RuleActionOverrides ?? []).toEqual([])
}

/** Requirement ID -> an independent read proving it on the live (emulated) account. */
export const REQUIREMENT_CHECKS: Record<string, (c: Clients) => Promise<void>> = {
  region: async (c) => {
    expect(await c.ec2.config.region()).toBe('ap-northeast-1')
    expect((await vpcOf(c)).VpcId).toBeDefined()
  },
  'arch.edge': async (c) => {
    const d = (await distributionOf(c, env))!
    // The ALB by a name its certificate covers (issue 10): CloudFront cannot reach it by its own.
    expect(d.config.Origins!.Items![0]!.DomainName).toBe(`origin-${env}.example.com`)
    expect((await alb(c)).DNSName).toMatch(/\.elb\.amazonaws\.com$/)
    expect(d.config.WebACLId).toBe((await webAclOf(c, env))!.acl.ARN)
  },
  'arch.workloads': async (c) => {
    const repos =
      (
        await c.ecr.send(
          new DescribeRepositoriesCommand({repositoryNames: ['api', 'ml', 'worker'].map((w) => `${p}/${w}`)}),
        )
      ).repositories ?? []
    expect(
      repos.map((r) => [r.repositoryName, r.imageTagMutability, r.imageScanningConfiguration?.scanOnPush]).sort(),
    ).toEqual(['api', 'ml', 'worker'].map((w) => [`${p}/${w}`, 'IMMUTABLE', true]))
  },
  'env.cidr': async (c) => expect((await vpcOf(c)).CidrBlock).toBe('10.2.0.0/16'),
  'vpc.cidr': async (c) => expect((await vpcOf(c)).CidrBlock).toBe('10.2.0.0/16'),
  'vpc.dns-hostnames': async (c) =>
    expect(
      (
        await c.ec2.send(
          new DescribeVpcAttributeCommand({VpcId: (await vpcOf(c)).VpcId, Attribute: 'enableDnsHostnames'}),
        )
      ).EnableDnsHostnames?.Value,
    ).toBe(true),
  'vpc.dns-support': async (c) =>
    expect(
      (
        await c.ec2.send(
          new DescribeVpcAttributeCommand({VpcId: (await vpcOf(c)).VpcId, Attribute: 'enableDnsSupport'}),
        )
      ).EnableDnsSupport?.Value,
    ).toBe(true),
  'subnet.public-1a': subnetCheck('public-1a', '10.2.1.0/24', 'ap-northeast-1a'),
  'subnet.public-1c': subnetCheck('public-1c', '10.2.2.0/24', 'ap-northeast-1c'),
  'subnet.public-1d': subnetCheck('public-1d', '10.2.3.0/24', 'ap-northeast-1d'),
  'subnet.private-1a': subnetCheck('private-1a', '10.2.11.0/24', 'ap-northeast-1a'),
  'subnet.private-1c': subnetCheck('private-1c', '10.2.12.0/24', 'ap-northeast-1c'),
  'subnet.private-1d': subnetCheck('private-1d', '10.2.13.0/24', 'ap-northeast-1d'),
  'sg.alb.ingress': async (c) => expect((await rules(c, 'alb')).ingress).toEqual(['tcp 443-443 0.0.0.0/0']),
  'sg.alb.egress': async (c) => expect((await rules(c, 'alb')).egress).toEqual(['-1 -1--1 0.0.0.0/0']),
  'sg.eks.ingress': async (c) =>
    expect((await rules(c, 'eks')).ingress).toEqual(['tcp 10250-10250 sg:eks', 'tcp 443-443 sg:alb']),
  'sg.eks.egress': async (c) => expect((await rules(c, 'eks')).egress).toEqual(['-1 -1--1 0.0.0.0/0']),
  'sg.rds.ingress': async (c) => expect((await rules(c, 'rds')).ingress).toEqual(['tcp 3306-3306 sg:eks']),
  'sg.rds.egress': async (c) => expect((await rules(c, 'rds')).egress).toEqual(['-1 -1--1 0.0.0.0/0']),
  // The design's 1.28 can no longer be created (preflight refuses it): config/emulator.yaml sets 1.34.
  'eks.version': async (c) => expect((await cluster(c)).version).toBe('1.34'),
  'eks.name': async (c) => expect((await cluster(c)).name).toBe('medical-ai-dev-eks'),
  'eks.endpoint': async (c) =>
    expect([
      (await cluster(c)).resourcesVpcConfig?.endpointPrivateAccess,
      (await cluster(c)).resourcesVpcConfig?.endpointPublicAccess,
    ]).toEqual([true, true]),
  'eks.logging': async (c) =>
    expect(
      (await cluster(c))
        .logging!.clusterLogging!.filter((l) => l.enabled)
        .flatMap((l) => l.types)
        .sort(),
    ).toEqual(['api', 'audit', 'authenticator']),
  'fargate.default': profileCheck('default', ['default', 'kube-system']),
  'fargate.application': profileCheck('application', ['app']),
  'fargate.mlops': profileCheck('mlops', ['mlops']),
  'rds.engine': async (c) =>
    expect([(await db(c)).Engine, (await db(c)).EngineVersion?.startsWith('8.0.mysql_aurora.3')]).toEqual([
      'aurora-mysql',
      true,
    ]),
  'rds.instance-class': async (c) =>
    expect((await instances(c)).map((i) => i.DBInstanceClass)).toEqual(['db.r6g.large', 'db.r6g.large']),
  'rds.multi-az': async (c) => expect(new Set((await instances(c)).map((i) => i.AvailabilityZone)).size).toBe(2),
  'rds.encryption': async (c) =>
    expect([(await db(c)).StorageEncrypted, (await db(c)).KmsKeyId]).toEqual([true, await keyArn(c)]),
  'rds.backup-retention': async (c) => expect((await db(c)).BackupRetentionPeriod).toBe(35),
  'rds.maintenance-window': async (c) => expect((await db(c)).PreferredMaintenanceWindow).toBe('sat:19:00-sat:20:00'),
  'rds.param.character-set-server': paramCheck('character_set_server', 'utf8mb4'),
  'rds.param.time-zone': paramCheck('time_zone', 'Asia/Tokyo'),
  'rds.param.max-connections': paramCheck('max_connections', '1000'),
  'rds.param.slow-query-log': paramCheck('slow_query_log', '1'),
  'rds.param.long-query-time': paramCheck('long_query_time', '1'),
  's3.models.encryption': async (c) =>
    expect(await sse(c, 'models')).toEqual({SSEAlgorithm: 'aws:kms', KMSMasterKeyID: await keyArn(c)}),
  's3.models.versioning': async (c) => expect(await versioning(c, 'models')).toBe('Enabled'),
  's3.data.encryption': async (c) =>
    expect(await sse(c, 'data')).toEqual({SSEAlgorithm: 'aws:kms', KMSMasterKeyID: await keyArn(c)}),
  's3.data.versioning': async (c) => expect(await versioning(c, 'data')).toBe('Enabled'),
  's3.logs.encryption': async (c) => {
    // The emulator answers "not configured" for a bucket left at the SSE-S3 default; AWS says AES256.
    const r = await c.s3.send(new GetBucketEncryptionCommand({Bucket: `${p}-logs`})).catch((e) => e)
    if (r.name !== 'ServerSideEncryptionConfigurationNotFoundError')
      expect(r.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm).toBe(
        'AES256',
      )
  },
  's3.logs.versioning': async (c) => expect(await versioning(c, 'logs')).not.toBe('Enabled'),
  's3.models.lifecycle': async (c) =>
    expect(
      (await lifecycle(c, 'models')).map((r) => [r.Status, r.NoncurrentVersionExpiration?.NoncurrentDays]),
    ).toEqual([['Enabled', 90]]),
  's3.data.lifecycle': async (c) =>
    expect(
      (await lifecycle(c, 'data')).map((r) => [r.Status, r.Transitions?.[0]?.Days, r.Transitions?.[0]?.StorageClass]),
    ).toEqual([['Enabled', 365, 'GLACIER']]),
  's3.logs.lifecycle': async (c) =>
    expect((await lifecycle(c, 'logs')).map((r) => [r.Status, r.Expiration?.Days])).toEqual([['Enabled', 90]]),
  // The origin is the ALB, reached as origin-{env}.{domain} (a name its *.{domain} certificate
  // covers); the record pointing that name at the ALB is Route 53's (paths.test.ts) or a required step.
  'cloudfront.origin': async (c) =>
    expect((await distributionOf(c, env))!.config.Origins!.Items![0]!.DomainName).toBe(`origin-${env}.example.com`),
  'cloudfront.certificate': async (c) => {
    const arn = (await distributionOf(c, env))!.config.ViewerCertificate!.ACMCertificateArn!
    expect(arn).toMatch(/^arn:aws:acm:us-east-1:/)
    expect(
      (await c.acmGlobal.send(new DescribeCertificateCommand({CertificateArn: arn}))).Certificate!.DomainName,
    ).toBe('*.example.com')
  },
  'cloudfront.cache-policy': async (c) =>
    expect((await distributionOf(c, env))!.config.DefaultCacheBehavior!.CachePolicyId).toBe(
      '658327ea-f89d-4fab-a63d-7e88639e58f6',
    ),
  'cloudfront.price-class': async (c) =>
    expect((await distributionOf(c, env))!.config.PriceClass).toBe('PriceClass_200'),
  'waf.common': wafCheck('AWSManagedRulesCommonRuleSet'),
  'waf.bad-inputs': wafCheck('AWSManagedRulesKnownBadInputsRuleSet'),
  'waf.sqli': wafCheck('AWSManagedRulesSQLiRuleSet'),
  'waf.rate-limit': async (c) => {
    const r = (await webAclOf(c, env))!.acl.Rules!.find((x) => x.Statement?.RateBasedStatement)!
    expect([
      r.Statement!.RateBasedStatement!.Limit,
      r.Statement!.RateBasedStatement!.EvaluationWindowSec ?? 300,
      r.Statement!.RateBasedStatement!.AggregateKeyType,
      Object.keys(r.Action ?? {}),
    ]).toEqual([1000, 300, 'IP', ['Block']])
  },
  'waf.attached': async (c) =>
    expect((await distributionOf(c, env))!.config.WebACLId).toBe((await webAclOf(c, env))!.acl.ARN),
  'ha.alb': async (c) => {
    const s = await subnets(c)
    expect((await alb(c)).AvailabilityZones!.map((z) => z.SubnetId).sort()).toEqual(
      ['public-1a', 'public-1c', 'public-1d'].map((k) => s[k]!.SubnetId).sort(),
    )
  },
  'ha.eks': async (c) => {
    for (const n of ['default', 'application', 'mlops']) expect((await profile(c, n)).subnets?.length).toBe(3)
  },
  'ha.aurora': async (c) => expect(new Set((await instances(c)).map((i) => i.AvailabilityZone)).size).toBe(2),
  'ha.nat': async (c) => {
    const vpc = await vpcOf(c)
    const nats = (
      (await c.ec2.send(new DescribeNatGatewaysCommand({Filter: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
        .NatGateways ?? []
    ).filter((n) => n.State === 'available')
    const s = await subnets(c)
    expect(nats.map((n) => n.SubnetId).sort()).toEqual(
      ['public-1a', 'public-1c', 'public-1d'].map((k) => s[k]!.SubnetId).sort(),
    )
  },
  'backup.aurora': async (c) =>
    expect([(await db(c)).BackupRetentionPeriod, (await db(c)).PreferredBackupWindow]).toEqual([35, '18:00-19:00']),
  'backup.s3-replication': async (c) => {
    for (const role of ['models', 'data']) {
      const r = (await c.s3.send(new GetBucketReplicationCommand({Bucket: `${p}-${role}`}))).ReplicationConfiguration!
      expect(r.Rules![0]!.Destination!.Bucket).toBe(`arn:aws:s3:::${p}-${role}-dr`)
      expect((await c.s3Dr.send(new HeadBucketCommand({Bucket: `${p}-${role}-dr`}))).BucketRegion).toBe(
        'ap-northeast-3',
      )
      expect((await c.s3Dr.send(new GetBucketVersioningCommand({Bucket: `${p}-${role}-dr`}))).Status).toBe('Enabled')
      expect(
        (await c.s3Dr.send(new GetBucketEncryptionCommand({Bucket: `${p}-${role}-dr`})))
          .ServerSideEncryptionConfiguration!.Rules![0]!.ApplyServerSideEncryptionByDefault!.SSEAlgorithm,
      ).toBe('aws:kms')
    }
  },
  'backup.eks-velero': async (c) => {
    expect((await lifecycle(c, 'velero')).map((r) => r.Expiration?.Days)).toEqual([30])
    const role = (await c.iam.send(new GetRoleCommand({RoleName: `${p}-velero-role`}))).Role!
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toContain('system:serviceaccount:velero:velero')
  },
}
