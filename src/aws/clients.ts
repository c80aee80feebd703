import {randomUUID} from 'node:crypto'
import {fromNodeProviderChain} from '@aws-sdk/credential-providers'
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2} from '@smithy/types'
import {PlatformError, UsageError} from '../errors.js'
import {isLoopback} from './emulator.js'
import {untilSettled} from './eventual.js'
import {FaultPlan, faultMiddleware, parseFaultSpec} from './faults.js'
import {AwsLikeState, parseRealismSpec, realismMiddleware} from './realism.js'
import {CallRecorder, isReadOnlyOperation} from './recorder.js'
import {ServiceLimiter, boundedRetryStrategy, currentCall} from './retry.js'

export interface AwsAccessOptions {
  profile?: string
  /** Overrides AWS_ENDPOINT_URL for every service. */
  endpointUrl?: string
  /** Attempts per call, first one included; adaptive retry spaces them on throttling. */
  maxAttempts?: number
  /** The audit's access: any call isReadOnlyOperation (recorder.ts) does not accept is refused before it is sent. */
  readOnly?: boolean
  /**
   * A reporting access (audit --notify, --security-hub): reads, and only these mutating
   * operations ("Service.Operation", e.g. "SNS.Publish"); any other mutating call is refused.
   */
  allowMutating?: readonly string[]
  recorder?: CallRecorder
  /** Tests inject a provider; otherwise the SDK's default chain (with --profile). */
  credentials?: AwsCredentialIdentityProvider
  /**
   * Scales the waits for AWS to settle (eventual.ts): 1 on AWS; the test bed's simulated AWS
   * settles in seconds. Accepted only with a loopback endpoint.
   */
  settleScale?: number
}

// Sized for real AWS, where throttling comes in bursts during a full provision.
const DEFAULT_MAX_ATTEMPTS = 8
// Calls in flight per service before any throttling; each throttle halves it (retry.ts).
const SERVICE_CONCURRENCY = 16

type MiddlewareClient = {
  middlewareStack: {
    add: (mw: unknown, opts: {step: 'initialize'; name: string; priority?: 'high'}) => void
    addRelativeTo: (mw: unknown, opts: {relation: 'after'; toMiddleware: string; name: string}) => void
  }
  config: {retryStrategy: () => Promise<unknown>}
  destroy: () => void
}
type ClientCtor<C> = new (config: Record<string, unknown>) => C

/**
 * One factory for every SDK client the tool uses, per region: the primary region,
 * us-east-1 for CloudFront/its certificate/the CLOUDFRONT web ACL, and the DR region.
 */
export class AwsAccess {
  readonly recorder: CallRecorder
  private readonly clients = new Map<string, MiddlewareClient>()
  private readonly credentials: AwsCredentialIdentityProvider
  private readonly limiters = new Map<string, ServiceLimiter>()
  /** Distinguishes this run's requests from an earlier run's (idempotency tokens that must not outlive a run). */
  readonly runId = randomUUID()
  /** The test bed's faults (faults.ts), shared by every client of the run; undefined unless PLATFORM_TEST_FAULTS is set. */
  readonly faults: FaultPlan | undefined
  /** The test bed's AWS-like delays (realism.ts); undefined unless PLATFORM_TEST_REALISM is set. */
  readonly awsLike: AwsLikeState | undefined

  constructor(readonly options: AwsAccessOptions = {}) {
    this.faults = faultPlanFromEnv(this.endpoint)
    this.awsLike = awsLikeFromEnv(this.endpoint)
    this.recorder = options.recorder ?? new CallRecorder()
    this.credentials = options.credentials ?? fromNodeProviderChain(options.profile ? {profile: options.profile} : {})
  }

  /** The credentials every client signs with (the EKS token for the Kubernetes API signs with them too). */
  credentialIdentity(): Promise<AwsCredentialIdentity> {
    return this.credentials()
  }

  /** The endpoint in force, for `doctor` and for path-style S3. */
  get endpoint(): string | undefined {
    return this.options.endpointUrl ?? process.env.AWS_ENDPOINT_URL
  }

  client<C extends object>(Ctor: ClientCtor<C>, region: string): C {
    const key = `${Ctor.name}@${region}`
    const existing = this.clients.get(key)
    if (existing) return existing as unknown as C
    const isS3 = Ctor.name === 'S3Client'
    const config: Record<string, unknown> = {
      region,
      credentials: this.credentials,
      maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'adaptive',
      // A dead endpoint should fail in seconds, a slow control plane should not.
      requestHandler: {connectionTimeout: 5_000, requestTimeout: 120_000},
    }
    if (this.options.endpointUrl) config.endpoint = this.options.endpointUrl
    // S3 goes virtual-host style by default, which needs DNS for BUCKET.host: wrong for any custom endpoint.
    if (isS3 && (this.endpoint || process.env.AWS_ENDPOINT_URL_S3)) config.forcePathStyle = true
    const client = new Ctor(config) as unknown as MiddlewareClient
    this.instrument(client, region, Ctor.name.replace(/Client$/, ''))
    this.clients.set(key, client)
    return client as unknown as C
  }

  /** The test bed may shrink AWS's settling times, never against a real endpoint. */
  private get settleScale(): number {
    const scale = this.options.settleScale ?? this.awsLike?.spec.settleScale ?? 1
    if (scale !== 1 && !isLoopback(this.endpoint))
      throw new UsageError(
        'Shortened waits for AWS to settle are for the local emulator only.',
        'Unset the test setting.',
      )
    return scale
  }

