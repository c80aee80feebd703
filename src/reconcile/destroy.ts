import type {AwsAccess} from '../aws/clients.js'
import {toPlatformError} from '../aws/errors.js'
import {callerIdentity} from '../aws/identity.js'
import {EnvironmentLock} from '../aws/lock.js'
import type {CallSummary} from '../aws/recorder.js'
import type {ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import {createContext} from './context.js'
import type {AnyResourceDef, EngineContext, LayerDef} from './types.js'
import {copiesStop} from './engine.js'
import {walkLayers} from './walk.js'

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
  def: AnyResourceDef
  live: unknown
  item: DestroyItem
}

/**
 * Two walks of the engine. Forward, read-only (children need their parents' ids): keep what
 * is ours and decide, per resource, delete or keep. Reverse: delete, each layer after every
 * layer that depends on it, steps backwards. Only resources found by our names or tags and
 * carrying our ownership tags are touched.
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
  // The deletions see the outputs the read found (a child's delete may need its parent's id).
  const readCtx = createContext({aws, design, account: identity.account, mode: 'plan', progress: opts.progress})

  // Per logical id: the resource kept by find, then every copy carrying the same tags.
  const found = new Map<string, Found[]>()
  const read = await walkLayers<Found[]>({
    layers: opts.layers,
    ctx: readCtx,
    concurrency: 4,
    visit: (layer, def, ctx) => findOurs(layer, def, ctx, opts.deleteData),
  })
  for (const {results} of read.layers) for (const f of results) if (f[0]) found.set(f[0].def.key.id, f)
  // Listed as they will go: the reverse of the order they were made in (copies before the one kept).
  const items = read.layers.flatMap((l) => l.results.flatMap((f) => f.map((x) => x.item))).reverse()

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
  if (opts.dryRun || !items.some((i) => i.action === 'delete')) return result()
  if (opts.confirm && !(await opts.confirm(items)))
    throw new PlatformError('Aborted at the confirmation: nothing was deleted.', {code: 'ABORTED'})

  const lock = new EnvironmentLock(aws, design.region, design.lockParameter, design.tags)
  await lock.acquire()
  try {
    await walkLayers<void>({
      layers: opts.layers,
      ctx: {...readCtx, mode: 'apply'},
      // Deletions are few and AWS dislikes bursts of them: one at a time.
      concurrency: 1,
      direction: 'reverse',
      visit: async (_layer, def, ctx) => {
        for (const f of [...(found.get(def.key.id) ?? [])].reverse())
          if (f.item.action === 'delete') await deleteOne(f, ctx)
      },
    })
  } finally {
    await lock.release()
  }
  return result()
}

/**
 * Reads one resource and every copy of it (same ownership tags and logical id: what a lost
 * create response left): nothing when absent, not ours, or under a parent that is absent. Every
 * copy of what holds no data is deleted too, so destroy leaves no leak; copies of what may hold
 * data (buckets, databases) stop destroy before anything is deleted, naming each: which one
 * holds the data that matters is a person's call, and --delete-data does not make it.
 */
async function findOurs(
  layer: string,
  def: AnyResourceDef,
  walkCtx: EngineContext,
  deleteData: boolean,
): Promise<Found[]> {
  if ((def.needs ?? []).some((n) => !walkCtx.outputs.has(n.id))) return []
  const ctx: EngineContext = {...walkCtx, duplicates: [], copies: 'delete-all'}
  const found: unknown = await def.find(ctx)
  const live = found === undefined || (def.owned && !def.owned(found, ctx)) ? undefined : found
  // Deleting is irreversible: only what carries our tags, never what owned() tolerates.
  const kept = live !== undefined && (!def.deletable || def.deletable(live, ctx)) ? live : undefined
  const copies = ctx.duplicates ?? []
  if (copies.length > 0 && def.copiesHoldData)
    throw copiesStop(
      def,
      kept === undefined ? undefined : def.physicalId(kept),
      copies,
      `${def.copiesHoldData}: destroy will not guess which one to delete, with or without --delete-data.`,
    )
  const out: Found[] = []
  if (kept !== undefined) {
    ctx.outputs.set(def.key.id, def.outputs(kept))
    const base = {layer, id: def.key.id, type: def.key.type, name: def.name, physicalId: def.physicalId(kept)}
    if (!def.delete) return [{def, live: kept, item: {...base, action: 'keep', reason: 'removed with its parent'}}]
    const data = deleteData ? undefined : await def.holdsData?.(ctx, kept)
    out.push({
      def,
      live: kept,
      item: data ? {...base, action: 'keep', reason: `${data}; --delete-data removes it`} : {...base, action: 'delete'},
    })
  }
  for (const c of def.delete ? copies : []) {
    const physicalId = def.physicalId(c.live)
    out.push({
      def,
      live: c.live,
      item: {
        layer,
        id: def.key.id,
        type: def.key.type,
        name: def.name,
        physicalId,
        action: 'delete',
        reason: `copy: ${c.why}`,
      },
    })
  }
  return out
}

async function deleteOne(f: Found, ctx: EngineContext): Promise<void> {
  const {item} = f
  ctx.progress(`deleting ${item.type} ${item.name} (${item.physicalId})`)
  try {
    await f.def.delete?.(ctx, f.live)
  } catch (err) {
    throw toPlatformError(err, `deleting ${item.type} ${item.name} (${item.physicalId})`)
  }
}
