/**
 * The fault-injection test bed: a middleware placed right after the SDK's retry step, so each
 * attempt (first or retried) may meet a bad day. Inert unless PLATFORM_TEST_FAULTS is set;
 * only the integration tests and scripts/faults.mjs set it. Spec, comma-separated:
 *   seed=7,error=0.05,throttle=0.05,reset=0.03,lost=0.07,lostMutatingOnly=1
 * - error: an HTTP 500 before the request is sent (AWS did nothing);
 * - throttle: a ThrottlingException before it is sent (AWS did nothing);
 * - reset: a connection reset before it is sent;
 * - lost: the request is sent and takes effect, then the response is lost (a reset while
 *   reading it): the case AWS's idempotency guidance is written for
 *   (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
 * The draw for a request depends only on the seed, the operation and how many times that
 * operation was called before, so a run is repeatable whatever the interleaving of operations.
 */
import {isReadOnlyOperation} from './recorder.js'

export interface FaultSpec {
  seed: number
  error: number
  throttle: number
  reset: number
  lost: number
  /** Lost responses only on mutating calls (the second mix). */
  lostMutatingOnly: boolean
}

export type Fault = 'error' | 'throttle' | 'reset' | 'lost'

export function parseFaultSpec(text: string | undefined): FaultSpec | undefined {
  if (!text) return undefined
  const kv = Object.fromEntries(text.split(',').map((p) => p.split('=') as [string, string]))
  const rate = (k: string) => Number(kv[k] ?? 0)
  return {
    seed: Number(kv.seed ?? 1),
    error: rate('error'),
    throttle: rate('throttle'),
    reset: rate('reset'),
    lost: rate('lost'),
    lostMutatingOnly: kv.lostMutatingOnly === '1',
  }
}

/** Decides, per attempt, which fault (if any) it meets. Counts what it injected. */
export class FaultPlan {
  private readonly seen = new Map<string, number>()
  readonly injected: Record<Fault, number> = {error: 0, throttle: 0, reset: 0, lost: 0}

  constructor(readonly spec: FaultSpec) {}

  next(operationKey: string, operation: string): Fault | undefined {
    const n = (this.seen.get(operationKey) ?? 0) + 1
    this.seen.set(operationKey, n)
    let x = uniform(`${this.spec.seed}|${operationKey}|${n}`)
    const mutating = !isReadOnlyOperation(operation)
    const order: [Fault, number][] = [
      ['error', this.spec.error],
      ['throttle', this.spec.throttle],
      ['reset', this.spec.reset],
      ['lost', this.spec.lostMutatingOnly && !mutating ? 0 : this.spec.lost],
    ]
    for (const [fault, p] of order) {
      if (x < p) {
        this.injected[fault]++
        return fault
      }
      x -= p
    }
    return undefined
  }
}

/** A uniform number in [0, 1) from a string: FNV-1a, then a mulberry32 round. */
function uniform(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  let t = (h + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** The errors as the SDK would raise them, so its retry strategy classifies them as it would the real ones. */
export function faultError(fault: Fault, operation: string): Error {
  const e = new Error(`injected ${fault} on ${operation}`) as Error & Record<string, unknown>
  if (fault === 'error') {
    e.name = 'InternalError'
    e.$fault = 'server'
    e.$metadata = {httpStatusCode: 500}
  } else if (fault === 'throttle') {
    e.name = 'ThrottlingException'
    e.$fault = 'client'
    e.$metadata = {httpStatusCode: 400}
  } else {
    e.name = 'Error'
    e.code = 'ECONNRESET'
    e.message = fault === 'lost' ? `socket hang up (injected: ${operation} took effect)` : 'read ECONNRESET (injected)'
  }
  return e
}

type Next = (args: unknown) => Promise<unknown>
type Ctx = {clientName?: string; commandName?: string}

/** The middleware itself: added with `relation: 'after', toMiddleware: 'retryMiddleware'`. */
export function faultMiddleware(plan: FaultPlan, region: string) {
  return (next: Next, context: Ctx) => async (args: unknown) => {
    const service = (context.clientName ?? 'Unknown').replace(/Client$/, '')
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
    // STS answers who the caller is, before any plan: faulting it tests nothing of provision.
    const fault = service === 'STS' ? undefined : plan.next(`${region}|${service}.${operation}`, operation)
    if (!fault) return next(args)
    if (fault !== 'lost') throw faultError(fault, `${service}.${operation}`)
    await next(args)
    throw faultError(fault, `${service}.${operation}`)
  }
}
