import {AwsCallError} from '../errors.js'
import {whileWaiting} from '../reconcile/slots.js'

export interface WaitOptions {
  /** Real AWS: NAT gateways 1-5 min, EKS 10-15 min, Aurora and CloudFront as long. */
  timeoutMs: number
  minDelayMs?: number
  maxDelayMs?: number
  onPoll?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export type WaitVerdict = 'done' | 'pending' | {failed: string}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Polls until `judge` says done, with exponential backoff capped at maxDelayMs, and gives up
 * at timeoutMs with an error naming what it waited for and the last state seen.
 */
export async function waitUntil<T>(
  what: string,
  poll: () => Promise<T>,
  judge: (t: T) => WaitVerdict,
  describe: (t: T) => string,
  opts: WaitOptions,
): Promise<T> {
  const sleep = opts.sleep ?? realSleep
  const now = opts.now ?? Date.now
  const started = now()
  let delay = opts.minDelayMs ?? 2_000
  const max = opts.maxDelayMs ?? 30_000
  for (let attempt = 1; ; attempt++) {
    const state = await poll()
    const verdict = judge(state)
    if (verdict === 'done') return state
    if (typeof verdict === 'object') {
      throw new AwsCallError(
        `${what} failed: ${verdict.failed}`,
        'Inspect the resource in the console; re-running provision retries from the current state.',
        'WAIT_FAILED',
      )
    }
    const elapsed = now() - started
    if (elapsed + delay > opts.timeoutMs) {
      throw new AwsCallError(
        `Timed out after ${Math.round(elapsed / 1000)} s waiting for ${what} (last state: ${describe(state)}).`,
        'AWS is still working on it: re-run provision later, it resumes from the current state without duplicates.',
        'WAIT_TIMEOUT',
      )
    }
    opts.onPoll?.(`waiting for ${what}: ${describe(state)} (${Math.round(elapsed / 1000)} s)`)
    // A sleep holds no concurrency slot: other resources may call AWS meanwhile.
    await whileWaiting(() => sleep(delay))
    delay = Math.min(max, Math.round(delay * 1.5))
  }
}
