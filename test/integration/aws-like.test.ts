import {
  CreateDBClusterParameterGroupCommand,
  DescribeDBClustersCommand,
  ModifyDBClusterCommand,
  RDSClient,
} from '@aws-sdk/client-rds'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {DestroyResult} from '../../src/reconcile/destroy.js'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'
import {resourceCounts} from '../helpers/counts.js'
import {startMoto, type Moto} from '../helpers/moto.js'

/**
 * Issue 10's test bed that behaves more like AWS (src/aws/realism.ts): for 3 s after a create,
 * calls naming the new id get AWS's NotFound; for 4 s NAT gateways are pending, EKS clusters and
 * profiles CREATING, Aurora creating, CloudFront InProgress, certificates PENDING_VALIDATION with
 * their DNS records late. One provision must converge anyway, make no duplicate and leave no leak.
 */
const AWS_LIKE = 'consistencyMs=3000,pendingMs=4000'

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => moto?.stop())

async function run<T>(args: string[], awsLike: boolean) {
  const r = await runCli([...args, '--env', 'dev', '--config', 'config/local-dev.yaml', '--yes', '--json'], {
    env: emulatorEnv(moto.url, awsLike ? {PLATFORM_TEST_REALISM: AWS_LIKE} : {}),
    timeoutMs: 400_000,
  })
  return {code: r.code, raw: r.stdout + r.stderr, result: r.code === 0 ? r.json<T>() : undefined}
}

describe('provision against an AWS-like emulator (eventual consistency, asynchronous states)', () => {
  let clean: Record<string, number>

  beforeAll(async () => {
    await moto.reset()
    const r = await run<ProvisionResult>(['provision'], false)
    expect(r.code, r.raw.slice(0, 600)).toBe(0)
    clean = await resourceCounts(moto.url, 'dev')
    await moto.reset()
  }, 400_000)

  it('converges in one run from an empty account, with the clean counts, and a second run changes nothing', async () => {
    const first = await run<ProvisionResult>(['provision'], true)
    expect(first.code, first.raw.slice(0, 800)).toBe(0)
    const r = first.result!
    // The emulator was made to answer as AWS does, and provision waited rather than failed.
    expect(r.awsLikeInjected!.notFound).toBeGreaterThan(10)
    expect(r.awsLikeInjected!.pending).toBeGreaterThan(5)
    expect(r.retrying!.byService.EC2!.retries).toBeGreaterThan(0)
    expect(r.retrying!.byService.S3!.retries).toBeGreaterThan(0)
    expect(r.plan.filter((p) => p.action === 'delete-duplicate')).toEqual([])
    // Dependencies are between resources: the EKS and Aurora control planes need subnets, groups,
    // roles and the key, not the NAT gateways, so they start while those are still pending.
    const t = r.timeline!
    const started = (id: string) => t.find((x) => x.id === id)!.startMs
    const natReady = Math.max(...t.filter((x) => x.id.startsWith('network/nat/')).map((x) => x.endMs))
    expect(started('eks/cluster')).toBeLessThan(natReady)
    expect(started('aurora/cluster')).toBeLessThan(natReady)
    expect(r.criticalPathMs).toBeLessThanOrEqual(r.elapsedMs)
    expect(await resourceCounts(moto.url, 'dev')).toEqual(clean)

    const second = await run<ProvisionResult>(['provision'], true)
    expect(second.code, second.raw.slice(0, 600)).toBe(0)
    expect(second.result!.calls.mutating).toBe(0)
  }, 400_000)

  it('a cluster parameter group switched by hand: provision puts the designed one back and reboots each member in the same run (RDS keeps them pending-reboot until then)', async () => {
    const rds = new RDSClient({
      region: 'ap-northeast-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    await rds.send(
      new CreateDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: 'hand-made',
        DBParameterGroupFamily: 'aurora-mysql8.0',
        Description: 'made in the console',
      }),
    )
    await rds.send(
      new ModifyDBClusterCommand({
        DBClusterIdentifier: 'medical-ai-dev-aurora',
        DBClusterParameterGroupName: 'hand-made',
        ApplyImmediately: true,
      }),
    )
    const fixed = await run<ProvisionResult>(['provision'], true)
    expect(fixed.code, fixed.raw.slice(0, 800)).toBe(0)
    const ops = fixed.result!.calls.byOperation
    expect(ops['RDS.ModifyDBCluster']).toBe(1)
    // Both members of dev's cluster, one after the other (pendingReboot order).
    expect(ops['RDS.RebootDBInstance']).toBe(2)
    const cluster = (await rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: 'medical-ai-dev-aurora'})))
      .DBClusters![0]!
    expect(cluster.DBClusterParameterGroup).toBe('medical-ai-dev-aurora-mysql80')
    const again = await run<ProvisionResult>(['provision'], true)
    expect(again.result!.calls.mutating).toBe(0)
  }, 400_000)

  it('destroy, then provision of the same environment works (a new certificate, not the deleted one)', async () => {
    const destroyed = await run<DestroyResult>(['destroy', '--delete-data'], true)
    expect(destroyed.code, destroyed.raw.slice(0, 800)).toBe(0)
    const again = await run<ProvisionResult>(['provision'], true)
    expect(again.code, again.raw.slice(0, 800)).toBe(0)
    expect(await resourceCounts(moto.url, 'dev')).toEqual(clean)
    const arns = (p: ProvisionResult) => p.plan.filter((x) => x.type === 'AWS::CertificateManager::Certificate')
    expect(arns(again.result!).map((x) => x.action)).toEqual(['create', 'create'])
  }, 400_000)
})
