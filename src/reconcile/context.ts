import type {AwsAccess} from '../aws/clients.js'
import type {ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import type {ResourceKey, ResourceOutputs} from '../resources.js'
import type {EngineContext, Outputs} from './types.js'

export interface ContextOptions {
  aws: AwsAccess
  design: ResolvedDesign
  account: string
  mode: 'plan' | 'apply'
  adopt?: boolean
  applyNow?: boolean
  /** Outputs already known (a test's fixture); a walk starts with none. */
  outputs?: Outputs
  progress?: (message: string) => void
  /** What the operator must see at once, outside the progress display (validation records to create). */
  notice?: (message: string) => void
}

/** The one way to make an engine context: provision, the audit, destroy and the tests use it. */
export function createContext(opts: ContextOptions): EngineContext {
  const outputs: Outputs = opts.outputs ?? new Map()
  // The catalogue types each key's outputs; the map holds them untyped, so this is the one cast.
  const ref = <O extends ResourceOutputs>(key: ResourceKey<O>) => outputs.get(key.id) as O | undefined
  return {
    aws: opts.aws,
    design: opts.design,
    account: opts.account,
    mode: opts.mode,
    adopt: opts.adopt ?? false,
    applyNow: opts.applyNow,
    outputs,
    ref,
    need(key) {
      const out = ref(key)
      if (out === undefined) {
        throw new PlatformError(`${key.type} ${key.id} is needed but was not read or made first.`, {
          code: 'BUG',
          remedy: `A resource that reads ${key.id} must list it in its needs; please report this.`,
        })
      }
      return out
    },
    progress: opts.progress ?? (() => {}),
    notice: opts.notice ?? (() => {}),
  }
}
