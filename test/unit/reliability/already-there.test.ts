import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2'
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {ALREADY_THERE_CODES} from '../../../src/aws/already.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {toPlatformError} from '../../../src/aws/errors.js'
import {SINGLE_ATTEMPT_OPERATIONS} from '../../../src/aws/retry.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {kmsLayer} from '../../../src/layers/kms/index.js'
import {defaultSecurityGroupResource} from '../../../src/layers/network/default-sg.js'
import {eipResource} from '../../../src/layers/network/nat.js'
import {routeTableResource, routeTableSpecs} from '../../../src/layers/network/routes.js'
import {subnetResource} from '../../../src/layers/network/subnets.js'
import {internetGatewayResource, vpcResource} from '../../../src/layers/network/vpc.js'
import {securityGroupsLayer} from '../../../src/layers/security-groups/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES, SECURITY_GROUP_KEYS} from '../../../src/resources.js'
import {testKey} from '../../helpers/keys.js'

const ec2 = mockClient(EC2Client)
const kms = mockClient(KMSClient)

function ctx(): EngineContext {
  const c = createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '123',
    mode: 'apply',
  })
  c.outputs.set(RESOURCES.vpc.id, {id: 'vpc-1'})
  for (const s of c.design.subnets) c.outputs.set(RESOURCES.subnet(s.key).id, {id: `subnet-${s.key}`, az: 'x'})
  for (const k of SECURITY_GROUP_KEYS) c.outputs.set(RESOURCES.securityGroup(k).id, {id: `sg-${k}`})
  c.outputs.set(RESOURCES.internetGateway.id, {id: 'igw-1'})
  return c
}

const sdkError = (name: string, message = 'Unknown') =>
  Object.assign(new Error(message), {name, $fault: 'client', $metadata: {httpStatusCode: 400}})
/** The create reached AWS and took effect; its answer was lost. */
const lostResponse = () => Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
const tags = (id: string) => [
  {Key: 'project', Value: 'medical-ai'},
  {Key: 'environment', Value: 'dev'},
  {Key: 'managed-by', Value: 'platform'},
  {Key: 'platform:logical-id', Value: id},
]

beforeEach(() => {
  ec2.reset()
  kms.reset()
})

describe('"already there" is success: the create goes back through find', () => {
  it.each(Object.keys(ALREADY_THERE_CODES))(
    '%s on a create: the resource find now sees is the result',
    async (code) => {
      let created = false
      const def: AnyResourceDef = {
        key: testKey('l/thing'),
        name: 'thing',
        find: vi.fn(async () => (created ? {id: 'existing'} : undefined)),
        create: vi.fn(async () => {
          created = true
          throw sdkError(code)
        }),
        fields: () => [],
        update: vi.fn(),
        outputs: (l: {id: string}) => ({id: l.id}),
        physicalId: (l: {id: string}) => l.id,
      }
      const p = await reconcileResource('l', def, ctx())
      expect(p).toMatchObject({action: 'create', physicalId: 'existing'})
      expect(def.create).toHaveBeenCalledTimes(1)
      expect(def.find).toHaveBeenCalledTimes(2)
    },
  )

  it.each(Object.keys(ALREADY_THERE_CODES))('%s with no message never reads "X: Unknown"', (code) => {
    const e = toPlatformError(sdkError(code), 'layer iam')
    expect(e.message).not.toMatch(/: Unknown$/)
    expect(e.message).toContain(code)
    expect(e.message).toContain(ALREADY_THERE_CODES[code]!)
  })

  it('a failure that is not "already there" and leaves nothing is the run\'s error, after one create', async () => {
    const def: AnyResourceDef = {
      key: testKey('l/thing'),
      name: 'thing',
      find: vi.fn(async () => undefined),
      create: vi.fn(async () => {
        throw sdkError('InvalidParameterValue', 'bad CIDR')
      }),
      fields: () => [],
      update: vi.fn(),
      outputs: () => ({}),
      physicalId: () => 'x',
    }
    await expect(reconcileResource('l', def, ctx())).rejects.toMatchObject({name: 'InvalidParameterValue'})
    expect(def.create).toHaveBeenCalledTimes(1)
  })
})

