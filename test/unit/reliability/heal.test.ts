import {
  AllocateAddressCommand,
  DeleteNatGatewayCommand,
  DeleteSubnetCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {DescribeClusterCommand, EKSClient} from '@aws-sdk/client-eks'
import {DescribeDBClustersCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetBucketEncryptionCommand, S3Client} from '@aws-sdk/client-s3'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {
  DescribeKeyCommand,
  ListGrantsCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {kmsLayer} from '../../../src/layers/kms/index.js'
import {eipResource, natGatewayResource} from '../../../src/layers/network/nat.js'
import {subnetResource} from '../../../src/layers/network/subnets.js'
import {reconcileResource, runEngine} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'
import {testKey} from '../../helpers/keys.js'

const ec2 = mockClient(EC2Client)
const kms = mockClient(KMSClient)
const s3 = mockClient(S3Client)
const eks = mockClient(EKSClient)
const rds = mockClient(RDSClient)
const logs = mockClient(CloudWatchLogsClient)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const awsError = (name: string) => Object.assign(new Error(name), {name})
beforeEach(() => {
  for (const m of [ec2, kms, s3, eks, rds, logs, tagging]) m.reset()
  // An environment with nothing but what each test arranges: no gateways, grants or resources.
  ec2.on(DescribeNatGatewaysCommand).resolves({NatGateways: []})
  kms.on(ListGrantsCommand).resolves({Grants: []})
  s3.on(GetBucketEncryptionCommand).rejects(awsError('NoSuchBucket'))
  eks.on(DescribeClusterCommand).rejects(awsError('ResourceNotFoundException'))
  rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault'))
  logs.on(DescribeLogGroupsCommand).resolves({logGroups: []})
})

const ctx = (mode: 'plan' | 'apply'): EngineContext =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '123',
    mode,
  })
const tags = (id: string) => [
  {Key: 'project', Value: 'medical-ai'},
  {Key: 'environment', Value: 'dev'},
  {Key: 'managed-by', Value: 'platform'},
  {Key: 'platform:logical-id', Value: id},
]
const eipTags = tags(RESOURCES.elasticIp('1a').id)

describe('healing duplicates of a resource (EIPs through the real layer)', () => {
  it('plan: the associated EIP is kept, the other is planned delete-duplicate with why, nothing deleted', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-b', AssociationId: 'eipassoc-1', Tags: eipTags},
      ],
    })
    const p = await reconcileResource('network', eipResource('1a'), ctx('plan'))
    expect(p.physicalId).toBe('eipalloc-b')
    expect(p.duplicates).toEqual([
      expect.objectContaining({
        action: 'delete-duplicate',
        physicalId: 'eipalloc-a',
        note: 'same ownership tags as eipalloc-b, kept as which others depend on',
      }),
    ])
    expect(ec2).not.toHaveReceivedCommand(ReleaseAddressCommand)
  })

  it('apply: none in use, the lowest id is kept and the other released', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-b', Tags: eipTags},
        {AllocationId: 'eipalloc-a', Tags: eipTags},
      ],
    })
    ec2.on(ReleaseAddressCommand).resolves({})
    const p = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(p.physicalId).toBe('eipalloc-a')
    expect(p.duplicates?.map((d) => d.physicalId)).toEqual(['eipalloc-b'])
    expect(ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, {AllocationId: 'eipalloc-b'})
    expect(ec2).toHaveReceivedCommandTimes(ReleaseAddressCommand, 1)
  })

  it('two copies each in use: the run stops naming both, nothing deleted', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', AssociationId: 'x', Tags: eipTags},
        {AllocationId: 'eipalloc-b', AssociationId: 'y', Tags: eipTags},
      ],
    })
    await expect(reconcileResource('network', eipResource('1a'), ctx('apply'))).rejects.toThrow(
      /Found 2 Elastic IPs for 1a .*eipalloc-a, eipalloc-b, each in use/,
    )
    expect(ec2).not.toHaveReceivedCommand(ReleaseAddressCommand)
  })

  it('the plan of a run lists each duplicate after the resource kept', async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-b', Tags: eipTags},
      ],
    })
    const layer = {name: 'network', description: '', dependsOn: [], steps: () => [[eipResource('1a')]]}
    const run = await runEngine({layers: [layer], ctx: ctx('plan'), concurrency: 2})
    expect(run.resources.map((r) => r.physicalId)).toEqual(['eipalloc-a', 'eipalloc-b'])
    expect(run.resources[1]!.action).toBe('delete-duplicate')
  })
})

