import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateClusterConfigCommand,
  UpdateClusterVersionCommand,
  type Cluster,
} from '@aws-sdk/client-eks'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {EnvOverride} from '../../../src/design/config-schema.js'
import {minorSteps, vpcConfigUpdates} from '../../../src/layers/eks/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {clusterDef, eksContext, liveCluster} from '../../helpers/eks.js'

const eks = mockClient(EKSClient)

const ctx = (over: EnvOverride = {}) => eksContext(over)
const cluster = (over: Partial<Cluster> = {}) => liveCluster({upgradePolicy: {supportType: 'STANDARD'}, ...over})

describe('EKS updates as AWS accepts them', () => {
  beforeEach(() => {
    eks.reset()
    eks.on(DescribeUpdateCommand).resolves({update: {id: 'u', status: 'Successful'}})
  })

  it('minor versions one at a time', () => {
    expect(minorSteps('1.30', '1.34')).toEqual(['1.31', '1.32', '1.33', '1.34'])
    expect(minorSteps('1.33', '1.34')).toEqual(['1.34'])
    expect(minorSteps('1.34', '1.34')).toEqual([])
  })

  it('a cluster on 1.31 is upgraded to 1.34 through 1.32 and 1.33, each update waited for', async () => {
    eks.on(DescribeClusterCommand).resolves({cluster: cluster({version: '1.31'})})
    eks.on(UpdateClusterVersionCommand).callsFake((i: {version: string}) => ({update: {id: `v${i.version}`}}))
    const c = ctx()
    const p = await reconcileResource('eks', clusterDef(c), c)
    expect(p.changes.map((x) => x.path)).toEqual(['version'])
    expect(eks.commandCalls(UpdateClusterVersionCommand).map((x) => x.args[0].input.version)).toEqual([
      '1.32',
      '1.33',
      '1.34',
    ])
    expect(eks.commandCalls(DescribeUpdateCommand).map((x) => x.args[0].input.updateId)).toEqual([
      'v1.32',
      'v1.33',
      'v1.34',
    ])
  })

  it('endpoint access and the network are separate updates, each only when it differs', async () => {
    const desired = {
      subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
      securityGroupIds: ['sg-eks'],
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ['198.51.100.0/24'],
    }
    // Only the CIDRs differ: one endpoint-access update, no subnet/group part.
    expect(vpcConfigUpdates(desired, cluster())).toEqual([
      {endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ['198.51.100.0/24']},
    ])
    // Only a security group differs: one network update.
    expect(
      vpcConfigUpdates(
        {...desired, publicAccessCidrs: ['0.0.0.0/0']},
        cluster({resourcesVpcConfig: {...cluster().resourcesVpcConfig, securityGroupIds: ['sg-other']}}),
      ),
    ).toEqual([{subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'], securityGroupIds: ['sg-eks']}])
    // Both: two calls. Neither (AWS answers no CIDRs as 0.0.0.0/0): none, never a no-op update.
    expect(
      vpcConfigUpdates(
        desired,
        cluster({resourcesVpcConfig: {...cluster().resourcesVpcConfig, securityGroupIds: ['sg-other']}}),
      ),
    ).toHaveLength(2)
    expect(
      vpcConfigUpdates(
        {...desired, publicAccessCidrs: ['0.0.0.0/0']},
        cluster({resourcesVpcConfig: {...cluster().resourcesVpcConfig, publicAccessCidrs: []}}),
      ),
    ).toEqual([])
  })

  it('a drift of the public CIDRs sends one UpdateClusterConfig with endpoint access only', async () => {
    eks.on(DescribeClusterCommand).resolves({cluster: cluster()})
    eks.on(UpdateClusterConfigCommand).resolves({update: {id: 'u1'}})
    const c = ctx({eksPublicAccessCidrs: ['198.51.100.0/24']})
    await reconcileResource('eks', clusterDef(c), c)
    expect(eks.commandCalls(UpdateClusterConfigCommand).map((x) => x.args[0].input)).toEqual([
      {
        name: 'medical-ai-dev-eks',
        resourcesVpcConfig: {
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
          publicAccessCidrs: ['198.51.100.0/24'],
        },
      },
    ])
  })
})

describe('the emulator gap eks-vpc-config-update-replaces', () => {
  beforeEach(() => {
    eks.reset()
    eks.on(DescribeUpdateCommand).resolves({update: {id: 'u', status: 'Successful'}})
  })
  afterEach(() => delete process.env.PLATFORM_EMULATOR)

  it('only against the emulator the endpoint update carries the whole VPC config (moto would drop the subnets)', async () => {
    process.env.PLATFORM_EMULATOR = 'moto'
    eks.on(DescribeClusterCommand).resolves({cluster: cluster()})
    eks.on(UpdateClusterConfigCommand).resolves({update: {id: 'u1'}})
    const c = ctx({eksPublicAccessCidrs: ['198.51.100.0/24']})
    await clusterDef(c).update(c, cluster(), [{path: 'resourcesVpcConfig', expected: {}, actual: {}}])
    expect(eks.commandCalls(UpdateClusterConfigCommand).map((x) => x.args[0].input.resourcesVpcConfig)).toEqual([
      {
        subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
        securityGroupIds: ['sg-eks'],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ['198.51.100.0/24'],
      },
    ])
  })
})
