import {
  DeleteBucketLifecycleCommand,
  DeleteBucketReplicationCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3'
import {
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  DeleteRouteCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DisassociateRouteTableCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  DescribeNatGatewaysCommand,
} from '@aws-sdk/client-ec2'
import {CreateFargateProfileCommand, DeleteFargateProfileCommand, UpdateClusterConfigCommand} from '@aws-sdk/client-eks'
import {DeleteRepositoryCommand} from '@aws-sdk/client-ecr'
import {DescribeLoadBalancersCommand, SetSubnetsCommand} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  DeleteDBInstanceCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyDBInstanceCommand,
} from '@aws-sdk/client-rds'
import {UpdateDistributionCommand} from '@aws-sdk/client-cloudfront'
import {UpdateWebACLCommand} from '@aws-sdk/client-wafv2'
import {distributionOf, webAclOf, type Clients} from '../helpers/full-env.js'

const p = 'medical-ai-dev'
const tagOf = (tags: {Key?: string; Value?: string}[] | undefined, k: string) => tags?.find((t) => t.Key === k)?.Value

async function net(c: Clients) {
  const vpc = (
    await c.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'tag:environment', Values: ['dev']}]}))
  ).Vpcs!.find((v) => tagOf(v.Tags, 'environment') === 'dev')!
  const subnets = (await c.ec2.send(new DescribeSubnetsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
    .Subnets!
  const subnet = (k: string) => subnets.find((s) => tagOf(s.Tags, 'Name') === `${p}-${k}`)!.SubnetId!
  const tables = (await c.ec2.send(new DescribeRouteTablesCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]})))
    .RouteTables!
  const table = (k: string) => tables.find((t) => tagOf(t.Tags, 'platform:logical-id') === `network/rt/${k}`)!
  const nats = (
    await c.ec2.send(new DescribeNatGatewaysCommand({Filter: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]}))
  ).NatGateways!.filter((n) => n.State === 'available')
  const nat = (z: string) =>
    nats.find((n) => tagOf(n.Tags, 'platform:logical-id') === `network/nat/${z}`)!.NatGatewayId!
  const igw = (
    await c.ec2.send(
      new DescribeInternetGatewaysCommand({Filters: [{Name: 'attachment.vpc-id', Values: [vpc.VpcId!]}]}),
    )
  ).InternetGateways![0]!.InternetGatewayId!
  const groups = (
    await c.ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'vpc-id', Values: [vpc.VpcId!]}]}))
  ).SecurityGroups!
  const sg = (k: string) => groups.find((g) => g.GroupName === `${p}-${k}-sg`)!.GroupId!
  return {vpc, subnet, table, nat, igw, sg}
}

async function revokeEgress(c: Clients, groupId: string) {
  const rules = (
    await c.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [groupId]}]}))
  ).SecurityGroupRules!
  await c.ec2.send(
    new RevokeSecurityGroupEgressCommand({
      GroupId: groupId,
      SecurityGroupRuleIds: rules.filter((r) => r.IsEgress).map((r) => r.SecurityGroupRuleId!),
    }),
  )
}

const open = (port: number) => [{IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{CidrIp: '0.0.0.0/0'}]}]

/**
 * One SDK drift per requirement, all compatible with each other, applied together. Each
 * entry names the requirement it breaks. (Immutable and deleted resources are separate.)
 */
