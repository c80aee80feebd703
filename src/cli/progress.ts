import {Listr} from 'listr2'
import {selectLayers, type EngineEvents} from '../reconcile/engine.js'
import type {LayerDef, LayerSummary} from '../reconcile/types.js'
import {oneLine} from '../report/terminal.js'
import type {Confirm} from './confirm.js'

export type RendererChoice = 'silent' | 'simple' | 'default'

/** Silent under --json; plain lines when not a TTY or in CI (cron logs stay readable); animated otherwise. */
export function chooseRenderer(opts: {json: boolean}): RendererChoice {
  if (opts.json) return 'silent'
  if (!process.stdout.isTTY || process.env.CI) return 'simple'
  return 'default'
}

/**
 * The progress display of one run that changes the account (provision, destroy), so that a
 * command holds no display lifecycle: nothing shows until the run's confirmation says yes
 * (the plan and the question must not be drawn over); once the run settles, the display has
 * drawn its last frame, so the command's summary comes after it.
 */
export interface RunProgress<Sink> {
  /** What the run reports to; the same object from the start, so it can go in the run's options. */
  readonly sink: Sink
  /** The run's confirmation, wrapped: when it says yes, the display starts. */
  startOnConfirm<Subject>(confirm: Confirm<Subject>): Confirm<Subject>
  /** Runs `run`. On failure every task still running is marked failed; either way waits for the display. */
  track<Result>(run: () => Promise<Result>): Promise<Result>
}

/** A started display: how to fail what is still pending, and when it has finished drawing. */
interface Display {
  fail(err: unknown): void
  finished: Promise<void>
}

function runProgress<Sink>(sink: Sink, startDisplay: () => Display): RunProgress<Sink> {
  let display: Display | undefined
  return {
    sink,
    startOnConfirm: (confirm) => async (subject) => {
      if (!(await confirm(subject))) return false
      display = startDisplay()
      return true
    },
    async track(run) {
      try {
        const result = await run()
        await display?.finished
        return result
      } catch (err) {
        display?.fail(err)
        await display?.finished
        throw err
      }
    },
  }
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

/** "1 created, 0 updated, 3 unchanged": what a layer did, for its task and for its CI summary line. */
export function layerSummaryText(s: LayerSummary): string {
  return `${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged${s.replaceRequired ? `, ${s.replaceRequired} replace-required` : ''}`
}

/**
 * A listr2 task per layer the run changes (`only` and what it needs read-only are left out),
 * driven by the engine's events: the engine owns ordering and concurrency; listr2 only shows
 * it. The Listr itself is made when the display starts: it takes over SIGINT once it exists.
 * Not on a terminal (CI, cron) the layers run concurrently into one log: see ciLayerProgress.
 */
export function layerProgress(opts: {
  layers: LayerDef[]
  only?: string[]
  json: boolean
  /** Where plain lines go (CI); stdout unless a test collects them. */
  log?: (line: string) => void
  renderer?: RendererChoice
}): RunProgress<EngineEvents> {
  const layers = selectLayers(opts.layers, opts.only)
    .filter((s) => !s.readOnly)
    .map((s) => s.layer)
  const renderer = opts.renderer ?? chooseRenderer({json: opts.json})
  if (renderer === 'simple')
    return ciLayerProgress(
      layers.map((l) => l.name),
      opts.log ?? ((line) => process.stdout.write(`${line}\n`)),
    )
  const state = new Map(layers.map((l) => [l.name, {done: deferred(), output: (_m: string) => {}}]))
  const events: EngineEvents = {
    progress: (layer, m) => state.get(layer)?.output(m),
    layerDone: (layer, s) => {
      state.get(layer)?.output(layerSummaryText(s))
      state.get(layer)?.done.resolve()
    },
    layerFailed: (layer, err) => state.get(layer)?.done.reject(err),
  }
  return runProgress(events, () => {
    const list = new Listr(
      layers.map((l) => ({
        title: `${l.name}: ${l.description}`,
        task: async (_ctx: unknown, task: {output: string; title: string}) => {
          const s = state.get(l.name)!
          // Messages carry AWS data and errors (a lock holder): shown with control characters made visible.
          s.output = (m: string) => {
            task.output = oneLine(m)
          }
          try {
            await s.done.promise
          } catch (err) {
            throw new Error(oneLine(err instanceof Error ? err.message : String(err)), {cause: err})
          }
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
    return {
      finished: list
        .run()
        .then(() => undefined)
        .catch(() => undefined),
      fail: (err) => {
        for (const s of state.values()) s.done.reject(err)
      },
    }
  })
}

/**
 * Plain lines for a CI log, where concurrent layers interleave: every line names its layer
 * (`[network] ...`), and a layer's summary (done or failed) is its last line, so that
 * `grep '^\[eks\]'` reads one layer's story in order. Lines stream as they come (a 15-minute
 * EKS create must not look hung); nothing shows before the confirmation.
 */
export function ciLayerProgress(layers: string[], log: (line: string) => void): RunProgress<EngineEvents> {
  const changed = new Set(layers)
  const finished = new Set<string>()
  let started = false
  const say = (layer: string, text: string) => {
    if (started && changed.has(layer) && !finished.has(layer)) log(`[${layer}] ${oneLine(text)}`)
  }
  const end = (layer: string, text: string) => {
    say(layer, text)
    finished.add(layer)
  }
  const events: EngineEvents = {
    layerStart: (layer) => say(layer, 'started'),
    progress: (layer, m) => say(layer, m),
    layerDone: (layer, s) => end(layer, `done: ${layerSummaryText(s)} (${(s.ms / 1000).toFixed(1)}s)`),
    layerFailed: (layer, err) => end(layer, `failed: ${err.message}`),
  }
  return runProgress(events, () => {
    started = true
    return {
      // The run's error reaches every layer still going, as listr2 marks its pending tasks failed.
      fail: (err) => {
        for (const layer of layers) if (!finished.has(layer)) end(layer, `failed: ${errorMessage(err)}`)
      },
      finished: Promise.resolve(),
    }
  })
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err))

/**
 * One indented line per message (destroy deletes one resource at a time: a task list would
 * show one task). It reports only while deleting, after the confirmation, so the lines need
 * neither a start nor a last frame.
 */
export function lineProgress(log: (line: string) => void): RunProgress<(message: string) => void> {
  return runProgress(
    (message) => log(`  ${message}`),
    () => ({fail: () => {}, finished: Promise.resolve()}),
  )
}
