import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  RDSClient,
  RebootDBInstanceCommand,
  type DBCluster,
} from '@aws-sdk/client-rds'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {auroraLayer, pendingReboot} from '../../../src/layers/aurora/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'

const rds = mockClient(RDSClient)

function ctx(env: string, applyNow = false): EngineContext {
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({}, env),
    account: '1',
    mode: 'apply',
    applyNow,
  })
}
const cluster = (c: EngineContext) => auroraLayer.steps(c)[1]![0] as AnyResourceDef
const live: DBCluster = {
  DBClusterIdentifier: 'medical-ai-prod-aurora',
  Status: 'available',
  DBClusterMembers: [
    {DBInstanceIdentifier: 'medical-ai-prod-aurora-2', DBClusterParameterGroupStatus: 'pending-reboot'},
    {DBInstanceIdentifier: 'medical-ai-prod-aurora-1', DBClusterParameterGroupStatus: 'pending-reboot'},
    {DBInstanceIdentifier: 'medical-ai-prod-aurora-3', DBClusterParameterGroupStatus: 'in-sync'},
  ],
}
const change = [{path: 'parametersPendingReboot', expected: [], actual: pendingReboot(live), restarts: true}]

describe('Aurora audit logging and parameters waiting for a reboot', () => {
  beforeEach(() => {
    rds.reset()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('the design turns Advanced Auditing on in the cluster parameter group', () => {
    const params = resolveDesign({}, 'prod').rds.parameters
    expect(params.filter((p) => p.requirement === 'baseline.rds.audit-logging')).toEqual([
      {name: 'server_audit_logging', value: '1', requirement: 'baseline.rds.audit-logging'},
      {name: 'server_audit_events', value: 'CONNECT,QUERY_DCL,QUERY_DDL', requirement: 'baseline.rds.audit-logging'},
    ])
  })

  it('pending-reboot members are the drift, sorted; in-sync ones are not', () => {
    expect(pendingReboot(live)).toEqual(['medical-ai-prod-aurora-1', 'medical-ai-prod-aurora-2'])
    expect(
      pendingReboot({DBClusterMembers: [{DBInstanceIdentifier: 'x', DBClusterParameterGroupStatus: 'in-sync'}]}),
    ).toEqual([])
  })

  it('prod without --apply-now: reported, never rebooted (the maintenance window does not do it either)', async () => {
    const c = ctx('prod')
    const progress: string[] = []
    c.progress = (m) => progress.push(m)
    await cluster(c).update(c, live, change)
    expect(rds).not.toHaveReceivedCommand(RebootDBInstanceCommand)
    expect(rds).not.toHaveReceivedCommand(ModifyDBClusterCommand)
    expect(progress).toEqual([
      'medical-ai-prod-aurora-1, medical-ai-prod-aurora-2: pending-reboot; run provision --apply-now to reboot (prod)',
    ])
  })

  it('prod with --apply-now: one instance at a time, each waited for until available', async () => {
    rds.on(RebootDBInstanceCommand).resolves({})
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({DBInstances: [{DBInstanceStatus: 'rebooting'}]})
      .resolves({DBInstances: [{DBInstanceStatus: 'available'}]})
    const c = ctx('prod', true)
    const done = cluster(c).update(c, live, change)
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    await done
    expect(rds.commandCalls(RebootDBInstanceCommand).map((x) => x.args[0].input.DBInstanceIdentifier)).toEqual([
      'medical-ai-prod-aurora-1',
      'medical-ai-prod-aurora-2',
    ])
    // The first reboot waited through "rebooting" before the second began.
    const order = rds.calls().map((x) => x.args[0].constructor.name)
    expect(order).toEqual([
      'RebootDBInstanceCommand',
      'DescribeDBInstancesCommand',
      'DescribeDBInstancesCommand',
      'RebootDBInstanceCommand',
      'DescribeDBInstancesCommand',
    ])
  })

  it('a parameter group switched by provision is put in force in the same run: waited for, then each member rebooted', async () => {
    const inSync = {...live, DBClusterParameterGroup: 'medical-ai-dev-aurora-mysql80', DBClusterMembers: []}
    rds.on(ModifyDBClusterCommand).resolves({})
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({
        DBClusters: [
          {...inSync, DBClusterMembers: [{DBInstanceIdentifier: 'a-1', DBClusterParameterGroupStatus: 'applying'}]},
        ],
      })
      .resolves({
        DBClusters: [
          {
            ...inSync,
            DBClusterMembers: [
              {DBInstanceIdentifier: 'a-2', DBClusterParameterGroupStatus: 'pending-reboot'},
              {DBInstanceIdentifier: 'a-1', DBClusterParameterGroupStatus: 'pending-reboot'},
            ],
          },
        ],
      })
    rds.on(RebootDBInstanceCommand).resolves({})
    rds.on(DescribeDBInstancesCommand).resolves({DBInstances: [{DBInstanceStatus: 'available'}]})
    const c = ctx('dev')
    const switched = [
      {path: 'dbClusterParameterGroup', expected: 'medical-ai-dev-aurora-mysql80', actual: 'default', restarts: true},
    ]
    const done = cluster(c).update(c, {...inSync, DBClusterParameterGroup: 'default'}, switched)
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    await done
    expect(rds).toHaveReceivedCommandWith(ModifyDBClusterCommand, {
      DBClusterParameterGroupName: 'medical-ai-dev-aurora-mysql80',
      ApplyImmediately: true,
    })
    expect(rds.commandCalls(RebootDBInstanceCommand).map((x) => x.args[0].input.DBInstanceIdentifier)).toEqual([
      'a-1',
      'a-2',
    ])
    expect(rds.calls().map((x) => x.args[0].constructor.name)).toEqual([
      'ModifyDBClusterCommand',
      'DescribeDBClustersCommand',
      'DescribeDBClustersCommand',
      'RebootDBInstanceCommand',
      'DescribeDBInstancesCommand',
      'RebootDBInstanceCommand',
      'DescribeDBInstancesCommand',
    ])
  })

  it('prod without --apply-now: the switch waits for the maintenance window, nothing is rebooted', async () => {
    rds.on(ModifyDBClusterCommand).resolves({})
    const c = ctx('prod')
    const switched = [
      {path: 'dbClusterParameterGroup', expected: 'medical-ai-prod-aurora-mysql80', actual: 'default', restarts: true},
    ]
    await cluster(c).update(c, {...live, DBClusterMembers: []}, switched)
    expect(rds).toHaveReceivedCommandWith(ModifyDBClusterCommand, {ApplyImmediately: false})
    expect(rds).not.toHaveReceivedCommand(RebootDBInstanceCommand)
  })
})