describe('"already there" on an association, a route or a rule: the state asked for exists', () => {
  it('InvalidPermission.Duplicate on AuthorizeSecurityGroupIngress', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []})
    ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(sdkError('InvalidPermission.Duplicate'))
    ec2.onAnyCommand().resolves({})
    const c = ctx()
    const rules = securityGroupsLayer.steps(c)[1]![0]!
    const p = await reconcileResource('security-groups', rules, c)
    expect(p.action).toBe('update')
    expect(ec2).toHaveReceivedCommand(AuthorizeSecurityGroupIngressCommand)
  })

  it('RouteAlreadyExists on CreateRoute and Resource.AlreadyAssociated on AssociateRouteTable', async () => {
    ec2.on(CreateRouteCommand).rejects(sdkError('RouteAlreadyExists'))
    ec2.on(AssociateRouteTableCommand).rejects(sdkError('Resource.AlreadyAssociated'))
    ec2.on(DescribeRouteTablesCommand).resolves({RouteTables: []})
    const c = ctx()
    const spec = routeTableSpecs(c).find((s) => s.name === 'public')!
    await routeTableResource(spec).update(c, {RouteTableId: 'rtb-1', Routes: [], Associations: []}, [
      {path: 'routes', expected: [], actual: []},
      {path: 'associations.public-1a', expected: true, actual: false},
    ])
    expect(ec2).toHaveReceivedCommandWith(CreateRouteCommand, {RouteTableId: 'rtb-1', GatewayId: 'igw-1'})
    expect(ec2).toHaveReceivedCommandWith(AssociateRouteTableCommand, {RouteTableId: 'rtb-1'})
  })

  it('Resource.AlreadyAssociated on AttachInternetGateway', async () => {
    ec2.on(AttachInternetGatewayCommand).rejects(sdkError('Resource.AlreadyAssociated'))
    const c = ctx()
    await internetGatewayResource().update(c, {InternetGatewayId: 'igw-1', Attachments: []}, [
      {path: 'attachment.vpcId', expected: 'vpc-1', actual: null},
    ])
    expect(ec2).toHaveReceivedCommandWith(AttachInternetGatewayCommand, {InternetGatewayId: 'igw-1', VpcId: 'vpc-1'})
  })
})

describe('"already gone" on a revoke: the rule was removed by an attempt whose answer was lost', () => {
  it("InvalidPermission.NotFound on the default security group's revokes", async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(sdkError('InvalidPermission.NotFound'))
    ec2.on(RevokeSecurityGroupEgressCommand).rejects(sdkError('InvalidPermission.NotFound'))
    const live = {
      group: {GroupId: 'sg-default'},
      rules: [
        {SecurityGroupRuleId: 'sgr-in', IsEgress: false},
        {SecurityGroupRuleId: 'sgr-out', IsEgress: true},
      ],
    }
    await defaultSecurityGroupResource().update(ctx(), live, [
      {path: 'ingress', expected: [], actual: ['x']},
      {path: 'egress', expected: [], actual: ['y']},
    ])
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {SecurityGroupRuleIds: ['sgr-in']})
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, {SecurityGroupRuleIds: ['sgr-out']})
  })
})

/**
 * Each create without an idempotency token: its answer is lost (it took effect), and the
 * engine finds the resource it made instead of sending the create again. The SDK itself
 * never retries these (retry.test.ts sends them through the real retry middleware).
 */
