import {describe, expect, it} from 'vitest'
import {waitUntil} from '../../../src/aws/wait.js'
import {AwsCallError} from '../../../src/errors.js'

function clock() {
  let t = 0
  const delays: number[] = []
  return {now: () => t, sleep: async (ms: number) => void (delays.push(ms), (t += ms)), delays}
}

describe('waitUntil', () => {
  it('polls with exponential backoff capped at maxDelay, and returns the done state', async () => {
    const c = clock()
    let n = 0
    const out = await waitUntil(
      'thing',
      async () => ++n,
      (v) => (v >= 6 ? 'done' : 'pending'),
      String,
      {timeoutMs: 600_000, minDelayMs: 1000, maxDelayMs: 3000, now: c.now, sleep: c.sleep},
    )
    expect(out).toBe(6)
    expect(c.delays).toEqual([1000, 1500, 2250, 3000, 3000])
  })

  it('times out with what it waited for, the elapsed time and the last state', async () => {
    const c = clock()
    const polls: string[] = []
    const err = await waitUntil(
      'NAT gateway nat-1 (1a) to be available',
      async () => 'pending',
      () => 'pending',
      (s) => s,
      {
        timeoutMs: 60_000,
        minDelayMs: 5000,
        maxDelayMs: 30_000,
        now: c.now,
        sleep: c.sleep,
        onPoll: (m) => polls.push(m),
      },
    ).catch((e) => e)
    expect(err).toBeInstanceOf(AwsCallError)
    expect(err.code).toBe('WAIT_TIMEOUT')
    expect(err.message).toMatch(
      /^Timed out after \d+ s waiting for NAT gateway nat-1 \(1a\) to be available \(last state: pending\)\.$/,
    )
    expect(c.now()).toBeLessThanOrEqual(60_000)
    expect(polls[0]).toBe('waiting for NAT gateway nat-1 (1a) to be available: pending (0 s)')
  })

  it('a failed state stops at once', async () => {
    const c = clock()
    const err = await waitUntil(
      'x',
      async () => 'failed',
      () => ({failed: 'Gateway.NotAttached'}),
      String,
      {timeoutMs: 60_000, now: c.now, sleep: c.sleep},
    ).catch((e) => e)
    expect(err.code).toBe('WAIT_FAILED')
    expect(err.message).toContain('Gateway.NotAttached')
    expect(c.delays).toEqual([])
  })
})
