import type {AwsAccess} from '../aws/clients.js'
import {callerIdentity} from '../aws/identity.js'
import {EnvironmentLock} from '../aws/lock.js'
import type {CallSummary} from '../aws/recorder.js'
import type {ResolvedDesign} from '../design/types.js'
import {toPlatformError} from '../aws/errors.js'
import {PlatformError} from '../errors.js'
import {selectLayers} from './engine.js'
import type {EngineContext, LayerDef, Outputs, ResourceDef} from './types.js'

export interface DestroyItem {
  layer: string
  id: string
  type: string
  name: string
  physicalId: string
  action: 'delete' | 'keep'
  reason?: string
}

export interface DestroyResult {
  env: string
  account: string
  dryRun: boolean
  items: DestroyItem[]
  deleted: number
  kept: number
  calls: CallSummary
  elapsedMs: number
}

interface Found {
  layer: string
  def: ResourceDef<unknown>
  live: unknown
}

/**
 * Reads every layer forward (children need their parents' ids), keeps what is ours, then
 * deletes in reverse: layers after everything that depends on them, steps backwards.
 * Only resources found by our names or tags and carrying our ownership tags are touched.
 */
export async function destroy(opts: {
  design: ResolvedDesign
  aws: AwsAccess
  layers: LayerDef[]
  dryRun: boolean
  deleteData: boolean
  confirm?: (items: DestroyItem[]) => Promise<boolean>
  progress?: (message: string) => void
}): Promise<DestroyResult> {
  const started = Date.now()
  const {design, aws} = opts
  const identity = await callerIdentity(aws, design.region)
  const outputs: Outputs = new Map()
  const ctx: EngineContext = {
    aws,
    design,
    account: identity.account,
    mode: 'plan',
    adopt: false,
    outputs,
    ref: (id, key = 'id') => outputs.get(id)?.[key],
    progress: opts.progress ?? (() => {}),
  }
  const ordered = selectLayers(opts.layers).map((s) => s.layer)
  const found: Found[][] = []
  for (const layer of ordered) {
    for (const step of layer.steps(ctx)) {
      const group: Found[] = []
      for (const def of step as ResourceDef<unknown>[]) {
        if ((def.needs ?? []).some((n) => !outputs.has(n))) continue
        const live = await def.find(ctx)
        if (live === undefined) continue
        if (def.owned && !def.owned(live, ctx)) continue
        outputs.set(def.id, def.outputs(live))
        group.push({layer: layer.name, def, live})
      }
      found.push(group)
    }
  }

  const items: DestroyItem[] = []
  const plan: {f: Found; item: DestroyItem}[][] = []
  for (const group of [...found].reverse()) {
    const row: {f: Found; item: DestroyItem}[] = []
    for (const f of group) {
      const base = {
        layer: f.layer,
        id: f.def.id,
        type: f.def.type,
        name: f.def.name,
        physicalId: f.def.physicalId(f.live),
      }
      let item: DestroyItem
      if (!f.def.delete) item = {...base, action: 'keep', reason: 'removed with its parent'}
      else {
        const data = opts.deleteData ? undefined : await f.def.holdsData?.(ctx, f.live)
        item = data
          ? {...base, action: 'keep', reason: `${data}; --delete-data removes it`}
          : {...base, action: 'delete'}
      }
      items.push(item)
      row.push({f, item})
    }
    plan.push(row)
  }
  const result = (): DestroyResult => ({
    env: design.env,
    account: identity.account,
    dryRun: opts.dryRun,
    items,
    deleted: items.filter((i) => i.action === 'delete').length,
    kept: items.filter((i) => i.action === 'keep' && i.reason !== 'removed with its parent').length,
    calls: aws.recorder.summary(),
    elapsedMs: Date.now() - started,
  })
  const toDelete = items.filter((i) => i.action === 'delete')
  if (opts.dryRun || toDelete.length === 0) return result()
  if (opts.confirm && !(await opts.confirm(items)))
    throw new PlatformError('Aborted at the confirmation: nothing was deleted.', {code: 'ABORTED'})

  const lock = new EnvironmentLock(aws, design.region, design.lockParameter, design.tags)
  await lock.acquire()
  try {
    const applyCtx: EngineContext = {...ctx, mode: 'apply'}
    for (const row of plan) {
      // Within a step, resources are independent (the engine creates them in parallel), but
      // deletions are few and AWS dislikes bursts of them: one at a time.
      for (const {f, item} of row) {
        if (item.action !== 'delete') continue
        applyCtx.progress(`deleting ${item.type} ${item.name} (${item.physicalId})`)
        try {
          await f.def.delete!(applyCtx, f.live)
        } catch (err) {
          throw toPlatformError(err, `deleting ${item.type} ${item.name} (${item.physicalId})`)
        }
      }
    }
  } finally {
    await lock.release()
  }
  return result()
}