export const IN_PLACE_DRIFTS: [requirement: string, drift: (c: Clients) => Promise<unknown>][] = [
  [
    'vpc.dns-hostnames',
    async (c) =>
      c.ec2.send(new ModifyVpcAttributeCommand({VpcId: (await net(c)).vpc.VpcId, EnableDnsHostnames: {Value: false}})),
  ],
  [
    'vpc.dns-support',
    async (c) =>
      c.ec2.send(new ModifyVpcAttributeCommand({VpcId: (await net(c)).vpc.VpcId, EnableDnsSupport: {Value: false}})),
  ],
  [
    'subnet.public-1a',
    async (c) => {
      const n = await net(c)
      await c.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: n.table('public').RouteTableId,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: n.nat('1a'),
        }),
      )
    },
  ],
  [
    'subnet.public-1c',
    async (c) => {
      const n = await net(c)
      const a = n.table('public').Associations!.find((x) => x.SubnetId === n.subnet('public-1c'))!
      await c.ec2.send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId}))
    },
  ],
  [
    'subnet.public-1d',
    async (c) => {
      const n = await net(c)
      const a = n.table('public').Associations!.find((x) => x.SubnetId === n.subnet('public-1d'))!
      await c.ec2.send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId}))
      await c.ec2.send(
        new AssociateRouteTableCommand({
          RouteTableId: n.table('private-1d').RouteTableId,
          SubnetId: n.subnet('public-1d'),
        }),
      )
    },
  ],
  [
    'subnet.private-1a',
    async (c) => {
      const n = await net(c)
      await c.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: n.table('private-1a').RouteTableId,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: n.nat('1c'),
        }),
      )
    },
  ],
  [
    'subnet.private-1c',
    async (c) => {
      const n = await net(c)
      await c.ec2.send(
        new DeleteRouteCommand({RouteTableId: n.table('private-1c').RouteTableId, DestinationCidrBlock: '0.0.0.0/0'}),
      )
    },
  ],
  [
    'subnet.private-1d',
    async (c) => {
      const n = await net(c)
      await c.ec2.send(
        new CreateRouteCommand({
          RouteTableId: n.table('private-1d').RouteTableId,
          DestinationCidrBlock: '192.0.2.0/24',
          GatewayId: n.igw,
        }),
      )
    },
  ],
  [
    'sg.alb.ingress',
    async (c) =>
      c.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({GroupId: (await net(c)).sg('alb'), IpPermissions: open(80)}),
      ),
  ],
  ['sg.alb.egress', async (c) => revokeEgress(c, (await net(c)).sg('alb'))],
  [
    'sg.eks.ingress',
    async (c) =>
      c.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({GroupId: (await net(c)).sg('eks'), IpPermissions: open(22)}),
      ),
  ],
  ['sg.eks.egress', async (c) => revokeEgress(c, (await net(c)).sg('eks'))],
  [
    'sg.rds.ingress',
    async (c) =>
      c.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({GroupId: (await net(c)).sg('rds'), IpPermissions: open(3306)}),
      ),
  ],
  ['sg.rds.egress', async (c) => revokeEgress(c, (await net(c)).sg('rds'))],
  [
    'eks.endpoint',
    async (c) => {
      const n = await net(c)
      await c.eks.send(
        new UpdateClusterConfigCommand({
          name: `${p}-eks`,
          resourcesVpcConfig: {
            subnetIds: ['private-1a', 'private-1c', 'private-1d'].map(n.subnet),
            securityGroupIds: [n.sg('eks')],
            endpointPrivateAccess: false,
            endpointPublicAccess: true,
          },
        }),
      )
    },
  ],
  [
    'eks.logging',
    async (c) =>
      c.eks.send(
        new UpdateClusterConfigCommand({
          name: `${p}-eks`,
          logging: {clusterLogging: [{types: ['api', 'authenticator'], enabled: true}]},
        }),
      ),
  ],
  ['fargate.default', (c) => recreateProfile(c, 'default', ['default'], 3)],
  ['fargate.application', (c) => recreateProfile(c, 'application', ['apps'], 3)],
  ['fargate.mlops', (c) => recreateProfile(c, 'mlops', ['mlops', 'extra'], 3)],
  ['ha.eks', (c) => recreateProfile(c, 'default', ['default'], 2)],
  [
    'rds.instance-class',
    (c) =>
      c.rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: `${p}-aurora-1`,
          DBInstanceClass: 'db.r6g.xlarge',
          ApplyImmediately: true,
        }),
      ),
  ],
  ['rds.multi-az', (c) => c.rds.send(new DeleteDBInstanceCommand({DBInstanceIdentifier: `${p}-aurora-2`}))],
  ['ha.aurora', async () => undefined], // the same drift as rds.multi-az: one instance left
  [
    'rds.backup-retention',
    (c) =>
      c.rds.send(
        new ModifyDBClusterCommand({
          DBClusterIdentifier: `${p}-aurora`,
          BackupRetentionPeriod: 7,
          ApplyImmediately: true,
        }),
      ),
  ],
  [
    'backup.aurora',
    (c) =>
      c.rds.send(
        new ModifyDBClusterCommand({
          DBClusterIdentifier: `${p}-aurora`,
          PreferredBackupWindow: '21:00-22:00',
          ApplyImmediately: true,
        }),
      ),
  ],
  [
    'rds.maintenance-window',
    (c) =>
      c.rds.send(
        new ModifyDBClusterCommand({
          DBClusterIdentifier: `${p}-aurora`,
          PreferredMaintenanceWindow: 'sun:04:00-sun:05:00',
          ApplyImmediately: true,
        }),
      ),
  ],
  ...(
    [
      ['rds.param.character-set-server', 'character_set_server', 'latin1'],
      ['rds.param.time-zone', 'time_zone', 'UTC'],
      ['rds.param.max-connections', 'max_connections', '500'],
      ['rds.param.slow-query-log', 'slow_query_log', '0'],
      ['rds.param.long-query-time', 'long_query_time', '10'],
    ] as const
  ).map(
    ([req, name, value]) =>
      [
        req,
        (c: Clients) =>
          c.rds.send(
            new ModifyDBClusterParameterGroupCommand({
              DBClusterParameterGroupName: `${p}-aurora-mysql80`,
              Parameters: [{ParameterName: name, ParameterValue: value, ApplyMethod: 'immediate'}],
            }),
          ),
      ] as [string, (c: Clients) => Promise<unknown>],
  ),
  [
    's3.models.encryption',
    (c) =>
      c.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: `${p}-models`,
          ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}}]},
        }),
      ),
  ],
  [
    's3.data.encryption',
    (c) =>
      c.s3.send(
        new PutBucketEncryptionCommand({
          Bucket: `${p}-data`,
          ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}}]},
        }),
      ),
  ],
  [
    's3.models.versioning',
    (c) =>
      c.s3.send(
        new PutBucketVersioningCommand({Bucket: `${p}-models`, VersioningConfiguration: {Status: 'Suspended'}}),
      ),
  ],
  [
    's3.data.versioning',
    (c) =>
      c.s3.send(new PutBucketVersioningCommand({Bucket: `${p}-data`, VersioningConfiguration: {Status: 'Suspended'}})),
  ],
  [
    's3.logs.versioning',
    (c) =>
      c.s3.send(new PutBucketVersioningCommand({Bucket: `${p}-logs`, VersioningConfiguration: {Status: 'Enabled'}})),
  ],
  ['s3.models.lifecycle', (c) => c.s3.send(new DeleteBucketLifecycleCommand({Bucket: `${p}-models`}))],
  ['s3.data.lifecycle', (c) => c.s3.send(new DeleteBucketLifecycleCommand({Bucket: `${p}-data`}))],
  ['s3.logs.lifecycle', (c) => c.s3.send(new DeleteBucketLifecycleCommand({Bucket: `${p}-logs`}))],
  ['backup.s3-replication', (c) => c.s3.send(new DeleteBucketReplicationCommand({Bucket: `${p}-models`}))],
  ['backup.eks-velero', (c) => c.s3.send(new DeleteBucketLifecycleCommand({Bucket: `${p}-velero`}))],
  ['arch.workloads', (c) => c.ecr.send(new DeleteRepositoryCommand({repositoryName: `${p}/worker`, force: true}))],
  [
    'ha.alb',
    async (c) => {
      const n = await net(c)
      const lb = (await c.elb.send(new DescribeLoadBalancersCommand({Names: [`${p}-alb`]}))).LoadBalancers![0]!
      await c.elb.send(
        new SetSubnetsCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Subnets: [n.subnet('public-1a'), n.subnet('public-1c')],
        }),
      )
    },
  ],
  [
    'cloudfront.origin',
    (c) =>
      editDistribution(c, (d) => ({
        ...d,
        Origins: {Quantity: 1, Items: [{...d.Origins!.Items![0]!, DomainName: 'elsewhere.example.net'}]},
      })),
  ],
  [
    'cloudfront.certificate',
    (c) =>
      editDistribution(c, (d) => ({
        ...d,
        ViewerCertificate: {
          ...d.ViewerCertificate,
          ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/other',
        },
      })),
  ],
  [
    'cloudfront.cache-policy',
    (c) =>
      editDistribution(c, (d) => ({
        ...d,
        DefaultCacheBehavior: {...d.DefaultCacheBehavior!, CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'},
      })),
  ],
  ['cloudfront.price-class', (c) => editDistribution(c, (d) => ({...d, PriceClass: 'PriceClass_All'}))],
  ['waf.attached', (c) => editDistribution(c, (d) => ({...d, WebACLId: ''}))],
  ['arch.edge', async () => undefined], // the same drift as waf.attached: the chain is broken
  [
    'waf.common',
    (c) =>
      editAcl(c, (rules) =>
        rules.map((r) => (r.Name === 'AWSManagedRulesCommonRuleSet' ? {...r, OverrideAction: {Count: {}}} : r)),
      ),
  ],
  [
    'waf.bad-inputs',
    (c) => editAcl(c, (rules) => rules.filter((r) => r.Name !== 'AWSManagedRulesKnownBadInputsRuleSet')),
  ],
  [
    'waf.sqli',
    (c) =>
      editAcl(c, (rules) =>
        rules.map((r) =>
          r.Name === 'AWSManagedRulesSQLiRuleSet'
            ? {
                ...r,
                Statement: {
                  ManagedRuleGroupStatement: {
                    ...r.Statement!.ManagedRuleGroupStatement!,
                    RuleActionOverrides: [{Name: 'SQLi_BODY', ActionToUse: {Count: {}}}],
                  },
                },
              }
            : r,
        ),
      ),
  ],
  [
    'waf.rate-limit',
    (c) =>
      editAcl(c, (rules) =>
        rules.map((r) =>
          r.Statement?.RateBasedStatement
            ? {...r, Statement: {RateBasedStatement: {...r.Statement.RateBasedStatement, Limit: 2000}}}
            : r,
        ),
      ),
  ],
]

