import {toPlatformError} from '../aws/errors.js'
import {callScope} from '../aws/recorder.js'
import {PlatformError} from '../errors.js'
import {Slots} from './slots.js'
import type {ResourceKey} from '../resources.js'
import type {AnyResourceDef, EngineContext, LayerDef} from './types.js'

/** What a walk does with each resource: provision reconciles, the audit and destroy read, destroy deletes. */
export type Visitor<R> = (layer: string, def: AnyResourceDef, ctx: EngineContext) => Promise<R>

export interface WalkHooks<R> {
  layerStart?(layer: string): void
  layerDone?(layer: string, results: R[], ms: number): void
  layerFailed?(layer: string, err: PlatformError): void
  result?(layer: string, result: R): void
  progress?(layer: string, message: string): void
}

export interface WalkResult<R> {
  /** Per layer, in dependency order, the visitor's results (layers only read for --layer left out). */
  layers: {layer: string; results: R[]}[]
  /** The longest chain of calls that had to wait for one another (critical path through steps and layers). */
  longestCallChain: number
  /**
   * Forward walks: the longest chain of resources that had to wait for one another, in the time
   * each took (its own work and waits, not time queued for a slot). The wall time of a run can be
   * no shorter; the closer it comes, the less anything waited without a reason.
   */
  criticalPathMs: number
  /** Forward walks: when each resource started and ended, in ms from the walk's start (bench figures). */
  timeline: {id: string; startMs: number; endMs: number}[]
}

/**
 * Orders layers by their dependencies. `only` limits the run: the named layers run in the
 * context's mode, the layers they depend on are read (plan mode) to supply outputs, and
 * nothing else runs.
 */
export function selectLayers(all: LayerDef[], only?: string[]): {layer: LayerDef; readOnly: boolean}[] {
  const byName = new Map(all.map((l) => [l.name, l]))
  for (const name of only ?? []) {
    if (!byName.has(name)) {
      const names = all.map((l) => l.name).join(', ')
      throw new PlatformError(`Unknown layer "${name}". Layers: ${names}.`, {code: 'USAGE'})
    }
  }
  const wanted = new Set(only && only.length > 0 ? only : all.map((l) => l.name))
  const needed = new Set<string>()
  const visit = (name: string) => {
    if (needed.has(name)) return
    needed.add(name)
    for (const d of byName.get(name)?.dependsOn ?? []) visit(d)
  }
  for (const w of wanted) visit(w)
  return all.filter((l) => needed.has(l.name)).map((layer) => ({layer, readOnly: !wanted.has(layer.name)}))
}

/**
 * The one walk over the layers. Forward: a layer starts once the layers it depends on are
 * done, its steps in order, the resources of a step in parallel. Reverse (destroy): a layer
 * starts once every layer depending on it is done, its steps backwards. `concurrency` bounds
 * the resources in flight across all layers; a resource waiting on AWS frees its slot.
 */
export async function walkLayers<R>(opts: {
  layers: LayerDef[]
  only?: string[]
  ctx: EngineContext
  concurrency: number
  direction?: 'forward' | 'reverse'
  visit: Visitor<R>
  hooks?: WalkHooks<R>
}): Promise<WalkResult<R>> {
  const {ctx, hooks = {}} = opts
  const selected = selectLayers(opts.layers, opts.only)
  const order = topological(selected.map((s) => s.layer))
  const slots = new Slots(opts.concurrency)
  const byName = new Map(selected.map((s) => [s.layer.name, s]))
  const units = order.flatMap((name) => {
    const s = byName.get(name)
    return s ? [unitOf(s, ctx, hooks)] : []
  })
  const walkStart = Date.now()
  const visitOne = async (unit: LayerUnit, def: AnyResourceDef): Promise<Visited<R>> =>
    slots.run(async () => {
      const counter = {n: 0}
      const started = Date.now()
      const result = await callScope.run(counter, () => opts.visit(unit.layer.name, def, declaredReads(unit, def)))
      return {result, calls: counter.n, ms: Date.now() - started, startMs: started - walkStart}
    })
  const run = opts.direction === 'reverse' ? reverseWalk : forwardWalk
  return run(units, visitOne, hooks)
}

