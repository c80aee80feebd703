import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  CreateClusterCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAssociatedAccessPoliciesCommand,
  ResourceNotFoundException,
  UpdateClusterConfigCommand,
  type Cluster,
} from '@aws-sdk/client-eks'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {CLUSTER_ADMIN_POLICY, accessEntryResource} from '../../../src/layers/eks/access-entries.js'
import {eksLayer} from '../../../src/layers/eks/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import type {AnyResourceDef} from '../../../src/reconcile/types.js'
import {eksContext} from '../../helpers/eks.js'

const eks = mockClient(EKSClient)
const ADMIN = 'arn:aws:iam::123456789012:role/platform-operators'

const ctx = () => eksContext({clusterAdminRoleArns: [ADMIN]}, {account: '123456789012', cluster: true})
const notFound = new ResourceNotFoundException({
  $metadata: {httpStatusCode: 404},
  message: 'The specified access entry resource is not found.',
})

describe('operators can use the cluster (EKS access entries)', () => {
  beforeEach(() => {
    eks.reset()
    delete process.env.PLATFORM_EMULATOR
    eks.on(DescribeUpdateCommand).resolves({update: {id: 'u', status: 'Successful'}})
  })
  afterEach(() => delete process.env.PLATFORM_EMULATOR)

  it('the cluster is created with API_AND_CONFIG_MAP (the API default CONFIG_MAP refuses access entries)', async () => {
    eks.on(DescribeClusterCommand).rejects(new ResourceNotFoundException({$metadata: {}, message: 'No cluster found'}))
    eks.on(CreateClusterCommand).resolves({cluster: {name: 'medical-ai-dev-eks', status: 'ACTIVE'}})
    const c = ctx()
    await (eksLayer.steps(c)[0]![0] as AnyResourceDef).create(c)
    expect(eks).toHaveReceivedCommandWith(CreateClusterCommand, {
      accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true},
    })
  })

  it('a cluster in CONFIG_MAP mode is moved to API_AND_CONFIG_MAP by an UpdateClusterConfig of its own', async () => {
    const live: Cluster = {
      name: 'medical-ai-dev-eks',
      status: 'ACTIVE',
      accessConfig: {authenticationMode: 'CONFIG_MAP'},
    }
    const c = ctx()
    eks.on(UpdateClusterConfigCommand).resolves({update: {id: 'u1'}})
    // After an update EKS reports UPDATING until it is ACTIVE again: the layer waits for it.
    eks
      .on(DescribeClusterCommand)
      .resolves({cluster: {...live, accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'}}})
    await (eksLayer.steps(c)[0]![0] as AnyResourceDef).update(c, live, [
      {path: 'authenticationMode', expected: 'API_AND_CONFIG_MAP', actual: 'CONFIG_MAP'},
    ])
    expect(eks.commandCalls(UpdateClusterConfigCommand).map((x) => x.args[0].input)).toEqual([
      {name: 'medical-ai-dev-eks', accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'}},
    ])
  })

  it('each configured role gets an access entry and cluster-admin at cluster scope, after the Fargate profiles', async () => {
    const c = ctx()
    const steps = eksLayer.steps(c)
    expect(steps.at(-1)!.map((d) => d.key.id)).toEqual(['eks/access-entry/platform-operators'])
    eks.on(DescribeAccessEntryCommand).rejects(notFound)
    eks.on(CreateAccessEntryCommand).resolves({accessEntry: {accessEntryArn: 'arn:ae', principalArn: ADMIN}})
    eks.on(AssociateAccessPolicyCommand).resolves({})
    const p = await reconcileResource('eks', accessEntryResource(ADMIN), c)
    expect(p.action).toBe('create')
    expect(eks).toHaveReceivedCommandWith(CreateAccessEntryCommand, {
      clusterName: 'medical-ai-dev-eks',
      principalArn: ADMIN,
      type: 'STANDARD',
    })
    expect(eks).toHaveReceivedCommandWith(AssociateAccessPolicyCommand, {
      clusterName: 'medical-ai-dev-eks',
      principalArn: ADMIN,
      policyArn: CLUSTER_ADMIN_POLICY,
      accessScope: {type: 'cluster'},
    })
  })

  it('an entry that lost cluster-admin, or holds another cluster-wide policy, is repaired', async () => {
    const c = ctx()
    eks.on(DescribeAccessEntryCommand).resolves({
      accessEntry: {accessEntryArn: 'arn:ae', principalArn: ADMIN, tags: (await Promise.resolve(c)).design.tags},
    })
    eks.on(ListAssociatedAccessPoliciesCommand).resolves({
      associatedAccessPolicies: [
        {policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: {type: 'cluster'}},
      ],
    })
    eks.on(AssociateAccessPolicyCommand).resolves({})
    eks.on(DisassociateAccessPolicyCommand).resolves({})
    const p = await reconcileResource('eks', accessEntryResource(ADMIN), c)
    expect(p.changes.map((x) => x.path)).toContain('clusterPolicies')
    expect(eks).toHaveReceivedCommandWith(AssociateAccessPolicyCommand, {policyArn: CLUSTER_ADMIN_POLICY})
    expect(eks).toHaveReceivedCommandWith(DisassociateAccessPolicyCommand, {
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
    })
  })

  it('against the emulator (no access entry API) the entries are left out, never faked', () => {
    process.env.PLATFORM_EMULATOR = 'moto'
    const steps = eksLayer.steps(ctx())
    expect(steps.flat().map((d) => d.key.id)).not.toContain('eks/access-entry/platform-operators')
  })
})
