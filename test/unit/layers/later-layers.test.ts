import {
  AssociateEncryptionConfigCommand,
  DescribeClusterCommand,
  EKSClient,
  UpdateClusterConfigCommand,
  type Cluster,
} from '@aws-sdk/client-eks'
import {DescribeDBClustersCommand, ModifyDBClusterCommand, RDSClient} from '@aws-sdk/client-rds'
import {CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand} from '@aws-sdk/client-cloudfront'
import {GetWebACLCommand, ListWebACLsCommand, UpdateWebACLCommand, WAFV2Client} from '@aws-sdk/client-wafv2'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {auroraLayer} from '../../../src/layers/aurora/index.js'
import {cloudfrontLayer} from '../../../src/layers/cloudfront/index.js'
import {eksLayer} from '../../../src/layers/eks/index.js'
import {replicationFromLive} from '../../../src/layers/s3/rules.js'
import {wafLayer} from '../../../src/layers/waf/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext, Outputs, ResourceDef} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const eks = mockClient(EKSClient)
const rds = mockClient(RDSClient)
const cf = mockClient(CloudFrontClient)
const waf = mockClient(WAFV2Client)

function ctx(env = 'dev', applyNow = false): EngineContext {
  const outputs: Outputs = new Map<string, Record<string, string>>([
    [RESOURCES.subnet('private-1a').id, {id: 'subnet-a'}],
    [RESOURCES.subnet('private-1c').id, {id: 'subnet-c'}],
    [RESOURCES.subnet('private-1d').id, {id: 'subnet-d'}],
    [RESOURCES.securityGroup('eks').id, {id: 'sg-eks'}],
    [RESOURCES.securityGroup('rds').id, {id: 'sg-rds'}],
    [RESOURCES.clusterRole.id, {arn: 'arn:aws:iam::1:role/c'}],
    [RESOURCES.kmsKey.id, {id: 'k', arn: 'arn:aws:kms:ap-northeast-1:1:key/k'}],
    [RESOURCES.dbSubnetGroup.id, {name: 'g'}],
    [RESOURCES.dbParameterGroup.id, {name: 'pg'}],
    [RESOURCES.loadBalancer.id, {arn: 'lb', dnsName: 'alb.example'}],
    [RESOURCES.webAcl.id, {id: 'w', arn: 'arn:waf'}],
    [RESOURCES.cloudfrontCertificate.id, {arn: 'arn:cert'}],
  ])
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, env),
    account: '1',
    mode: 'apply',
    applyNow,
    outputs,
  })
}
const first = (layer: typeof eksLayer, c: EngineContext, i = 0, j = 0) => layer.steps(c)[i]![j] as AnyResourceDef
const ownTags = {
  project: 'medical-ai',
  environment: 'dev',
  'managed-by': 'platform',
  Name: 'medical-ai-dev-eks',
  'platform:logical-id': 'eks/cluster',
}

