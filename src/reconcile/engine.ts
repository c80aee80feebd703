import {DuplicateError, ExitCode, NotOwnedError, PlatformError} from '../errors.js'
import type {ResourceOutputs} from '../resources.js'
import {createThroughFind} from './create.js'
import {diffFields} from './diff.js'
import type {
  AnyResourceDef,
  DuplicateFinding,
  EngineContext,
  LayerDef,
  LayerSummary,
  PlannedResource,
  ResourceDef,
} from './types.js'
import {walkLayers, type Visitor} from './walk.js'

export {selectLayers} from './walk.js'

export interface EngineEvents {
  layerStart?(layer: string): void
  layerDone?(layer: string, summary: LayerSummary): void
  layerFailed?(layer: string, err: PlatformError): void
  resource?(layer: string, planned: PlannedResource): void
  progress?(layer: string, message: string): void
}

export interface EngineRun {
  resources: PlannedResource[]
  layers: LayerSummary[]
  /** The longest chain of calls that had to wait for one another (critical path through steps and layers). */
  longestCallChain: number
}

/** Plans (ctx.mode 'plan') or applies ('apply') every selected layer: the walk with the reconciling visitor. */
export async function runEngine(opts: {
  layers: LayerDef[]
  only?: string[]
  ctx: EngineContext
  concurrency: number
  events?: EngineEvents
  /** What to do with each resource; provision reconciles (the default). */
  visit?: Visitor<PlannedResource>
}): Promise<EngineRun> {
  const events = opts.events ?? {}
  const elapsed = new Map<string, number>()
  const walk = await walkLayers<PlannedResource>({
    layers: opts.layers,
    only: opts.only,
    ctx: opts.ctx,
    concurrency: opts.concurrency,
    visit: opts.visit ?? reconcileResource,
    hooks: {
      layerStart: events.layerStart,
      layerFailed: events.layerFailed,
      result: events.resource,
      progress: events.progress,
      layerDone: (layer, results, ms) => {
        elapsed.set(layer, ms)
        events.layerDone?.(layer, summarize(layer, results, ms))
      },
    },
  })
  return {
    // A resource's duplicates follow it: the plan shows them, and they count as pending.
    resources: walk.layers.flatMap((l) => l.results.flatMap((r) => [r, ...(r.duplicates ?? [])])),
    // Summaries of the layers this run may change; a layer only read for --layer has none.
    layers: walk.layers.map((l) => summarize(l.layer, l.results, elapsed.get(l.layer) ?? 0)),
    longestCallChain: walk.longestCallChain,
  }
}

function summarize(layer: string, planned: PlannedResource[], ms: number): LayerSummary {
  const count = (a: PlannedResource['action']) => planned.filter((p) => p.action === a).length
  return {
    layer,
    created: count('create'),
    updated: count('update') + count('replace') + planned.reduce((n, p) => n + (p.duplicates?.length ?? 0), 0),
    unchanged: count('no-op'),
    replaceRequired: count('replace-required'),
    ms,
  }
}

/** Read -> diff -> plan -> (apply). The only place that decides create, update or replace. */
export async function reconcileResource<L, O extends ResourceOutputs>(
  layer: string,
  def: ResourceDef<L, O>,
  walkCtx: EngineContext,
): Promise<PlannedResource> {
  // This resource's own list of copies that find did not choose (healing, below).
  const ctx: EngineContext = {...walkCtx, duplicates: []}
  const planned = await reconcileOne(layer, def, ctx)
  const copies = ctx.duplicates ?? []
  if (copies.length === 0) return planned
  const duplicates = await planDuplicates(def, ctx, planned, copies)
  return {...planned, duplicates}
}

/**
 * Copies of a resource that may hold data (buckets, databases) are never healed: the run stops
 * naming every one, for a person to decide, before any call that would change them. The one
 * message provision and destroy give.
 */
