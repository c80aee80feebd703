import {
  CreateClusterCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateClusterConfigCommand,
  type Cluster,
} from '@aws-sdk/client-eks'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import type {EnvOverride} from '../../../src/design/config-schema.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {eksLayer} from '../../../src/layers/eks/index.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext, Outputs} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const eks = mockClient(EKSClient)

function ctx(o: EnvOverride = {}, mode: 'plan' | 'apply' = 'apply'): EngineContext {
  const outputs: Outputs = new Map<string, Record<string, string>>([
    [RESOURCES.subnet('private-1a').id, {id: 'subnet-a'}],
    [RESOURCES.subnet('private-1c').id, {id: 'subnet-c'}],
    [RESOURCES.subnet('private-1d').id, {id: 'subnet-d'}],
    [RESOURCES.securityGroup('eks').id, {id: 'sg-eks'}],
    [RESOURCES.clusterRole.id, {arn: 'arn:aws:iam::1:role/c'}],
    [RESOURCES.kmsKey.id, {id: 'k', arn: 'arn:aws:kms:ap-northeast-1:1:key/k'}],
  ])
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({environments: {dev: {eksVersion: '1.34', ...o}}}, 'dev'),
    account: '1',
    mode,
    outputs,
  })
}
const cluster = (over: Partial<Cluster> = {}): Cluster => ({
  name: 'medical-ai-dev-eks',
  arn: 'arn:aws:eks:ap-northeast-1:1:cluster/medical-ai-dev-eks',
  status: 'ACTIVE',
  version: '1.34',
  roleArn: 'arn:aws:iam::1:role/c',
  tags: {
    project: 'medical-ai',
    environment: 'dev',
    'managed-by': 'platform',
    Name: 'medical-ai-dev-eks',
    'platform:logical-id': 'eks/cluster',
  },
  encryptionConfig: [{resources: ['secrets'], provider: {keyArn: 'arn:aws:kms:ap-northeast-1:1:key/k'}}],
  logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}]},
  accessConfig: {authenticationMode: 'API_AND_CONFIG_MAP'},
  resourcesVpcConfig: {
    subnetIds: ['subnet-a', 'subnet-c', 'subnet-d'],
    securityGroupIds: ['sg-eks'],
    endpointPrivateAccess: true,
    endpointPublicAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
  },
  ...over,
})
const clusterDef = (c: EngineContext) => eksLayer.steps(c)[0]![0] as AnyResourceDef

beforeEach(() => {
  eks.reset()
  delete process.env.PLATFORM_EMULATOR
})
afterEach(() => delete process.env.PLATFORM_EMULATOR)

describe('EKS upgradePolicy (API-created clusters default to EXTENDED, which is billed)', () => {
  it('CreateCluster sends upgradePolicy STANDARD explicitly', async () => {
    eks.on(DescribeClusterCommand).rejectsOnce(
      Object.assign(new Error('No cluster found for name: medical-ai-dev-eks.'), {
        name: 'ResourceNotFoundException',
        $metadata: {httpStatusCode: 404},
      }),
    )
    eks.on(CreateClusterCommand).resolves({cluster: cluster({upgradePolicy: {supportType: 'STANDARD'}})})
    const p = await reconcileResource('eks', clusterDef(ctx()), ctx())
    expect(p.action).toBe('create')
    expect(eks).toHaveReceivedCommandWith(CreateClusterCommand, {
      name: 'medical-ai-dev-eks',
      version: '1.34',
      upgradePolicy: {supportType: 'STANDARD'},
    })
  })

  it('eksSupportType EXTENDED is sent as configured', async () => {
    eks.on(DescribeClusterCommand).rejectsOnce(
      Object.assign(new Error('No cluster found'), {
        name: 'ResourceNotFoundException',
        $metadata: {httpStatusCode: 404},
      }),
    )
    eks.on(CreateClusterCommand).resolves({cluster: cluster({upgradePolicy: {supportType: 'EXTENDED'}})})
    const c = ctx({eksSupportType: 'EXTENDED'})
    await reconcileResource('eks', clusterDef(c), c)
    expect(eks).toHaveReceivedCommandWith(CreateClusterCommand, {upgradePolicy: {supportType: 'EXTENDED'}})
  })

  it('a cluster in EXTENDED is repaired with an UpdateClusterConfig carrying upgradePolicy alone, then waits for the update', async () => {
    eks.on(DescribeClusterCommand).resolves({cluster: cluster({upgradePolicy: {supportType: 'EXTENDED'}})})
    eks.on(UpdateClusterConfigCommand).resolves({update: {id: 'u-1', status: 'InProgress'}})
    eks.on(DescribeUpdateCommand).resolves({update: {id: 'u-1', status: 'Successful'}})
    const p = await reconcileResource('eks', clusterDef(ctx()), ctx())
    expect(p.changes).toEqual([
      {
        path: 'upgradePolicy',
        requirement: 'baseline.eks.support-type',
        expected: {supportType: 'STANDARD'},
        actual: {supportType: 'EXTENDED'},
      },
    ])
    expect(eks).toHaveReceivedCommandTimes(UpdateClusterConfigCommand, 1)
    // Only one type of update per call: EKS answers a mixed one with InvalidParameterException.
    expect(eks.commandCalls(UpdateClusterConfigCommand)[0]!.args[0].input).toEqual({
      name: 'medical-ai-dev-eks',
      upgradePolicy: {supportType: 'STANDARD'},
    })
    expect(eks).toHaveReceivedCommandWith(DescribeUpdateCommand, {name: 'medical-ai-dev-eks', updateId: 'u-1'})
  })

  it('with a logging drift as well: two separate updates, never one mixed call', async () => {
    eks.on(DescribeClusterCommand).resolves({
      cluster: cluster({
        upgradePolicy: {supportType: 'EXTENDED'},
        logging: {clusterLogging: [{types: ['api'], enabled: true}]},
      }),
    })
    eks.on(UpdateClusterConfigCommand).resolves({})
    await reconcileResource('eks', clusterDef(ctx()), ctx())
    const inputs = eks.commandCalls(UpdateClusterConfigCommand).map((c) => Object.keys(c.args[0].input).sort())
    expect(inputs).toEqual([
      ['logging', 'name'],
      ['name', 'upgradePolicy'],
    ])
  })

  it('AWS answering no upgradePolicy means the API default EXTENDED (drift); the emulator, which never answers it, is tolerated', async () => {
    eks.on(DescribeClusterCommand).resolves({cluster: cluster()})
    const plan = await reconcileResource('eks', clusterDef(ctx({}, 'plan')), ctx({}, 'plan'))
    expect(plan.changes.map((c) => [c.path, c.actual])).toEqual([['upgradePolicy', {supportType: 'EXTENDED'}]])
    process.env.PLATFORM_EMULATOR = 'moto'
    const prev = process.env.AWS_ENDPOINT_URL
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000'
    try {
      const emu = await reconcileResource('eks', clusterDef(ctx({}, 'plan')), ctx({}, 'plan'))
      expect(emu.action).toBe('no-op')
    } finally {
      if (prev === undefined) delete process.env.AWS_ENDPOINT_URL
      else process.env.AWS_ENDPOINT_URL = prev
    }
    expect(eks).not.toHaveReceivedCommand(UpdateClusterConfigCommand)
  })
})
