import {isAlreadyThere} from '../aws/already.js'
import {errorCode} from '../aws/errors.js'
import {whileWaiting} from './slots.js'
import type {EngineContext, ResourceDef} from './types.js'
import type {ResourceOutputs} from '../resources.js'

/** Creates sent in all, the first included, before the failure is the run's. */
export const CREATE_ATTEMPTS = 3

const TRANSIENT =
  /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|TimeoutError|RequestTimeout|InternalError|InternalFailure|ServiceUnavailable|Unavailable)$/
const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|PriorRequestNotComplete/

/** AWS may not have acted, or acted and the answer was lost: worth another read, then another create. */
export function worthRetrying(err: unknown): boolean {
  const e = err as {code?: string; $metadata?: {httpStatusCode?: number}}
  const code = errorCode(err)
  const status = e?.$metadata?.httpStatusCode ?? 0
  return (
    TRANSIENT.test(code) ||
    TRANSIENT.test(e?.code ?? '') ||
    THROTTLED.test(code) ||
    status >= 500 ||
    isAlreadyThere(err)
  )
}

export interface CreateOutcome<L> {
  live: L
  /** The create failed or its answer was lost, and `find` showed the resource exists. */
  foundAfter?: string
}

/**
 * No create is sent twice blind. The create is sent (once, when its API has no idempotency
 * token: retry.ts); on any failure, `find` reads whether it exists after all (a lost
 * response, or "already there") and, if so, that is the result. Only when it is still absent
 * and the failure may pass is the create sent again, after a pause.
 */
export async function createThroughFind<L, O extends ResourceOutputs>(
  def: ResourceDef<L, O>,
  ctx: EngineContext,
  opts: {attempts?: number; pauseMs?: (attempt: number) => number} = {},
): Promise<CreateOutcome<L>> {
  const attempts = opts.attempts ?? CREATE_ATTEMPTS
  const pause = opts.pauseMs ?? ((n) => 500 * 2 ** (n - 1))
  for (let attempt = 1; ; attempt++) {
    try {
      return {live: await def.create(ctx)}
    } catch (err) {
      const found = await def.find(ctx)
      if (found !== undefined) {
        ctx.progress(`${def.key.type} ${def.name} exists after a failed create (${errorCode(err)}): using it`)
        return {live: found, foundAfter: errorCode(err)}
      }
      if (attempt >= attempts || !worthRetrying(err)) throw err
      await whileWaiting(() => new Promise((r) => setTimeout(r, pause(attempt))))
    }
  }
}