export function copiesStop(
  def: AnyResourceDef,
  keptId: string | undefined,
  copies: DuplicateFinding[],
  why: string,
): DuplicateError {
  const ids = copies.map((c) => def.physicalId(c.live))
  const names = [...(keptId ? [keptId] : []), ...ids].join(' and ')
  const found = keptId
    ? `Found ${ids.length + 1} of ${def.key.type} ${def.name} carrying the same ownership tags: ${names}.`
    : `${def.key.type} ${def.name} does not exist under its name, but ${names} ${ids.length === 1 ? 'carries' : 'carry'} its ownership tags and logical id.`
  return new DuplicateError(
    `${found} ${why}`,
    'Decide which one to keep, move what the other holds if needed, delete it (or remove its platform:logical-id tag), then run again.',
  )
}

/**
 * Heals what a bad day left: each copy of a resource (same ownership tags as the one kept) is
 * planned as delete-duplicate with why, and deleted when applying, after the one kept is
 * reconciled. Never for resources that hold data: two buckets or two databases stop the run
 * naming both, for a person to decide (reconcileOne stops before touching either).
 */
async function planDuplicates<L, O extends ResourceOutputs>(
  def: ResourceDef<L, O>,
  ctx: EngineContext,
  kept: PlannedResource,
  copies: DuplicateFinding[],
): Promise<PlannedResource[]> {
  const stop = (why: string) => copiesStop(def, kept.physicalId, copies, why)
  if (def.copiesHoldData) throw stop(`${def.copiesHoldData}: platform never deletes one to heal a duplicate.`)
  if (!def.delete) throw stop('platform cannot delete this type of resource.')
  for (const c of copies) {
    const data = def.holdsData ? await def.holdsData(ctx, c.live as L) : undefined
    if (data !== undefined) throw stop(`It holds data (${data}): platform never deletes it to heal a duplicate.`)
  }
  const out: PlannedResource[] = []
  for (const c of copies) {
    const physicalId = def.physicalId(c.live as L)
    if (ctx.mode === 'apply') {
      ctx.progress(`deleting duplicate ${def.key.type} ${physicalId}: ${c.why}`)
      await def.delete(ctx, c.live as L)
    }
    out.push({...kept, action: 'delete-duplicate', physicalId, changes: [], note: c.why, duplicates: undefined})
  }
  return out
}

