import type {AwsAccess} from '../aws/clients.js'
import {callerIdentity} from '../aws/identity.js'
import {EnvironmentLock, describeHolder} from '../aws/lock.js'
import {signDigest} from '../aws/signing.js'
import type {ResolvedDesign} from '../design/types.js'
import {checkOutDir} from '../evidence/export.js'
import {LockHeldError, PlatformError} from '../errors.js'
import {isolatedGroup, restoreAndTime, rpoSeconds, sourceCluster, type Timing} from './aurora.js'
import {writeDrillBundle} from './bundle.js'
import {findDrillResources, leftoverNames, removeDrillResources} from './cleanup.js'
import {drillId, drillLockParameter} from './names.js'
import {removeCanaries, replicationCanary, RPO_SECONDS, veleroBackups} from './s3.js'
import type {DrillMeasurement, DrillResult, RestoreRecord} from './types.js'

/** Section 8.1: RTO 4 hours. */
export const RTO_SECONDS = 4 * 3600

/** What `platform dr drill --json` prints. */
export interface DrillOutput extends DrillResult {
  bundle: {dir: string; files: number; signed: boolean}
}

const seconds = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 1000)

/**
 * The DR drill of section 8.1: removes what an earlier (killed) drill left, measures RPO from
 * the cluster's LatestRestorableTime, restores the cluster to that time into an isolated copy
 * and times it until its first instance is available (RTO), times a canary's replication to the
 * DR buckets meanwhile, lists the latest Velero backups, removes everything it created (found by
 * its tag, and re-read to prove it), and writes the result as an evidence bundle.
 */
export async function runDrill(opts: {
  design: ResolvedDesign
  aws: AwsAccess
  outDir: string
  signKey?: string
  tool: {name: string; version: string}
  commandLine: string[]
  timing?: Timing
  progress?: (message: string) => void
  /** Break the drill lock of another run (a drill killed on another host). */
  forceUnlock?: boolean
  notice?: (message: string) => void
}): Promise<DrillOutput> {
  const {design: d, aws} = opts
  checkOutDir(opts.outDir)
  const identity = await callerIdentity(aws, d.region)
  const lock = new EnvironmentLock(aws, d.region, drillLockParameter(d), d.tags)
  try {
    await lock.acquire({
      force: opts.forceUnlock,
      onStale: (h) =>
        opts.notice?.(
          `Broke a stale drill lock left by pid ${h.pid} on this host (started ${h.startedAt}); it no longer runs.`,
        ),
    })
  } catch (err) {
    // The lock module words its refusal for provision; a drill names itself.
    if (!(err instanceof LockHeldError)) throw err
    const holder = await lock.current()
    throw new LockHeldError(
      `Another DR drill of ${d.env} is running: the lock ${lock.name} is held by ${describeHolder(holder ? {holder} : undefined)}.`,
      'Wait for it to finish (it removes what it made). If that run is dead on another host, run the drill with --force-unlock: it also removes what the dead run left.',
    )
  }
  try {
    return await drill(opts, identity)
  } finally {
    await lock
      .release()
      .catch((err: unknown) =>
        opts.notice?.(
          `Could not release the drill lock ${lock.name}: ${err instanceof Error ? err.message : String(err)}`,
        ),
      )
  }
}