describe('never for resources that hold data', () => {
  it('two tagged buckets (or databases) stop the run naming both; nothing is deleted', async () => {
    const del = vi.fn()
    const bucket: AnyResourceDef = {
      key: testKey('s3/models'),
      name: 'models',
      find: async (c: EngineContext) => {
        c.duplicates?.push({live: {name: 'models-copy'}, why: 'same ownership tags'})
        return {name: 'models-main'}
      },
      create: vi.fn(),
      fields: () => [],
      update: vi.fn(),
      delete: del,
      holdsData: async () => 'versioned objects',
      outputs: (l: {name: string}) => ({name: l.name}),
      physicalId: (l: {name: string}) => l.name,
    }
    await expect(reconcileResource('s3', bucket, ctx('apply'))).rejects.toThrow(
      /Found 2 of .* models carrying the same ownership tags: models-main and models-copy\. It holds data/,
    )
    expect(del).not.toHaveBeenCalled()
  })
})

describe('leaked KMS keys (tagged, no alias points to them)', () => {
  const arn = (id: string) => `arn:aws:kms:ap-northeast-1:123:key/${id}`
  const arrange = () => {
    kms.on(DescribeKeyCommand).callsFake((input: {KeyId: string}) => {
      // DescribeKey answers with the bare key id, whether asked by alias, id or ARN.
      const id = input.KeyId === 'alias/medical-ai-dev' ? 'k-1' : input.KeyId.replace(/^arn:.*:key\//, '')
      return {KeyMetadata: {KeyId: id, Arn: arn(id), KeyState: 'Enabled', CreationDate: new Date(0)}}
    })
    kms.on(ListKeysCommand).resolves({Keys: [{KeyId: 'k-1'}, {KeyId: 'k-2'}, {KeyId: 'other'}]})
    kms.on(ListResourceTagsCommand).callsFake((input: {KeyId: string}) => ({
      Tags: (input.KeyId === 'other' ? tags('kms/another') : tags(RESOURCES.kmsKey.id)).map((t) => ({
        TagKey: t.Key,
        TagValue: t.Value,
      })),
    }))
    kms.on(GetKeyRotationStatusCommand).resolves({KeyRotationEnabled: true})
    kms.on(GetKeyPolicyCommand).resolves({Policy: '{}'})
    kms.on(ScheduleKeyDeletionCommand).resolves({})
  }
  const envKey = (c: EngineContext) => kmsLayer.steps(c)[0]!.find((d) => d.key.id === RESOURCES.kmsKey.id)!

  it('plan: shown as delete-duplicate, with the 30-day window and how to cancel in the note', async () => {
    arrange()
    const c = ctx('plan')
    const p = await reconcileResource('kms', envKey(c), c)
    expect(p.physicalId).toBe('k-1')
    expect(p.duplicates).toEqual([
      expect.objectContaining({
        action: 'delete-duplicate',
        physicalId: 'k-2',
        note: expect.stringMatching(/scheduled for deletion in 30 days, cancel with CancelKeyDeletion/),
      }),
    ])
    // "Never used" was checked: the copy's grants and every resource of the environment that names a key.
    expect(kms).toHaveReceivedCommandWith(ListGrantsCommand, {KeyId: 'k-2'})
    expect(s3).toHaveReceivedCommandWith(GetBucketEncryptionCommand, {Bucket: 'medical-ai-dev-models'})
    expect(eks).toHaveReceivedCommandWith(DescribeClusterCommand, {name: 'medical-ai-dev-eks'})
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, {DBClusterIdentifier: 'medical-ai-dev-aurora'})
    expect(logs).toHaveReceivedCommand(DescribeLogGroupsCommand)
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('a copy with a grant (an AWS service uses it) stops the run naming it; nothing is scheduled', async () => {
    arrange()
    kms.on(ListGrantsCommand, {KeyId: 'k-2'}).resolves({
      Grants: [{GrantId: 'g-1', GranteePrincipal: 'rds.ap-northeast-1.amazonaws.com', KeyId: arn('k-2')}],
    })
    const c = ctx('apply')
    await expect(reconcileResource('kms', envKey(c), c)).rejects.toMatchObject({
      code: 'DUPLICATE',
      exitCode: 4,
      message: expect.stringMatching(/KMS key k-2 .*in use: grant g-1 to rds\.ap-northeast-1\.amazonaws\.com/),
    })
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('a copy a bucket of the environment encrypts with stops the run naming both; nothing is scheduled', async () => {
    arrange()
    s3.on(GetBucketEncryptionCommand, {Bucket: 'medical-ai-dev-data'}).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn('k-2')}}],
      },
    })
    const c = ctx('apply')
    await expect(reconcileResource('kms', envKey(c), c)).rejects.toThrow(
      /KMS key k-2 .*in use: default encryption of bucket medical-ai-dev-data/,
    )
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('a copy the EKS cluster, the Aurora cluster or a log group uses stops the run naming each', async () => {
    arrange()
    eks.on(DescribeClusterCommand).resolves({cluster: {encryptionConfig: [{provider: {keyArn: arn('k-2')}}]}})
    rds.on(DescribeDBClustersCommand).resolves({DBClusters: [{KmsKeyId: arn('k-2')}]})
    logs
      .on(DescribeLogGroupsCommand, {logGroupNamePrefix: '/aws/eks/medical-ai-dev-eks/'})
      .resolves({logGroups: [{logGroupName: '/aws/eks/medical-ai-dev-eks/cluster', kmsKeyId: arn('k-2')}]})
    const c = ctx('apply')
    await expect(reconcileResource('kms', envKey(c), c)).rejects.toThrow(
      /secrets encryption of EKS cluster medical-ai-dev-eks; Aurora cluster medical-ai-dev-aurora; log groups \/aws\/eks\/medical-ai-dev-eks\/\*/,
    )
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('the audit finds leaked keys through the Tagging API (one call, whatever other keys exist) and reports them', async () => {
    arrange()
    tagging
      .on(GetResourcesCommand)
      .resolves({ResourceTagMappingList: [{ResourceARN: arn('k-1')}, {ResourceARN: arn('k-2')}]})
    const c: EngineContext = {...ctx('plan'), duplicates: [], copies: 'report'}
    const live = await envKey(c).find(c)
    expect(live?.key.KeyId).toBe('k-1')
    expect(c.duplicates?.map((d) => (d.live as {key: {KeyId: string}}).key.KeyId)).toEqual(['k-2'])
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      ResourceTypeFilters: ['kms:key'],
      TagFilters: expect.arrayContaining([{Key: 'platform:logical-id', Values: [RESOURCES.kmsKey.id]}]),
    })
    expect(kms).not.toHaveReceivedCommand(ListKeysCommand)
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('a use that cannot be read counts as a use: the key is not scheduled', async () => {
    arrange()
    rds.on(DescribeDBClustersCommand).rejects(awsError('AccessDenied'))
    const c = ctx('apply')
    await expect(reconcileResource('kms', envKey(c), c)).rejects.toThrow(
      /Aurora cluster medical-ai-dev-aurora could not be read \(AccessDenied\)/,
    )
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand)
  })

  it('apply: the leaked key is scheduled for deletion with the longest window; the aliased one is kept', async () => {
    arrange()
    const c = ctx('apply')
    await reconcileResource('kms', envKey(c), c)
    expect(kms).toHaveReceivedCommandTimes(ScheduleKeyDeletionCommand, 1)
    expect(kms).toHaveReceivedCommandWith(ScheduleKeyDeletionCommand, {KeyId: 'k-2', PendingWindowInDays: 30})
    expect(kms).toHaveReceivedCommandWith(ListGrantsCommand, {KeyId: 'k-2'})
  })
})

const subnetTags = tags(RESOURCES.subnet('public-1a').id)
const natTags = tags(RESOURCES.natGateway('1a').id)
const vpcCtx = (mode: 'plan' | 'apply') => {
  const c = ctx(mode)
  c.outputs.set(RESOURCES.vpc.id, {id: 'vpc-1'})
  c.outputs.set(RESOURCES.subnet('public-1a').id, {id: 'subnet-a', az: 'ap-northeast-1a'})
  c.outputs.set(RESOURCES.elasticIp('1a').id, {allocationId: 'eipalloc-a'})
  return c
}

describe('subnet copies', () => {
  const design = (c: EngineContext) => c.design.subnets.find((x) => x.key === 'public-1a')!
  const twoSubnets = () =>
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {SubnetId: 'subnet-a', CidrBlock: '10.2.0.0/20', AvailabilityZone: 'ap-northeast-1a', Tags: subnetTags},
        {SubnetId: 'subnet-0', CidrBlock: '10.2.200.0/24', AvailabilityZone: 'ap-northeast-1a', Tags: subnetTags},
      ],
    })

  it('the one a NAT gateway and a route table depend on is kept; the empty copy (lower id) is deleted', async () => {
    twoSubnets()
    ec2.on(DescribeNetworkInterfacesCommand).resolves({NetworkInterfaces: []})
    ec2
      .on(DescribeNatGatewaysCommand)
      .resolves({NatGateways: [{NatGatewayId: 'nat-1', SubnetId: 'subnet-a', State: 'available'}]})
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [{RouteTableId: 'rtb-1', Associations: [{SubnetId: 'subnet-a', Main: false}]}],
    })
    ec2.on(DeleteSubnetCommand).resolves({})
    const c = vpcCtx('apply')
    const p = await reconcileResource('network', subnetResource(design(c)), c)
    expect(p.physicalId).toBe('subnet-a')
    expect(p.duplicates).toEqual([
      expect.objectContaining({
        action: 'delete-duplicate',
        physicalId: 'subnet-0',
        note: expect.stringMatching(/kept as which others depend on/),
      }),
    ])
    expect(ec2).toHaveReceivedCommandWith(DeleteSubnetCommand, {SubnetId: 'subnet-0'})
    expect(ec2).toHaveReceivedCommandTimes(DeleteSubnetCommand, 1)
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      Filters: [{Name: 'subnet-id', Values: ['subnet-a', 'subnet-0']}],
    })
  })

  it('a copy with a network interface in it is never deleted: both in use stop the run naming both', async () => {
    twoSubnets()
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolves({NetworkInterfaces: [{NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-0'}]})
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [{RouteTableId: 'rtb-1', Associations: [{SubnetId: 'subnet-a', Main: false}]}],
    })
    const c = vpcCtx('apply')
    await expect(reconcileResource('network', subnetResource(design(c)), c)).rejects.toThrow(
      /Found 2 subnets public-1a .*subnet-a, subnet-0, each in use/,
    )
    expect(ec2).not.toHaveReceivedCommand(DeleteSubnetCommand)
  })

  it('nothing attached to either: the lowest id is kept, the other deleted', async () => {
    twoSubnets()
    ec2.on(DescribeNetworkInterfacesCommand).resolves({NetworkInterfaces: []})
    ec2.on(DescribeRouteTablesCommand).resolves({RouteTables: []})
    ec2.on(DeleteSubnetCommand).resolves({})
    const c = vpcCtx('plan')
    const p = await reconcileResource('network', subnetResource(design(c)), c)
    expect(p.physicalId).toBe('subnet-0')
    expect(p.duplicates?.map((d) => d.physicalId)).toEqual(['subnet-a'])
    expect(ec2).not.toHaveReceivedCommand(DeleteSubnetCommand)
  })
})

