import {toPlatformError} from '../aws/errors.js'
import {ExitCode, NotOwnedError, PlatformError} from '../errors.js'
import {diffFields} from './diff.js'
import {mapLimit} from './limit.js'
import {callScope} from '../aws/recorder.js'
import type {EngineContext, LayerDef, LayerSummary, PlannedResource, ResourceDef} from './types.js'

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

/**
 * Orders layers by their dependencies. `only` limits the run: the named layers run in the
 * engine's mode, the layers they depend on are read (plan mode) to supply outputs, and
 * nothing else runs.
 */
export function selectLayers(all: LayerDef[], only?: string[]): {layer: LayerDef; readOnly: boolean}[] {
  const byName = new Map(all.map((l) => [l.name, l]))
  for (const name of only ?? []) {
    if (!byName.has(name))
      throw new PlatformError(`Unknown layer "${name}". Layers: ${all.map((l) => l.name).join(', ')}.`, {code: 'USAGE'})
  }
  const wanted = new Set(only && only.length > 0 ? only : all.map((l) => l.name))
  const needed = new Set<string>()
  const visit = (name: string) => {
    if (needed.has(name)) return
    needed.add(name)
    for (const d of byName.get(name)!.dependsOn) visit(d)
  }
  for (const w of wanted) visit(w)
  return all.filter((l) => needed.has(l.name)).map((layer) => ({layer, readOnly: !wanted.has(layer.name)}))
}

export async function runEngine(opts: {
  layers: LayerDef[]
  only?: string[]
  ctx: EngineContext
  concurrency: number
  events?: EngineEvents
  /** What to do with each resource; provision reconciles, the audit only reads. */
  visit?: (layer: string, def: ResourceDef<unknown>, ctx: EngineContext) => Promise<PlannedResource>
}): Promise<EngineRun> {
  const visit = opts.visit ?? reconcileResource
  const {ctx, events = {}} = opts
  const selected = selectLayers(opts.layers, opts.only)
  const resources: PlannedResource[] = []
  const summaries: LayerSummary[] = []
  const done = new Map<string, Promise<void>>()
  const chains = new Map<string, number>()
  let slots = Math.max(1, opts.concurrency)
  const waiting: (() => void)[] = []
  const acquire = async () => {
    if (slots > 0) {
      slots--
      return
    }
    await new Promise<void>((r) => waiting.push(r))
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else slots++
  }

  const runLayer = async ({layer, readOnly}: {layer: LayerDef; readOnly: boolean}): Promise<void> => {
    await acquire()
    const started = Date.now()
    events.layerStart?.(layer.name)
    const lctx: EngineContext = {
      ...ctx,
      mode: readOnly ? 'plan' : ctx.mode,
      progress: (m) => events.progress?.(layer.name, m),
    }
    const mine: PlannedResource[] = []
    let layerChain = 0
    try {
      for (const step of layer.steps(lctx)) {
        let stepChain = 0
        const planned = await mapLimit(step, opts.concurrency, async (def) => {
          const counter = {n: 0}
          const p = await callScope.run(counter, () => visit(layer.name, def, lctx))
          stepChain = Math.max(stepChain, counter.n)
          return p
        })
        layerChain += stepChain
        for (const p of planned) {
          mine.push(p)
          events.resource?.(layer.name, p)
        }
      }
    } catch (err) {
      const pe = toPlatformError(err, `layer ${layer.name}`)
      events.layerFailed?.(layer.name, pe)
      throw pe
    } finally {
      release()
    }
    if (!readOnly) resources.push(...mine)
    const count = (a: string) => mine.filter((p) => p.action === a).length
    const summary: LayerSummary = {
      layer: layer.name,
      created: count('create'),
      updated: count('update') + count('replace'),
      unchanged: count('no-op'),
      replaceRequired: count('replace-required'),
      ms: Date.now() - started,
    }
    if (!readOnly) summaries.push(summary)
    chains.set(layer.name, layerChain + Math.max(0, ...layer.dependsOn.map((d) => chains.get(d) ?? 0)))
    events.layerDone?.(layer.name, summary)
  }

  // In topological order each layer chains on its dependencies' promises; a failed dependency fails it too.
  const order = topological(selected.map((s) => s.layer))
  for (const name of order) {
    const s = selected.find((x) => x.layer.name === name)!
    const deps = s.layer.dependsOn.filter((d) => done.has(d)).map((d) => done.get(d)!)
    done.set(
      name,
      Promise.all(deps).then(() => runLayer(s)),
    )
  }
  const results = await Promise.allSettled([...done.values()])
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  const rank = new Map(order.map((n, i) => [n, i]))
  summaries.sort((a, b) => rank.get(a.layer)! - rank.get(b.layer)!)
  return {resources, layers: summaries, longestCallChain: Math.max(0, ...chains.values())}
}