async function drill(
  opts: Parameters<typeof runDrill>[0],
  identity: {account: string; arn: string},
): Promise<DrillOutput> {
  const {design: d, aws} = opts
  const timing = opts.timing ?? {}
  const now = () => new Date((timing.now ?? Date.now)())
  const say = opts.progress ?? (() => {})
  const startedAt = now()
  const id = drillId(startedAt)

  say('Removing what earlier drills left behind (found by their tag)')
  const cleanedBefore = [
    ...(await removeDrillResources(aws, d, timing, say)),
    ...(await removeCanaries(aws, d)).removed,
  ]

  const measurements: DrillMeasurement[] = []
  const source = await sourceCluster(aws, d)
  const rpo = rpoSeconds(source, now())
  measurements.push({
    id: 'rpo',
    requirements: ['dr.targets', 'rds.backup-retention'],
    target: `<= ${RPO_SECONDS} s (RPO 1 h, 8.1)`,
    ...(rpo === undefined
      ? {status: 'NOT_MEASURED', message: `${d.rds.clusterId} reports no LatestRestorableTime (no continuous backup).`}
      : {
          status: rpo <= RPO_SECONDS ? 'PASS' : 'FAIL',
          seconds: rpo,
          message: `A point-in-time restore of ${d.rds.clusterId} reaches ${new Date(source.LatestRestorableTime!).toISOString()}, ${rpo} s before the drill read it (an in-region restore; ${d.backup.enabled ? `the AWS Backup copies in ${d.drRegion} are not drilled` : `no copy of Aurora exists outside ${d.region}`}).`,
        }),
  })

  let restore: RestoreRecord | undefined
  let removed: string[] = []
  const teardownProblems: string[] = []
  try {
    const replicated = d.s3.buckets.filter((b) => b.replicate && b.replicaName)
    say(`Restoring ${d.rds.clusterId} to its latest restorable time into an isolated copy`)
    const [rto, ...canaries] = await Promise.all([
      measureRto(aws, d, source, id, timing, say).then((r) => {
        restore = r.restore
        return r.measurement
      }),
      ...replicated.map((b) => replicationCanary(aws, d, b, id, timing, say)),
    ])
    measurements.push(rto!, ...canaries)
    measurements.push(await veleroBackups(aws, d, now()))
  } finally {
    say('Removing the restored copy, its security group and the canaries')
    try {
      removed = await removeDrillResources(aws, d, timing, say)
      const canaries = await removeCanaries(aws, d)
      removed.push(...canaries.removed)
      teardownProblems.push(...canaries.problems)
    } catch (err) {
      teardownProblems.push(`Teardown failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  // Proof, not belief: the drill's resources are searched again after the deletes returned.
  const remaining = leftoverNames(await findDrillResources(aws, d))
  measurements.push({
    id: 'teardown',
    requirements: ['principle.security'],
    target: 'no drill resource remains (restored copies hold production data)',
    status: remaining.length === 0 && teardownProblems.length === 0 ? 'PASS' : 'FAIL',
    message:
      remaining.length === 0 && teardownProblems.length === 0
        ? `Removed ${removed.length} drill resource(s); none remains.`
        : [...remaining.map((x) => `Still there: ${x}.`), ...teardownProblems].join(' '),
    details: {removed, remaining},
  })

  const count = (s: DrillMeasurement['status']) => measurements.filter((m) => m.status === s).length
  const summary = {pass: count('PASS'), fail: count('FAIL'), notMeasured: count('NOT_MEASURED')}
  const result: DrillResult = {
    env: d.env,
    account: identity.account,
    callerArn: identity.arn,
    drillId: id,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    cleanedBefore,
    removed,
    restore,
    measurements,
    summary,
    verdict: summary.fail > 0 ? 'FAIL' : summary.notMeasured > 0 ? 'INCOMPLETE' : 'PASS',
  }
  const bundle = await writeDrillBundle({
    outDir: opts.outDir,
    result,
    design: d,
    tool: opts.tool,
    commandLine: opts.commandLine,
    ...(opts.signKey ? {sign: (bytes: Buffer) => signDigest(aws, d.region, opts.signKey!, bytes)} : {}),
  })
  return {...result, bundle}
}

/** The restore, timed; a restore that fails or outlasts the RTO is a FAIL of 8.1, not a crash. */
async function measureRto(
  aws: AwsAccess,
  d: ResolvedDesign,
  source: Parameters<typeof restoreAndTime>[2],
  id: string,
  timing: Timing,
  say: (m: string) => void,
): Promise<{measurement: DrillMeasurement; restore?: RestoreRecord}> {
  const base = {id: 'rto', requirements: ['dr.targets'], target: `<= ${RTO_SECONDS} s (RTO 4 h, 8.1)`}
  try {
    const groupId = await isolatedGroup(aws, d, source, id)
    const restore = await restoreAndTime(aws, d, source, id, groupId, timing, say)
    const rto = seconds(restore.requestedAt, restore.instanceAvailableAt!)
    return {
      restore,
      measurement: {
        ...base,
        status: rto <= RTO_SECONDS ? 'PASS' : 'FAIL',
        seconds: rto,
        message: `${restore.clusterId} was restored and its instance ${restore.instanceId} available ${rto} s after the request (cluster after ${seconds(restore.requestedAt, restore.clusterAvailableAt!)} s), in an isolated security group.`,
      },
    }
  } catch (err) {
    if (err instanceof PlatformError && ['WAIT_TIMEOUT', 'WAIT_FAILED'].includes(err.code))
      return {measurement: {...base, status: 'FAIL', message: `The restore did not complete: ${err.message}`}}
    throw err
  }
}
