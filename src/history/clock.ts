import {isLocalEmulator} from '../aws/emulator.js'
import {UsageError} from '../errors.js'

/**
 * The time a run takes as "now". Nights cannot be waited for in a test, so the test bed sets
 * PLATFORM_TEST_NOW (an ISO date-time) to run an audit "on" a past night; it is honoured only
 * against the local emulator (PLATFORM_EMULATOR=moto and a loopback endpoint), never against a
 * real account, where a stored run's date must be the date it really ran.
 */
export function runClock(endpoint?: string): () => Date {
  const fixed = process.env.PLATFORM_TEST_NOW
  if (!fixed || !isLocalEmulator(endpoint)) return () => new Date()
  const t = Date.parse(fixed)
  if (Number.isNaN(t)) throw new UsageError(`PLATFORM_TEST_NOW is not a date-time: ${fixed}`)
  return () => new Date(t)
}
