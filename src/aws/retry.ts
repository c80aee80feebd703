/**
 * Bounded, visible retrying. The SDK's own (adaptive) retry strategy stays in charge of delays;
 * this wraps it to (1) refuse any retry of a create that has no idempotency token (a retry after
 * a lost response would make a second resource), (2) stop retrying once a call has spent its
 * time budget, and (3) count every retry and throttle by service for the run's summary.
 *
 * SDK v3 has no per-command maxAttempts (it is client configuration, resolved once per client:
 * https://github.com/aws/aws-sdk-js-v3/pull/4738); the retry middleware asks the strategy
 * before every retry (refreshRetryTokenForRetry), inside the async context of the call, so the
 * call's own facts (which operation, when it started) reach the strategy through
 * AsyncLocalStorage set by the recorder's initialize middleware (clients.ts).
 */
import {AsyncLocalStorage} from 'node:async_hooks'
import type {RetryErrorInfo, RetryStrategyV2, RetryToken} from '@smithy/types'

export interface CallFacts {
  operation: string
  startedAt: number
}

export const currentCall = new AsyncLocalStorage<CallFacts>()

/**
 * Creates with no idempotency token (and no unique name that would make AWS refuse a second
 * one): sent once, never retried by the SDK; on any failure the engine reads through `find`
 * before it sends again (reconcile/create.ts). EC2's list of token-taking calls:
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html. CreateRouteTable
 * takes a ClientToken on AWS that moto ignores (issue 11's finding), so platform does not rely
 * on one there and sends it once instead; a copy left anyway is healed (engine.ts).
 */
export const SINGLE_ATTEMPT_OPERATIONS = new Set([
  'EC2.CreateVpc',
  'EC2.CreateSubnet',
  'EC2.CreateInternetGateway',
  'EC2.AllocateAddress',
  'EC2.CreateRouteTable',
  'KMS.CreateKey',
])

/** Per-call ceiling on the time spent retrying, sized for AWS's throttling bursts during a full provision. */
export const RETRY_BUDGET_MS = 120_000

export interface ServiceRetries {
  retries: number
  throttles: number
}

/** Retries and throttles by service, for the run's summary and --json. */
export class RetryStats {
  readonly byService: Record<string, ServiceRetries> = {}

  private of(service: string): ServiceRetries {
    return (this.byService[service] ??= {retries: 0, throttles: 0})
  }

  retried(service: string): void {
    this.of(service).retries++
  }

  throttled(service: string): void {
    this.of(service).throttles++
  }

  get retries(): number {
    return Object.values(this.byService).reduce((n, s) => n + s.retries, 0)
  }

  get throttles(): number {
    return Object.values(this.byService).reduce((n, s) => n + s.throttles, 0)
  }
}

/** Why a retry is refused, or undefined when the inner strategy may decide. */
export function refuseRetry(
  service: string,
  call: CallFacts | undefined,
  now: number,
  budgetMs = RETRY_BUDGET_MS,
): string | undefined {
  if (!call) return undefined
  if (SINGLE_ATTEMPT_OPERATIONS.has(`${service}.${call.operation}`)) return 'single attempt: no idempotency token'
  if (now - call.startedAt > budgetMs) return `retry budget of ${budgetMs / 1000} s spent`
  return undefined
}

export function boundedRetryStrategy(
  inner: RetryStrategyV2,
  service: string,
  hooks: {stats: RetryStats; onThrottle?: () => void; budgetMs?: number},
): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope: string) => inner.acquireInitialRetryToken(scope),
    async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
      if (info.errorType === 'THROTTLING') {
        hooks.stats.throttled(service)
        hooks.onThrottle?.()
      }
      const refused = refuseRetry(service, currentCall.getStore(), Date.now(), hooks.budgetMs)
      // The retry middleware rethrows the call's own error when this throws: the caller sees AWS's code.
      if (refused) throw new Error(refused)
      const next = await inner.refreshRetryTokenForRetry(token, info)
      hooks.stats.retried(service)
      return next
    },
    recordSuccess: (token: RetryToken) => inner.recordSuccess(token),
  }
}

/**
 * A service's concurrency for the rest of the run: it starts at `limit` and halves (down to 1)
 * each time the service throttles, so a throttled service gets fewer calls in flight.
 */
export class ServiceLimiter {
  private inFlight = 0
  private readonly waiting: (() => void)[] = []

  constructor(public limit: number) {}

  throttled(): void {
    this.limit = Math.max(1, Math.floor(this.limit / 2))
  }

  async run<T>(f: () => Promise<T>): Promise<T> {
    while (this.inFlight >= this.limit) await new Promise<void>((r) => this.waiting.push(r))
    this.inFlight++
    try {
      return await f()
    } finally {
      this.inFlight--
      this.waiting.shift()?.()
    }
  }
}

export interface RetrySummary {
  retries: number
  throttles: number
  byService: Record<string, ServiceRetries>
}

export function retrySummary(stats: RetryStats): RetrySummary {
  return {retries: stats.retries, throttles: stats.throttles, byService: structuredClone(stats.byService)}
}

/** The run summary's line, or none on a run that never retried. */
export function retryLines(r: RetrySummary | undefined): string[] {
  if (!r || (r.retries === 0 && r.throttles === 0)) return []
  const per = Object.entries(r.byService)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, s]) => `${service} ${s.retries}/${s.throttles}`)
  return [`AWS retries: ${r.retries}, throttled: ${r.throttles} (by service, retries/throttles: ${per.join(', ')})`]
}