async function recreateProfile(c: Clients, name: string, namespaces: string[], subnets: number) {
  const n = await net(c)
  await c.eks.send(new DeleteFargateProfileCommand({clusterName: `${p}-eks`, fargateProfileName: name}))
  await c.eks.send(
    new CreateFargateProfileCommand({
      clusterName: `${p}-eks`,
      fargateProfileName: name,
      podExecutionRoleArn: `arn:aws:iam::123456789012:role/${p}-fargate-pod-execution-role`,
      subnets: ['private-1a', 'private-1c', 'private-1d'].slice(0, subnets).map(n.subnet),
      selectors: namespaces.map((namespace) => ({namespace})),
      tags: {project: 'medical-ai', environment: 'dev', 'managed-by': 'platform'},
    }),
  )
}

type Rules = NonNullable<NonNullable<Awaited<ReturnType<typeof webAclOf>>>['acl']['Rules']>
async function editAcl(c: Clients, change: (r: Rules) => Rules) {
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

type Config = NonNullable<Awaited<ReturnType<typeof distributionOf>>>['config']
async function editDistribution(c: Clients, change: (d: Config) => Config) {
  const d = (await distributionOf(c, 'dev'))!
  await c.cf.send(new UpdateDistributionCommand({Id: d.id, IfMatch: d.etag, DistributionConfig: change(d.config)}))
}
