import {toPlatformError} from '../aws/errors.js'
import {callScope} from '../aws/recorder.js'
import {PlatformError} from '../errors.js'
import {Slots} from './slots.js'
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
  const reverse = opts.direction === 'reverse'
  const selected = selectLayers(opts.layers, opts.only)
  const slots = new Slots(opts.concurrency)
  const results = new Map<string, R[]>()
  const chains = new Map<string, number>()
  const order = topological(selected.map((s) => s.layer))
  if (reverse) order.reverse()
  // Forward, a layer waits on what it depends on; reverse, on what depends on it.
  const waitsOn = (layer: LayerDef) =>
    reverse ? selected.filter((s) => s.layer.dependsOn.includes(layer.name)).map((s) => s.layer.name) : layer.dependsOn

  const runLayer = async ({layer, readOnly}: {layer: LayerDef; readOnly: boolean}): Promise<void> => {
    const started = Date.now()
    hooks.layerStart?.(layer.name)
    const lctx: EngineContext = {
      ...ctx,
      mode: readOnly ? 'plan' : ctx.mode,
      progress: (m) => hooks.progress?.(layer.name, m),
    }
    const mine: R[] = []
    let layerChain = 0
    try {
      const steps = layer.steps(lctx)
      for (const step of reverse ? [...steps].reverse() : steps) {
        let stepChain = 0
        const settled = await Promise.allSettled(
          step.map((def) =>
            slots.run(async () => {
              const counter = {n: 0}
              const r = await callScope.run(counter, () => opts.visit(layer.name, def, lctx))
              stepChain = Math.max(stepChain, counter.n)
              return r
            }),
          ),
        )
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
        if (failed) throw failed.reason
        layerChain += stepChain
        for (const s of settled as PromiseFulfilledResult<R>[]) {
          mine.push(s.value)
          hooks.result?.(layer.name, s.value)
        }
      }
    } catch (err) {
      const pe = toPlatformError(err, `layer ${layer.name}`)
      hooks.layerFailed?.(layer.name, pe)
      throw pe
    }
    if (!readOnly) results.set(layer.name, mine)
    chains.set(layer.name, layerChain + Math.max(0, ...waitsOn(layer).map((d) => chains.get(d) ?? 0)))
    hooks.layerDone?.(layer.name, mine, Date.now() - started)
  }

  // Each layer chains on the promises of the layers it waits on; a failed one fails it too.
  const done = new Map<string, Promise<void>>()
  for (const name of order) {
    const s = selected.find((x) => x.layer.name === name)
    if (!s) continue
    const deps = waitsOn(s.layer).flatMap((d) => done.get(d) ?? [])
    done.set(
      name,
      Promise.all(deps).then(() => runLayer(s)),
    )
  }
  const settled = await Promise.allSettled([...done.values()])
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return {
    layers: order.flatMap((layer) => {
      const r = results.get(layer)
      return r ? [{layer, results: r}] : []
    }),
    longestCallChain: Math.max(0, ...chains.values()),
  }
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