describe('no create is sent twice blind', () => {
  const cases: {op: string; def: () => AnyResourceDef; command: unknown; arrange: (made: () => boolean) => void}[] = [
    {
      op: 'EC2.CreateVpc',
      def: vpcResource,
      command: CreateVpcCommand,
      arrange: (made) => {
        ec2.on(DescribeVpcsCommand).callsFake(() => ({
          Vpcs: made()
            ? [{VpcId: 'vpc-9', CidrBlock: '10.2.0.0/16', State: 'available', Tags: tags('network/vpc')}]
            : [],
        }))
        ec2.on(DescribeVpcAttributeCommand).resolves({})
      },
    },
    {
      op: 'EC2.CreateSubnet',
      def: () => subnetResource(resolveDesign({}, 'dev').subnets[0]!),
      command: CreateSubnetCommand,
      arrange: (made) =>
        ec2.on(DescribeSubnetsCommand).callsFake(() => ({
          Subnets: made()
            ? [
                {
                  SubnetId: 'subnet-9',
                  AvailabilityZone: 'ap-northeast-1a',
                  Tags: tags(RESOURCES.subnet('public-1a').id),
                },
              ]
            : [],
        })),
    },
    {
      op: 'EC2.CreateInternetGateway',
      def: internetGatewayResource,
      command: CreateInternetGatewayCommand,
      arrange: (made) =>
        ec2.on(DescribeInternetGatewaysCommand).callsFake(() => ({
          InternetGateways: made() ? [{InternetGatewayId: 'igw-9', Tags: tags(RESOURCES.internetGateway.id)}] : [],
        })),
    },
    {
      op: 'EC2.AllocateAddress',
      def: () => eipResource('1a'),
      command: AllocateAddressCommand,
      arrange: (made) =>
        ec2.on(DescribeAddressesCommand).callsFake(() => ({
          Addresses: made() ? [{AllocationId: 'eipalloc-9', Tags: tags(RESOURCES.elasticIp('1a').id)}] : [],
        })),
    },
    {
      op: 'EC2.CreateRouteTable',
      def: () => routeTableResource(routeTableSpecs(ctx()).find((s) => s.name === 'public')!),
      command: CreateRouteTableCommand,
      arrange: (made) =>
        ec2.on(DescribeRouteTablesCommand).callsFake(() => ({
          RouteTables: made() ? [{RouteTableId: 'rtb-9', Tags: tags(RESOURCES.routeTable('public').id)}] : [],
        })),
    },
    {
      op: 'KMS.CreateKey',
      def: () => kmsLayer.steps(ctx())[0]![0]!,
      command: CreateKeyCommand,
      arrange: (made) => {
        kms.on(DescribeKeyCommand, {KeyId: 'alias/medical-ai-dev'}).rejects(sdkError('NotFoundException'))
        kms
          .on(DescribeKeyCommand, {KeyId: 'k-9'})
          .resolves({KeyMetadata: {KeyId: 'k-9', Arn: 'arn:aws:kms:ap-northeast-1:123:key/k-9', KeyState: 'Enabled'}})
        kms.on(ListKeysCommand).callsFake(() => ({Keys: made() ? [{KeyId: 'k-9'}] : []}))
        kms.on(ListResourceTagsCommand).resolves({
          Tags: tags(RESOURCES.kmsKey.id).map((t) => ({TagKey: t.Key, TagValue: t.Value})),
        })
        kms.on(GetKeyRotationStatusCommand).resolves({KeyRotationEnabled: false})
        kms.on(GetKeyPolicyCommand).resolves({Policy: '{}'})
      },
    },
  ]

  it('covers every create the SDK is told never to retry', () => {
    expect(cases.map((c) => c.op).sort()).toEqual([...SINGLE_ATTEMPT_OPERATIONS].sort())
  })

  it.each(cases)('$op: a lost response is found by find, and the create is sent once', async (tc) => {
    let made = false
    ec2.onAnyCommand().resolves({})
    kms.onAnyCommand().resolves({})
    tc.arrange(() => made)
    const client = (tc.op.startsWith('KMS') ? kms : ec2) as unknown as typeof ec2
    client.on(tc.command as typeof CreateVpcCommand).callsFake(() => {
      made = true
      throw lostResponse()
    })
    const p = await reconcileResource('l', tc.def(), ctx())
    expect(p.action).toBe('create')
    expect(p.physicalId).toMatch(/-9$/)
    expect(client).toHaveReceivedCommandTimes(tc.command as typeof CreateVpcCommand, 1)
  })
})
