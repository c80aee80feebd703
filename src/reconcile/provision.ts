import type {AwsAccess} from '../aws/clients.js'
import {requiredSteps} from './required-steps.js'
import {toPlatformError} from '../aws/errors.js'
import {callerIdentity} from '../aws/identity.js'
import {EnvironmentLock} from '../aws/lock.js'
import type {CallSummary} from '../aws/recorder.js'
import {retrySummary, type RetrySummary} from '../aws/retry.js'
import type {ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import {preflight, type PreflightReport} from '../preflight/index.js'
import {runEngine, type EngineEvents} from './engine.js'
import {createContext} from './context.js'
import type {LayerDef, LayerSummary, Outputs, PlannedResource} from './types.js'

export interface ProvisionOptions {
  design: ResolvedDesign
  aws: AwsAccess
  layers: LayerDef[]
  only?: string[]
  dryRun: boolean
  adopt: boolean
  /** prod: apply changes that restart the database now, not in the maintenance window. */
  applyNow?: boolean
  forceUnlock: boolean
  concurrency: number
  /** Called with the plan when there is something to apply; false aborts with nothing changed. */
  confirm?: (plan: PlannedResource[]) => Promise<boolean>
  /** Called once the plan is known, before any change (to show it). */
  onPlan?: (plan: PlannedResource[]) => void
  /** Things worth telling the operator that are not errors (a stale lock broken). */
  notice?: (message: string) => void
  /** Apply-phase events (progress rendering). */
  events?: EngineEvents
}

export interface ProvisionResult {
  env: string
  account: string
  callerArn: string
  dryRun: boolean
  /** The read-only plan made before anything changed. */
  plan: PlannedResource[]
  /** What the apply phase did, resource by resource (empty when nothing was applied). */
  applied: PlannedResource[]
  layers: LayerSummary[]
  pendingChanges: number
  replaceRequired: PlannedResource[]
  calls: CallSummary
  /** The SDK's retries and the throttles met, by service (bounded: retry.ts). */
  retrying?: RetrySummary
  /** Only under the fault-injection test bed (PLATFORM_TEST_FAULTS): what it injected. */
  faultsInjected?: Record<string, number>
  /** Only under the AWS-like test bed (PLATFORM_TEST_REALISM): answers it gave instead of the emulator's. */
  awsLikeInjected?: Record<string, number>
  /** What the operator must still do outside AWS's APIs (DNS records), with the values: required-steps.ts. */
  requiredSteps: string[]
  /** Calls that had to wait for one another: identity, the plan's critical path, the apply's. */
  longestCallChain: number
  /**
   * Of the apply: the time of its longest chain of resources that waited for one another. The
   * apply cannot take less; `npm run bench` compares it with the wall time under AWS-like waits.
   */
  criticalPathMs: number
  /** Only under the AWS-like test bed: when each resource of the apply started and ended (bench). */
  timeline?: {id: string; startMs: number; endMs: number}[]
  elapsedMs: number
  /** What preflight checked and found (the account changed, warnings, the Aurora engine version). */
  preflight: PreflightReport
  outputs: Record<string, Record<string, string>>
}

export const isPending = (p: PlannedResource) =>
  p.action === 'create' || p.action === 'update' || p.action === 'replace' || p.action === 'delete-duplicate'

/**
 * Plan everything read-only; stop there when nothing is pending (a clean environment costs
 * zero mutating calls, not even a lock) or on --dry-run. Otherwise take the environment's
 * lock and apply, re-reading every resource under the lock so that the changes made are
 * those of the account as it is now, not as it was at planning time.
 */
export async function provision(opts: ProvisionOptions): Promise<ProvisionResult> {
  const started = Date.now()
  const {aws} = opts
  const identity = await callerIdentity(aws, opts.design.region)
  // Read-only, before the plan and long before the lock or any mutating call, and also under
  // --dry-run (a dry run answers "would this run work?"): every problem refuses the run, exit 2.
  const layersInScope = opts.only ?? opts.layers.map((l) => l.name)
  const checked = await preflight({design: opts.design, aws, identity, layers: layersInScope})
  const design = checked.design
  for (const w of checked.report.warnings) opts.notice?.(w)
  const context = (mode: 'plan' | 'apply') =>
    createContext({
      aws,
      design,
      account: identity.account,
      mode,
      adopt: opts.adopt,
      applyNow: opts.applyNow,
      notice: opts.notice,
    })

  const planCtx = context('plan')
  const planned = await runEngine({layers: opts.layers, only: opts.only, ctx: planCtx, concurrency: opts.concurrency})
  const plan = planned.resources
  opts.onPlan?.(plan)
  const pending = plan.filter(isPending)
  let chain = 1 + planned.longestCallChain
  let criticalPathMs = 0
  let timeline: ProvisionResult['timeline']
  const result = (applied: PlannedResource[], layers: LayerSummary[], outputs: Outputs): ProvisionResult => ({
    env: design.env,
    account: identity.account,
    callerArn: identity.arn,
    dryRun: opts.dryRun,
    plan,
    applied,
    layers,
    pendingChanges: opts.dryRun || applied.length === 0 ? pending.length : 0,
    replaceRequired: (applied.length ? applied : plan).filter((p) => p.action === 'replace-required'),
    calls: aws.recorder.summary(),
    retrying: retrySummary(aws.recorder.retries),
    ...(aws.faults ? {faultsInjected: {...aws.faults.injected}} : {}),
    ...(aws.awsLike ? {awsLikeInjected: {...aws.awsLike.injected}} : {}),
    requiredSteps: requiredSteps(design, outputs),
    longestCallChain: chain,
    criticalPathMs,
    ...(aws.awsLike && timeline ? {timeline} : {}),
    elapsedMs: Date.now() - started,
    preflight: checked.report,
    outputs: Object.fromEntries(outputs),
  })
  if (opts.dryRun || pending.length === 0) return result([], planned.layers, planCtx.outputs)
  if (opts.confirm && !(await opts.confirm(plan))) {
    throw new PlatformError('Aborted at the confirmation: nothing was changed.', {
      code: 'ABORTED',
      remedy: 'Run again and confirm, or pass --yes.',
    })
  }

  const lock = new EnvironmentLock(aws, design.region, design.lockParameter, design.tags)
  await lock.acquire({
    force: opts.forceUnlock,
    onStale: (h) =>
      opts.notice?.(
        `Broke a stale lock left by pid ${h.pid} on this host (started ${h.startedAt}); that process no longer runs.`,
      ),
  })
  const onSigint = () => {
    void lock.release().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSigint)
  process.once('SIGTERM', onSigint)
  try {
    const applyCtx = context('apply')
    const run = await runEngine({
      layers: opts.layers,
      only: opts.only,
      ctx: applyCtx,
      concurrency: opts.concurrency,
      events: opts.events,
    })
    chain += run.longestCallChain + 3 // lock: put, then get + delete at release
    criticalPathMs = run.criticalPathMs
    timeline = run.timeline
    return result(run.resources, run.layers, applyCtx.outputs)
  } finally {
    process.off('SIGINT', onSigint)
    process.off('SIGTERM', onSigint)
    // The run's outcome is what its layers did; a lock left behind is worth a notice, not an exit code.
    await lock
      .release()
      .catch((err: unknown) =>
        opts.notice?.(
          `Could not release the lock ${design.lockParameter}: ${toPlatformError(err).message} The next provision on this host breaks it (its process is gone); elsewhere use --force-unlock.`,
        ),
      )
  }
}