describe('NAT gateway copies', () => {
  const gateways = [
    {
      NatGatewayId: 'nat-0',
      SubnetId: 'subnet-a',
      State: 'available',
      Tags: natTags,
      NatGatewayAddresses: [{AllocationId: 'eipalloc-c'}],
    },
    {
      NatGatewayId: 'nat-9',
      SubnetId: 'subnet-a',
      State: 'available',
      Tags: natTags,
      NatGatewayAddresses: [{AllocationId: 'eipalloc-a'}],
    },
  ]

  it('the one a route table routes to is kept (not the lowest id); the copy is deleted and waited for until deleted', async () => {
    let deleted = false
    ec2
      .on(DescribeNatGatewaysCommand)
      .callsFake((input: {NatGatewayIds?: string[]}) =>
        input.NatGatewayIds
          ? {NatGateways: [{NatGatewayId: 'nat-0', State: deleted ? 'deleted' : 'deleting'}]}
          : {NatGateways: gateways},
      )
    ec2
      .on(DescribeRouteTablesCommand)
      .resolves({RouteTables: [{RouteTableId: 'rtb-1', Routes: [{NatGatewayId: 'nat-9'}]}]})
    ec2.on(DeleteNatGatewayCommand).callsFake(() => {
      deleted = true
      return {}
    })
    const c = vpcCtx('apply')
    const p = await reconcileResource('network', natGatewayResource('1a'), c)
    expect(p.physicalId).toBe('nat-9')
    expect(p.duplicates).toEqual([expect.objectContaining({action: 'delete-duplicate', physicalId: 'nat-0'})])
    expect(ec2).toHaveReceivedCommandWith(DeleteNatGatewayCommand, {NatGatewayId: 'nat-0'})
    expect(ec2).toHaveReceivedCommandTimes(DeleteNatGatewayCommand, 1)
    expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {NatGatewayIds: ['nat-0']})
  })

  it("the copy's Elastic IP (a tagged EIP copy) is left for the next run while its gateway lives, then released", async () => {
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', AssociationId: 'eipassoc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-c', AssociationId: 'eipassoc-c', Tags: eipTags},
      ],
    })
    ec2.on(DescribeNatGatewaysCommand).resolves({NatGateways: gateways})
    ec2
      .on(DescribeRouteTablesCommand)
      .resolves({RouteTables: [{RouteTableId: 'rtb-1', Routes: [{NatGatewayId: 'nat-9'}]}]})
    ec2.on(ReleaseAddressCommand).resolves({})
    const first = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(first.physicalId).toBe('eipalloc-a')
    expect(first.duplicates).toBeUndefined()
    expect(ec2).not.toHaveReceivedCommand(ReleaseAddressCommand)

    // Next run: the gateway copy is gone and AWS freed its address.
    ec2.on(DescribeAddressesCommand).resolves({
      Addresses: [
        {AllocationId: 'eipalloc-a', AssociationId: 'eipassoc-a', Tags: eipTags},
        {AllocationId: 'eipalloc-c', Tags: eipTags},
      ],
    })
    ec2.on(DescribeNatGatewaysCommand).resolves({NatGateways: [gateways[1]!]})
    const next = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(next.duplicates?.map((d) => d.physicalId)).toEqual(['eipalloc-c'])
    expect(ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, {AllocationId: 'eipalloc-c'})
    expect(ec2).toHaveReceivedCommandTimes(ReleaseAddressCommand, 1)
  })
})

describe('a copy made by a retried create is healed in the same run', () => {
  it('the create returns the newer copy; the re-read keeps the canonical one and deletes the other', async () => {
    let made = false
    ec2.on(DescribeAddressesCommand).callsFake(() => ({
      Addresses: made
        ? [
            {AllocationId: 'eipalloc-a', Tags: eipTags},
            {AllocationId: 'eipalloc-b', Tags: eipTags},
          ]
        : [],
    }))
    ec2.on(AllocateAddressCommand).callsFake(() => {
      made = true
      return {AllocationId: 'eipalloc-b'}
    })
    ec2.on(ReleaseAddressCommand).resolves({})
    const p = await reconcileResource('network', eipResource('1a'), ctx('apply'))
    expect(p).toMatchObject({action: 'create', physicalId: 'eipalloc-a'})
    expect(p.duplicates?.map((d) => d.physicalId)).toEqual(['eipalloc-b'])
    expect(ec2).toHaveReceivedCommandTimes(AllocateAddressCommand, 1)
    expect(ec2).toHaveReceivedCommandWith(ReleaseAddressCommand, {AllocationId: 'eipalloc-b'})
  })
})
