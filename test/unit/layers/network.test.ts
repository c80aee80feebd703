import {
  AssociateRouteTableCommand,
  CreateVpcCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ReplaceRouteTableAssociationCommand,
} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {natGatewayResource} from '../../../src/layers/network/nat.js'
import {routeTableResource, routeTableSpecs} from '../../../src/layers/network/routes.js'
import {vpcResource} from '../../../src/layers/network/vpc.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const ec2 = mockClient(EC2Client)

function ctx(): EngineContext {
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, 'dev'),
    account: '123',
    mode: 'apply',
  })
}

describe('network layer (aws-sdk-client-mock)', () => {
  beforeEach(() => ec2.reset())

  it('creates the VPC with its tags in the create call, then DNS support before hostnames, one attribute per call', async () => {
    ec2.onAnyCommand().resolves({})
    ec2.on(CreateVpcCommand).resolves({Vpc: {VpcId: 'vpc-1', CidrBlock: '10.2.0.0/16', State: 'available'}})
    const c = ctx()
    const p = await reconcileResource('network', vpcResource(), c)
    expect(p).toMatchObject({action: 'create', physicalId: 'vpc-1'})
    expect(ec2).toHaveReceivedCommandWith(CreateVpcCommand, {
      CidrBlock: '10.2.0.0/16',
      TagSpecifications: [
        {
          ResourceType: 'vpc',
          Tags: expect.arrayContaining([
            {Key: 'project', Value: 'medical-ai'},
            {Key: 'environment', Value: 'dev'},
            {Key: 'managed-by', Value: 'platform'},
            {Key: 'Name', Value: 'medical-ai-dev-vpc'},
            {Key: 'platform:logical-id', Value: 'network/vpc'},
          ]),
        },
      ],
    })
    expect(ec2).toHaveReceivedCommandTimes(ModifyVpcAttributeCommand, 1)
    expect(ec2).toHaveReceivedCommandWith(ModifyVpcAttributeCommand, {
      VpcId: 'vpc-1',
      EnableDnsHostnames: {Value: true},
    })
  })

  it('a NAT gateway that stays pending: the waiter gives up at its timeout with a clear error', async () => {
    vi.useFakeTimers()
    try {
      const pending = {NatGatewayId: 'nat-1', State: 'pending' as const, SubnetId: 'subnet-1'}
      ec2.on(DescribeNatGatewaysCommand).resolves({NatGateways: [pending]})
      const nat = natGatewayResource('1a')
      const c = ctx()
      const done = nat.ready!(c, pending).catch((e) => e)
      await vi.advanceTimersByTimeAsync(16 * 60_000)
      const err = await done
      expect(err.code).toBe('WAIT_TIMEOUT')
      expect(err.message).toMatch(/waiting for NAT gateway nat-1 \(1a\) to be available \(last state: pending\)/)
      expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {NatGatewayIds: ['nat-1']})
      // 15-minute budget, 5 s growing to 30 s: about 35 polls, not thousands.
      const polls = ec2.commandCalls(DescribeNatGatewaysCommand).length
      expect(polls).toBeGreaterThan(20)
      expect(polls).toBeLessThan(50)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a NAT gateway that fails: the waiter stops with the failure code', async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [
        {NatGatewayId: 'nat-1', State: 'failed', FailureCode: 'Gateway.NotAttached', FailureMessage: 'no IGW'},
      ],
    })
    const err = await natGatewayResource('1a').ready!(ctx(), {NatGatewayId: 'nat-1', State: 'pending'}).catch((e) => e)
    expect(err.code).toBe('WAIT_FAILED')
    expect(err.message).toContain('Gateway.NotAttached: no IGW')
  })

  it('route tables reconciled in parallel: an association the other table already moved is not an error', async () => {
    const notFound = () =>
      Object.assign(new Error("Association ID 'rtbassoc-old' not found"), {name: 'InvalidAssociationID.NotFound'})
    const c = ctx()
    c.outputs.set(RESOURCES.subnet('private-1a').id, {id: 'subnet-a'})
    c.outputs.set(RESOURCES.subnet('public-1a').id, {id: 'subnet-pub'})
    const spec = routeTableSpecs(c).find((s) => s.name === 'private-1a')!
    // private-1a's subnet sits on the public table, which lets it go at the same moment.
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {RouteTableId: 'rtb-pub', Associations: [{SubnetId: 'subnet-a', RouteTableAssociationId: 'rtbassoc-old'}]},
      ],
    })
    ec2.on(ReplaceRouteTableAssociationCommand).rejects(notFound())
    ec2.on(AssociateRouteTableCommand).resolves({AssociationId: 'rtbassoc-new'})
    ec2.on(DisassociateRouteTableCommand).rejects(notFound())
    const live = {
      RouteTableId: 'rtb-a',
      Associations: [{SubnetId: 'subnet-pub', RouteTableAssociationId: 'rtbassoc-stray'}],
    }
    await routeTableResource(spec).update(c, live, [{path: 'associations.private-1a', expected: true, actual: false}])
    expect(ec2).toHaveReceivedCommandWith(DisassociateRouteTableCommand, {AssociationId: 'rtbassoc-stray'})
    expect(ec2).toHaveReceivedCommandWith(ReplaceRouteTableAssociationCommand, {
      AssociationId: 'rtbassoc-old',
      RouteTableId: 'rtb-a',
    })
    expect(ec2).toHaveReceivedCommandWith(AssociateRouteTableCommand, {RouteTableId: 'rtb-a', SubnetId: 'subnet-a'})
  })
})