/** A layer as a walk sees it: its steps, made once, and the context its resources run in. */
interface LayerUnit {
  layer: LayerDef
  readOnly: boolean
  ctx: EngineContext
  steps: AnyResourceDef[][]
  /** Every logical id this layer holds: its resources may read one another's outputs (earlier steps). */
  own: Set<string>
}

function unitOf<R>(s: {layer: LayerDef; readOnly: boolean}, ctx: EngineContext, hooks: WalkHooks<R>): LayerUnit {
  const lctx: EngineContext = {
    ...ctx,
    mode: s.readOnly ? 'plan' : ctx.mode,
    progress: (m) => hooks.progress?.(s.layer.name, m),
  }
  const steps = s.layer.steps(lctx)
  return {...s, ctx: lctx, steps, own: new Set(steps.flat().map((d) => d.key.id))}
}

/**
 * A resource reads only what it declares: the outputs of its `needs` and of its own layer. The
 * forward walk starts a resource as soon as those exist, without waiting for the rest of the
 * layers it depends on, so an undeclared read could see a resource that has not run yet: it is
 * a bug in the layer, stopped here rather than planned from a missing value.
 */
function declaredReads(unit: LayerUnit, def: AnyResourceDef): EngineContext {
  const allowed = new Set([...unit.own, ...(def.needs ?? []).map((k) => k.id)])
  const guard = (key: ResourceKey) => {
    if (!allowed.has(key.id))
      throw new PlatformError(`${def.key.id} reads ${key.id} without declaring it in its needs.`, {
        code: 'BUG',
        remedy: `Add ${key.id} to the needs of ${def.key.id}; please report this.`,
      })
  }
  const ref: EngineContext['ref'] = (key) => (guard(key), unit.ctx.ref(key))
  const need: EngineContext['need'] = (key) => (guard(key), unit.ctx.need(key))
  return {...unit.ctx, ref, need}
}

interface Visited<R> {
  result: R
  calls: number
  ms: number
  /** When the visit started, from the walk's start. */
  startMs: number
}
type VisitOne<R> = (unit: LayerUnit, def: AnyResourceDef) => Promise<Visited<R>>
interface Chain {
  calls: number
  ms: number
}

/**
 * Forward: each resource starts once the resources it needs are done (wherever they live) and
 * the previous step of its own layer is done; nothing else holds it back. An EKS cluster or an
 * Aurora cluster does not wait for NAT gateways it does not need, though both layers come after
 * the network. A failed resource fails those that wait on it; the others run to the end.
 */
async function forwardWalk<R>(units: LayerUnit[], visitOne: VisitOne<R>, hooks: WalkHooks<R>): Promise<WalkResult<R>> {
  const byKey = new Map<string, Promise<Chain>>()
  const layerPromises: Promise<void>[] = []
  const results = new Map<string, R[]>()
  const chains: Chain[] = []
  const timeline: WalkResult<R>['timeline'] = []
  for (const unit of units) {
    const started = Date.now()
    let begun = false
    const mine: R[][] = unit.steps.map(() => [])
    let previous: Promise<Chain>[] = []
    const all: Promise<Chain>[] = []
    for (const [i, step] of unit.steps.entries()) {
      const current = step.map((def, j) => {
        const waits = [...previous, ...(def.needs ?? []).flatMap((k) => byKey.get(k.id) ?? [])]
        const p = Promise.all(waits).then(async (deps) => {
          if (!begun) {
            begun = true
            hooks.layerStart?.(unit.layer.name)
          }
          const {result, calls, ms, startMs} = await visitOne(unit, def)
          timeline.push({id: def.key.id, startMs, endMs: startMs + ms})
          mine[i]![j] = result
          hooks.result?.(unit.layer.name, result)
          const chain = {
            calls: calls + Math.max(0, ...deps.map((d) => d.calls)),
            ms: ms + Math.max(0, ...deps.map((d) => d.ms)),
          }
          chains.push(chain)
          return chain
        })
        p.catch(() => {})
        byKey.set(def.key.id, p)
        return p
      })
      all.push(...current)
      previous = current
    }
    const layerDone = Promise.all(all).then(
      () => {
        const flat = mine.flat()
        if (!unit.readOnly) results.set(unit.layer.name, flat)
        hooks.layerDone?.(unit.layer.name, flat, Date.now() - started)
      },
      (err: unknown) => {
        const pe = toPlatformError(err, `layer ${unit.layer.name}`)
        hooks.layerFailed?.(unit.layer.name, pe)
        throw pe
      },
    )
    layerPromises.push(layerDone)
  }
  await allOrFirstError(layerPromises)
  return {
    layers: resultsInOrder(units, results),
    longestCallChain: Math.max(0, ...chains.map((c) => c.calls)),
    criticalPathMs: Math.max(0, ...chains.map((c) => c.ms)),
    timeline,
  }
}