async function reconcileOne<L, O extends ResourceOutputs>(
  layer: string,
  def: ResourceDef<L, O>,
  ctx: EngineContext,
): Promise<PlannedResource> {
  const base = {layer, id: def.key.id, type: def.key.type, name: def.name, requirements: def.requirements ?? []}
  const unknownInputs = (def.needs ?? []).filter((k) => !ctx.outputs.has(k.id)).map((k) => k.id)
  // In apply mode every input comes from an earlier step or layer; one can be missing only
  // when --layer left a dependency layer read-only and that dependency does not exist.
  if (unknownInputs.length > 0 && ctx.mode === 'apply') throw missingDependency(def, unknownInputs)
  const live = unknownInputs.length > 0 ? undefined : await def.find(ctx)
  // Copies that may hold data stop the run here, before the one kept is updated or a missing
  // one created beside a tagged copy under another name.
  if (def.copiesHoldData && (ctx.duplicates?.length ?? 0) > 0)
    throw copiesStop(
      def,
      live === undefined ? undefined : def.physicalId(live),
      ctx.duplicates!,
      `${def.copiesHoldData}: platform never deletes one to heal a duplicate, nor creates another beside them.`,
    )
  if (live === undefined) {
    const note = unknownInputs.length > 0 ? `after ${unknownInputs.join(', ')} exist` : undefined
    if (ctx.mode === 'plan') return {...base, action: 'create', changes: [], ...(note ? {note} : {})}
    const made = await createResource(def, ctx)
    return {...base, action: 'create', physicalId: def.physicalId(made), changes: []}
  }
  if (def.owned && !def.owned(live, ctx) && !ctx.adopt) throw notOurs(def, live)
  ctx.outputs.set(def.key.id, def.outputs(live))
  const changes = diffFields(def.fields(ctx), live)
  const physicalId = def.physicalId(live)
  const immutable = changes.some((c) => c.immutable)
  if (immutable && def.replaceable && def.delete) {
    const note = `replace (delete + create): ${def.replaceable}`
    if (ctx.mode === 'plan') return {...base, action: 'replace', physicalId, changes, note}
    ctx.progress(`replacing ${def.key.type} ${def.name}: ${changes.map((c) => c.path).join(', ')}`)
    ctx.outputs.delete(def.key.id)
    await def.delete(ctx, live)
    const fresh = await createResource(def, ctx, {updateAfterCreate: false})
    return {...base, action: 'replace', physicalId: def.physicalId(fresh), changes, note}
  }
  if (immutable) {
    const note = 'an immutable field differs: replace it deliberately; platform never does so silently'
    return {...base, action: 'replace-required', physicalId, changes, note}
  }
  if (ctx.mode === 'apply' && changes.length > 0) {
    ctx.progress(`updating ${def.key.type} ${def.name}: ${changes.map((c) => c.path).join(', ')}`)
    await def.update(ctx, live, changes)
  }
  // After an update, and on a no-op too: dependents may need it usable (a cluster ACTIVE).
  if (ctx.mode === 'apply' && def.ready) ctx.outputs.set(def.key.id, def.outputs(await def.ready(ctx, live)))
  return {...base, action: changes.length === 0 ? 'no-op' : 'update', physicalId, changes}
}

function missingDependency<L, O extends ResourceOutputs>(def: ResourceDef<L, O>, ids: string[]): PlatformError {
  return new PlatformError(`${def.key.type} ${def.name} needs ${ids.join(', ')}, which does not exist yet.`, {
    code: 'MISSING_DEPENDENCY',
    exitCode: ExitCode.APPLY_FAILED,
    remedy: `Provision the layers it depends on first (run without --layer, or add the layer of ${ids[0]} to --layer).`,
  })
}

function notOurs<L, O extends ResourceOutputs>(def: ResourceDef<L, O>, live: L): NotOwnedError {
  return new NotOwnedError(
    `${def.key.type} ${def.name} (${def.physicalId(live)}) exists but does not carry this environment's ownership tags: it is not ours.`,
    'Rename ours with the configuration (project, bucket prefix/suffix), remove the other resource, or take it over with --adopt.',
  )
}

/**
 * Creates, then sets what AWS does not take in the create call (VPC DNS attributes, key
 * rotation, ...), waits until usable and records the outputs.
 */
async function createResource<L, O extends ResourceOutputs>(
  def: ResourceDef<L, O>,
  ctx: EngineContext,
  opts = {updateAfterCreate: true},
): Promise<L> {
  ctx.progress(`creating ${def.key.type} ${def.name}`)
  const made = await createThroughFind(def, ctx)
  // Found by name after "already there": the same ownership rule as a find before the create.
  if (made.foundAfter && def.owned && !def.owned(made.live, ctx) && !ctx.adopt) throw notOurs(def, made.live)
  let live = made.live
  // A retry the SDK was allowed (a create with a token AWS honours and an emulator ignores) may
  // have left a copy: read once more so this run heals it rather than the next. Not visible yet
  // (eventual consistency): keep what the create returned.
  if (!made.foundAfter && ctx.duplicates) live = (await def.find(ctx)) ?? live
  if (opts.updateAfterCreate) {
    const rest = diffFields(def.fields(ctx), live).filter((c) => !c.immutable)
    if (rest.length > 0) await def.update(ctx, live, rest)
  }
  if (def.ready) live = await def.ready(ctx, live)
  ctx.outputs.set(def.key.id, def.outputs(live))
  return live
}

export type {AnyResourceDef}