  private limiter(service: string): ServiceLimiter {
    let l = this.limiters.get(service)
    if (!l) this.limiters.set(service, (l = new ServiceLimiter(SERVICE_CONCURRENCY)))
    return l
  }

  private instrument(client: MiddlewareClient, region: string, service: string): void {
    const recorder = this.recorder
    const crashHook = crashAfter()
    const readOnly = this.options.readOnly === true
    const allowMutating = this.options.allowMutating
    const limiter = this.limiter(service)
    const settleScale = this.settleScale
    // The SDK asks this provider before each call; wrapping what it resolves keeps its adaptive strategy.
    const sdkStrategy = client.config.retryStrategy
    let bounded: Promise<RetryStrategyV2> | undefined
    client.config.retryStrategy = () =>
      (bounded ??= sdkStrategy().then((inner) =>
        boundedRetryStrategy(inner as RetryStrategyV2, service, {
          stats: recorder.retries,
          onThrottle: () => limiter.throttled(),
        }),
      ))
    if (this.awsLike)
      client.middlewareStack.addRelativeTo(realismMiddleware(this.awsLike), {
        relation: 'after',
        toMiddleware: 'retryMiddleware',
        name: 'platformAwsLike',
      })
    if (this.faults)
      client.middlewareStack.addRelativeTo(faultMiddleware(this.faults, region), {
        relation: 'after',
        toMiddleware: 'retryMiddleware',
        name: 'platformFaultInjection',
      })
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: {clientName?: string; commandName?: string}) =>
        async (args: unknown) => {
          const service = (context.clientName ?? 'Unknown').replace(/Client$/, '')
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
          const mutating = !isReadOnlyOperation(operation)
          if (readOnly && mutating) {
            throw new PlatformError(`Refused ${service}.${operation}: this command is read-only.`, {
              code: 'READ_ONLY',
              remedy: 'This is a bug in platform: report it.',
            })
          }
          if (allowMutating && mutating && !allowMutating.includes(`${service}.${operation}`)) {
            throw new PlatformError(
              `Refused ${service}.${operation}: this access may only report (${allowMutating.join(', ')}).`,
              {
                code: 'READ_ONLY',
                remedy: 'This is a bug in platform: report it.',
              },
            )
          }
          recorder.record({service, operation, region, mutating})
          const send = () => limiter.run(() => currentCall.run({operation, startedAt: Date.now()}, () => next(args)))
          // The audit's read-only access never waits for AWS to settle: it reports what is there.
          const out = readOnly
            ? await send()
            : await untilSettled(service, operation, send, {
                scale: settleScale,
                onRetry: (s) => recorder.retries.retried(s),
              })
          await crashHook?.(`${service}.${operation}`)
          return out
        },
      {step: 'initialize', name: 'platformCallRecorder', priority: 'high'},
    )
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy()
    this.clients.clear()
  }
}

/**
 * Injected faults drop responses of calls that took effect: harmless against the emulator,
 * a way to corrupt a real account's state. Like the emulator's tolerances, they are refused
 * unless the endpoint is on this machine.
 */
function faultPlanFromEnv(endpoint: string | undefined): FaultPlan | undefined {
  const spec = parseFaultSpec(process.env.PLATFORM_TEST_FAULTS)
  if (!spec) return undefined
  if (!isLoopback(endpoint))
    throw new UsageError(
      `PLATFORM_TEST_FAULTS is set but the AWS endpoint is ${endpoint ?? 'AWS itself'}, not a loopback address: faults are injected into the local emulator only.`,
      'Unset PLATFORM_TEST_FAULTS.',
    )
  return new FaultPlan(spec)
}

/** The AWS-like test bed (realism.ts): like faults, for the emulator on this machine only. */
function awsLikeFromEnv(endpoint: string | undefined): AwsLikeState | undefined {
  const spec = parseRealismSpec(process.env.PLATFORM_TEST_REALISM)
  if (!spec) return undefined
  if (!isLoopback(endpoint))
    throw new UsageError(
      `PLATFORM_TEST_REALISM is set but the AWS endpoint is ${endpoint ?? 'AWS itself'}, not a loopback address: the AWS-like delays are for the local emulator only.`,
      'Unset PLATFORM_TEST_REALISM.',
    )
  return new AwsLikeState(spec)
}

/**
 * Test hooks, inert unless set. PLATFORM_TEST_CRASH_AFTER="EC2.CreateNatGateway:1" kills the
 * process with SIGKILL right after the first such call succeeded, as a power cut would;
 * PLATFORM_TEST_PAUSE_AFTER="EC2.CreateVpc:1:20000" holds it there for 20 s (a slow run).
 */
let hookCounter = 0
function crashAfter(): ((op: string) => Promise<void>) | undefined {
  const crash = process.env.PLATFORM_TEST_CRASH_AFTER
  const pause = process.env.PLATFORM_TEST_PAUSE_AFTER
  const spec = crash ?? pause
  if (!spec) return undefined
  const [op, n, ms] = spec.split(':')
  return async (called) => {
    if (called !== op || ++hookCounter !== Number(n ?? 1)) return
    if (crash) process.kill(process.pid, 'SIGKILL')
    else await new Promise((r) => setTimeout(r, Number(ms ?? 20_000)))
  }
}
