import {
  CreateClusterCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  EKSClient,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {EnvOverride} from '../../../src/design/config-schema.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {clusterDef, eksContext, liveCluster} from '../../helpers/eks.js'

const eks = mockClient(EKSClient)

const ctx = (o: EnvOverride = {}, mode: 'plan' | 'apply' = 'apply') => eksContext(o, {mode})
const cluster = liveCluster

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