describe('paths the emulator cannot exercise (AWS behaviour)', () => {
  beforeEach(() => {
    for (const m of [eks, rds, cf, waf]) m.reset()
    delete process.env.PLATFORM_EMULATOR
  })
  afterEach(() => delete process.env.PLATFORM_EMULATOR)

  it('EKS without secrets encryption: AssociateEncryptionConfig with the environment key, then waits for the update', async () => {
    const c = ctx()
    const cluster = {
      name: 'medical-ai-dev-eks',
      arn: 'arn:eks',
      status: 'ACTIVE',
      version: '1.28',
      roleArn: 'arn:aws:iam::1:role/c',
      upgradePolicy: {supportType: 'STANDARD'},
      tags: ownTags,
      logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}]},
      accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'},
      resourcesVpcConfig: {
        subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
        securityGroupIds: ['sg-eks'],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
    }
    eks.on(DescribeClusterCommand).resolves({cluster: cluster as Cluster})
    eks.on(AssociateEncryptionConfigCommand).resolves({update: undefined})
    const p = await reconcileResource('eks', first(eksLayer, c), c)
    expect(p.changes.map((ch) => ch.path)).toEqual(['secretsEncryptionKey'])
    expect(eks).toHaveReceivedCommandWith(AssociateEncryptionConfigCommand, {
      clusterName: 'medical-ai-dev-eks',
      encryptionConfig: [{resources: ['secrets'], provider: {keyArn: 'arn:aws:kms:ap-northeast-1:1:key/k'}}],
    })
    expect(eks).not.toHaveReceivedCommand(UpdateClusterConfigCommand)
  })

  it('EKS logging drift sends the complete logging value (on and off), never a partial one', async () => {
    const c = ctx()
    const cluster = {
      name: 'medical-ai-dev-eks',
      arn: 'arn:eks',
      status: 'ACTIVE',
      version: '1.28',
      roleArn: 'arn:aws:iam::1:role/c',
      upgradePolicy: {supportType: 'STANDARD'},
      tags: ownTags,
      encryptionConfig: [{resources: ['secrets'], provider: {keyArn: 'arn:aws:kms:ap-northeast-1:1:key/k'}}],
      logging: {clusterLogging: [{types: ['api'], enabled: true}]},
      accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'},
      resourcesVpcConfig: {
        subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
        securityGroupIds: ['sg-eks'],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
      },
    }
    eks.on(DescribeClusterCommand).resolves({cluster: cluster as Cluster})
    eks.on(UpdateClusterConfigCommand).resolves({})
    await reconcileResource('eks', first(eksLayer, c), c)
    expect(eks).toHaveReceivedCommandWith(UpdateClusterConfigCommand, {
      name: 'medical-ai-dev-eks',
      logging: {
        clusterLogging: [
          {types: ['api', 'audit', 'authenticator'], enabled: true},
          {types: ['controllerManager', 'scheduler'], enabled: false},
        ],
      },
    })
  })

  it('S3 replication without SourceSelectionCriteria is drift on AWS (KMS objects would not replicate)', () => {
    const conf = {
      Role: 'r',
      Rules: [
        {
          ID: 'x',
          Status: 'Enabled' as const,
          Destination: {Bucket: 'b', EncryptionConfiguration: {ReplicaKmsKeyID: 'k'}},
        },
      ],
    }
    expect(replicationFromLive(conf)!.rules[0]!.sseKmsObjects).toBe('Disabled')
    process.env.PLATFORM_EMULATOR = 'moto'
    expect(replicationFromLive(conf)!.rules[0]!.sseKmsObjects).toBe('Enabled')
  })

  const dbCluster = (over: Record<string, unknown> = {}) => ({
    DBClusterIdentifier: 'medical-ai-dev-aurora',
    DBClusterArn: 'arn:rds',
    Status: 'available',
    Engine: 'aurora-mysql',
    EngineVersion: '8.0.mysql_aurora.3.08.0',
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:ap-northeast-1:1:key/k',
    DBSubnetGroup: 'medical-ai-dev-db-subnets',
    BackupRetentionPeriod: 35,
    PreferredMaintenanceWindow: 'sat:19:00-sat:20:00',
    PreferredBackupWindow: '18:00-19:00',
    DeletionProtection: false,
    EnabledCloudwatchLogsExports: ['audit', 'error', 'slowquery'],
    DBClusterParameterGroup: 'medical-ai-dev-aurora-mysql80',
    VpcSecurityGroups: [{VpcSecurityGroupId: 'sg-rds'}],
    MasterUserSecret: {SecretArn: 'arn:secret'},
    TagList: Object.entries({...ownTags, Name: 'medical-ai-dev-aurora', 'platform:logical-id': 'aurora/cluster'}).map(
      ([Key, Value]) => ({Key, Value}),
    ),
    ...over,
  })

  it('Aurora log exports drift: ModifyDBCluster with the enable/disable sets', async () => {
    const c = ctx()
    rds
      .on(DescribeDBClustersCommand)
      .resolves({DBClusters: [dbCluster({EnabledCloudwatchLogsExports: ['error', 'general']})]})
    rds.on(ModifyDBClusterCommand).resolves({})
    const p = await reconcileResource('aurora', first(auroraLayer, c, 1), c)
    expect(p.changes.map((ch) => [ch.path, ch.requirement])).toEqual([
      ['enabledCloudwatchLogsExports', 'baseline.rds.log-exports'],
    ])
    expect(rds).toHaveReceivedCommandWith(ModifyDBClusterCommand, {
      DBClusterIdentifier: 'medical-ai-dev-aurora',
      ApplyImmediately: true,
      CloudwatchLogsExportConfiguration: {EnableLogTypes: ['audit', 'slowquery'], DisableLogTypes: ['general']},
    })
  })

  it('prod: a parameter-group change (restart) waits for the maintenance window unless --apply-now; a retention change applies now', async () => {
    for (const [applyNow, expected] of [
      [false, false],
      [true, true],
    ] as const) {
      rds.reset()
      const c = ctx('prod', applyNow)
      rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [
          dbCluster({
            DBClusterIdentifier: 'medical-ai-prod-aurora',
            DBSubnetGroup: 'medical-ai-prod-db-subnets',
            DeletionProtection: true,
            DBClusterParameterGroup: 'default.aurora-mysql8.0',
            TagList: Object.entries({
              ...ownTags,
              environment: 'prod',
              Name: 'medical-ai-prod-aurora',
              'platform:logical-id': 'aurora/cluster',
            }).map(([Key, Value]) => ({Key, Value})),
          }),
        ],
      })
      rds.on(ModifyDBClusterCommand).resolves({})
      await reconcileResource('aurora', first(auroraLayer, c, 1), c)
      expect(rds).toHaveReceivedCommandWith(ModifyDBClusterCommand, {
        DBClusterParameterGroupName: 'medical-ai-prod-aurora-mysql80',
        ApplyImmediately: expected,
      })
    }
  })

  it('CloudFront updates send the ETag of a fresh read and the complete config', async () => {
    const c = ctx()
    const live = {
      id: 'E1',
      arn: 'arn:cf',
      status: 'Deployed',
      domainName: 'd',
      etag: 'OLD',
      tags: {},
      config: {
        CallerReference: 'platform-medical-ai-dev-cdn',
        PriceClass: 'PriceClass_All',
        Enabled: true,
        Comment: '',
        Origins: {Quantity: 0, Items: []},
        DefaultCacheBehavior: {TargetOriginId: 'alb', ViewerProtocolPolicy: 'allow-all'},
      },
    }
    cf.on(GetDistributionConfigCommand).resolves({ETag: 'FRESH', DistributionConfig: live.config as never})
    cf.on(UpdateDistributionCommand).resolves({})
    const def = first(cloudfrontLayer, c) as ResourceDef<typeof live, Record<string, string>>
    await def.update(c, live, [{path: 'priceClass', expected: 'PriceClass_200', actual: 'PriceClass_All'}])
    expect(cf).toHaveReceivedCommandWith(UpdateDistributionCommand, {
      Id: 'E1',
      IfMatch: 'FRESH',
      DistributionConfig: expect.objectContaining({
        PriceClass: 'PriceClass_200',
        WebACLId: 'arn:waf',
        ViewerCertificate: expect.objectContaining({
          ACMCertificateArn: 'arn:cert',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    })
  })

  it('WAF updates use a fresh lock token and retry once on WAFOptimisticLockException', async () => {
    const c = ctx()
    waf.on(ListWebACLsCommand).resolves({WebACLs: [{Name: 'medical-ai-dev-web-acl', Id: 'w'}]})
    waf
      .on(GetWebACLCommand)
      .resolvesOnce({
        WebACL: {Name: 'x', Id: 'w', ARN: 'a', DefaultAction: {Allow: {}}, VisibilityConfig: undefined},
        LockToken: 'T1',
      })
      .resolves({
        WebACL: {Name: 'x', Id: 'w', ARN: 'a', DefaultAction: {Allow: {}}, VisibilityConfig: undefined},
        LockToken: 'T2',
      })
    waf
      .on(UpdateWebACLCommand)
      .rejectsOnce(Object.assign(new Error('stale'), {name: 'WAFOptimisticLockException'}))
      .resolves({})
    const def = first(wafLayer, c) as ResourceDef<{acl: {Id: string; ARN: string}}, Record<string, string>>
    await def.update(c, {acl: {Id: 'w', ARN: 'a'}}, [{path: 'rules.waf.rate-limit', expected: [], actual: []}])
    const tokens = waf.commandCalls(UpdateWebACLCommand).map((x) => x.args[0].input.LockToken)
    expect(tokens).toEqual(['T1', 'T2'])
  })
})
