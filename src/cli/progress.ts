import {Listr} from 'listr2'
import type {EngineEvents} from '../reconcile/engine.js'
import type {LayerDef} from '../reconcile/types.js'

export type RendererChoice = 'silent' | 'simple' | 'default'

/** Silent under --json; plain lines when not a TTY or in CI (cron logs stay readable); animated otherwise. */
export function chooseRenderer(opts: {json: boolean}): RendererChoice {
  if (opts.json) return 'silent'
  if (!process.stdout.isTTY || process.env.CI) return 'simple'
  return 'default'
}

interface Deferred {
  promise: Promise<void>
  resolve(): void
  reject(err: unknown): void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  promise.catch(() => {})
  return {promise, resolve, reject}
}

/**
 * A listr2 task per layer, driven by the engine's events: the engine owns ordering and
 * concurrency; listr2 only shows it.
 */
export function layerProgress(
  layers: LayerDef[],
  renderer: RendererChoice,
): {events: EngineEvents; run: Promise<void>; fail(err: unknown): void} {
  const state = new Map(layers.map((l) => [l.name, {done: deferred(), output: (_m: string) => {}}]))
  const list = new Listr(
    layers.map((l) => ({
      title: `${l.name}: ${l.description}`,
      task: async (_ctx: unknown, task: {output: string; title: string}) => {
        const s = state.get(l.name)!
        s.output = (m: string) => {
          task.output = m
        }
        await s.done.promise
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      renderer,
      rendererOptions: {collapseErrors: false},
      fallbackRenderer: 'simple',
      silentRendererCondition: renderer === 'silent',
    },
  )
  const run = list
    .run()
    .then(() => undefined)
    .catch(() => undefined)
  const events: EngineEvents = {
    progress: (layer, m) => state.get(layer)?.output(m),
    layerDone: (layer, s) => {
      state
        .get(layer)
        ?.output(
          `${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged${s.replaceRequired ? `, ${s.replaceRequired} replace-required` : ''}`,
        )
      state.get(layer)?.done.resolve()
    },
    layerFailed: (layer, err) => state.get(layer)?.done.reject(err),
  }
  return {
    events,
    run,
    fail: (err) => {
      for (const s of state.values()) s.done.reject(err)
    },
  }
}