function topological(layers: LayerDef[]): string[] {
  const names = new Set(layers.map((l) => l.name))
  const out: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (l: LayerDef) => {
    if (state.get(l.name) === 'done') return
    if (state.get(l.name) === 'visiting') throw new Error(`layer dependency cycle at ${l.name}`)
    state.set(l.name, 'visiting')
    for (const d of l.dependsOn) if (names.has(d)) visit(layers.find((x) => x.name === d)!)
    state.set(l.name, 'done')
    out.push(l.name)
  }
  for (const l of layers) visit(l)
  return out
}

/** Read -> diff -> plan -> (apply). The only place that decides create, update or replace. */
export async function reconcileResource<L>(
  layer: string,
  def: ResourceDef<L>,
  ctx: EngineContext,
): Promise<PlannedResource> {
  const base = {layer, id: def.id, type: def.type, name: def.name, requirements: def.requirements ?? []}
  const unknownInputs = (def.needs ?? []).filter((id) => !ctx.outputs.has(id))
  // In apply mode every input comes from an earlier step or layer; one can be missing only
  // when --layer left a dependency layer read-only and that dependency does not exist.
  if (unknownInputs.length > 0 && ctx.mode === 'apply') {
    throw new PlatformError(`${def.type} ${def.name} needs ${unknownInputs.join(', ')}, which does not exist yet.`, {
      code: 'MISSING_DEPENDENCY',
      exitCode: ExitCode.APPLY_FAILED,
      remedy: `Provision the layers it depends on first (run without --layer, or add the layer of ${unknownInputs[0]} to --layer).`,
    })
  }
  let live = unknownInputs.length > 0 ? undefined : await def.find(ctx)

  if (live === undefined) {
    const note = unknownInputs.length > 0 ? `after ${unknownInputs.join(', ')} exist` : undefined
    if (ctx.mode === 'plan') return {...base, action: 'create', changes: [], ...(note ? {note} : {})}
    ctx.progress(`creating ${def.type} ${def.name}`)
    live = await def.create(ctx)
    // Fields AWS does not take in the create call (VPC DNS attributes, rotation, ...).
    const rest = diffFields(def.fields(ctx), live).filter((c) => !c.immutable)
    if (rest.length > 0) await def.update(ctx, live, rest)
    if (def.ready) live = await def.ready(ctx, live)
    ctx.outputs.set(def.id, def.outputs(live))
    return {...base, action: 'create', physicalId: def.physicalId(live), changes: []}
  }

  if (def.owned && !def.owned(live, ctx) && !ctx.adopt) {
    throw new NotOwnedError(
      `${def.type} ${def.name} (${def.physicalId(live)}) exists but does not carry this environment's ownership tags: it is not ours.`,
      'Rename ours with the configuration (project, bucket prefix/suffix), remove the other resource, or take it over with --adopt.',
    )
  }
  ctx.outputs.set(def.id, def.outputs(live))
  const changes = diffFields(def.fields(ctx), live)
  const physicalId = def.physicalId(live)
  if (changes.some((c) => c.immutable) && def.replaceable && def.delete) {
    const note = `replace (delete + create): ${def.replaceable}`
    if (ctx.mode === 'plan') return {...base, action: 'replace', physicalId, changes, note}
    ctx.progress(`replacing ${def.type} ${def.name}: ${changes.map((c) => c.path).join(', ')}`)
    ctx.outputs.delete(def.id)
    await def.delete(ctx, live)
    let fresh = await def.create(ctx)
    if (def.ready) fresh = await def.ready(ctx, fresh)
    ctx.outputs.set(def.id, def.outputs(fresh))
    return {...base, action: 'replace', physicalId: def.physicalId(fresh), changes, note}
  }
  if (changes.some((c) => c.immutable)) {
    return {
      ...base,
      action: 'replace-required',
      physicalId,
      changes,
      note: 'an immutable field differs: replace it deliberately; platform never does so silently',
    }
  }
  if (changes.length === 0) {
    if (ctx.mode === 'apply' && def.ready) ctx.outputs.set(def.id, def.outputs(await def.ready(ctx, live)))
    return {...base, action: 'no-op', physicalId, changes}
  }
  if (ctx.mode === 'apply') {
    ctx.progress(`updating ${def.type} ${def.name}: ${changes.map((c) => c.path).join(', ')}`)
    await def.update(ctx, live, changes)
    if (def.ready) ctx.outputs.set(def.id, def.outputs(await def.ready(ctx, live)))
  }
  return {...base, action: 'update', physicalId, changes}
}