/**
 * Reverse (destroy): a layer starts once every layer depending on it is done, its steps
 * backwards, the resources of a step in parallel: what is deleted first is what nothing else
 * holds on to.
 */
async function reverseWalk<R>(units: LayerUnit[], visitOne: VisitOne<R>, hooks: WalkHooks<R>): Promise<WalkResult<R>> {
  const results = new Map<string, R[]>()
  const chains = new Map<string, number>()
  const order = [...units].reverse()
  const dependents = (u: LayerUnit) => units.filter((x) => x.layer.dependsOn.includes(u.layer.name))
  const runLayer = async (unit: LayerUnit): Promise<void> => {
    const started = Date.now()
    hooks.layerStart?.(unit.layer.name)
    const mine: R[] = []
    let layerChain = 0
    try {
      for (const step of [...unit.steps].reverse()) {
        const settled = await Promise.allSettled(step.map((def) => visitOne(unit, def)))
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
        if (failed) throw failed.reason
        const done = (settled as PromiseFulfilledResult<Visited<R>>[]).map((s) => s.value)
        layerChain += Math.max(0, ...done.map((d) => d.calls))
        for (const d of done) {
          mine.push(d.result)
          hooks.result?.(unit.layer.name, d.result)
        }
      }
    } catch (err) {
      const pe = toPlatformError(err, `layer ${unit.layer.name}`)
      hooks.layerFailed?.(unit.layer.name, pe)
      throw pe
    }
    if (!unit.readOnly) results.set(unit.layer.name, mine)
    chains.set(unit.layer.name, layerChain + Math.max(0, ...dependents(unit).map((d) => chains.get(d.layer.name) ?? 0)))
    hooks.layerDone?.(unit.layer.name, mine, Date.now() - started)
  }
  const done = new Map<string, Promise<void>>()
  for (const unit of order) {
    const deps = dependents(unit).flatMap((d) => done.get(d.layer.name) ?? [])
    done.set(
      unit.layer.name,
      Promise.all(deps).then(() => runLayer(unit)),
    )
  }
  await allOrFirstError([...done.values()])
  return {
    layers: resultsInOrder(order, results),
    longestCallChain: Math.max(0, ...chains.values()),
    criticalPathMs: 0,
    timeline: [],
  }
}

/** Waits for every promise (what does not depend on a failure runs to its end), then throws the first failure. */
async function allOrFirstError(promises: Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(promises)
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
}

/** The results of the layers a walk may change, in the order given (layers only read are left out). */
function resultsInOrder<R>(units: LayerUnit[], results: Map<string, R[]>): {layer: string; results: R[]}[] {
  return units.flatMap((u) => {
    const r = results.get(u.layer.name)
    return r ? [{layer: u.layer.name, results: r}] : []
  })
}

function topological(layers: LayerDef[]): string[] {
  const byName = new Map(layers.map((l) => [l.name, l]))
  const out: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (l: LayerDef) => {
    if (state.get(l.name) === 'done') return
    if (state.get(l.name) === 'visiting') throw new Error(`layer dependency cycle at ${l.name}`)
    state.set(l.name, 'visiting')
    for (const d of l.dependsOn) {
      const dep = byName.get(d)
      if (dep) visit(dep)
    }
    state.set(l.name, 'done')
    out.push(l.name)
  }
  for (const l of layers) visit(l)
  return out
}
