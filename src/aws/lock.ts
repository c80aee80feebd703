import {hostname, userInfo} from 'node:os'
import {DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {z} from 'zod'
import {LockHeldError} from '../errors.js'
import type {AwsAccess} from './clients.js'
import {isNotFound} from './errors.js'

/** What the parameter holds; anything else (hand-edited, truncated, another tool's) is unreadable. */
const LockHolderSchema = z.object({
  owner: z.string(),
  host: z.string(),
  pid: z.number().int().positive(),
  startedAt: z.string(),
  runId: z.string().min(1),
})
export type LockHolder = z.infer<typeof LockHolderSchema>

/** The lock as read: a valid holder, an unreadable value (held by someone we cannot name), or none. */
export type LockState = {holder: LockHolder} | {unreadable: string} | undefined

export function parseHolder(value: string | undefined): LockState {
  if (value === undefined) return undefined
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(value))
    return parsed.success ? {holder: parsed.data} : {unreadable: value.slice(0, 200)}
  } catch {
    return {unreadable: value.slice(0, 200)}
  }
}

/** "ops@bastion-7 (pid 1, since 2026-11-29T01:00:00Z), 12 min ago, run r": whose lock and how old. */
export function describeHolder(state: LockState, now = Date.now()): string {
  if (!state) return 'nobody (it was released meanwhile)'
  if ('unreadable' in state) return `an unreadable holder (value ${JSON.stringify(state.unreadable)})`
  const h = state.holder
  return `${h.owner}@${h.host} (pid ${h.pid}, since ${h.startedAt}), ${age(h.startedAt, now)}, run ${h.runId}`
}

function age(iso: string, now: number): string {
  const ms = now - Date.parse(iso)
  if (!Number.isFinite(ms)) return 'age unknown'
  const min = Math.max(0, Math.round(ms / 60_000))
  return min < 120 ? `${min} min ago` : `${Math.round(min / 60)} h ago`
}

/**
 * One lock per environment, held in the account itself: an SSM parameter created with
 * Overwrite=false, which SSM refuses atomically (ParameterAlreadyExists) when it exists.
 */
export class EnvironmentLock {
  readonly holder: LockHolder
  private held = false

  constructor(
    private readonly aws: AwsAccess,
    private readonly region: string,
    readonly name: string,
    private readonly tags: Record<string, string>,
  ) {
    this.holder = {
      owner: safeUser(),
      host: hostname(),
      pid: process.pid,
      startedAt: new Date().toISOString(),
      runId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    }
  }

  private get ssm(): SSMClient {
    return this.aws.client(SSMClient, this.region)
  }

  async acquire(opts: {force?: boolean; onStale?: (holder: LockHolder) => void} = {}): Promise<void> {
    if (opts.force) await this.breakLock()
    try {
      await this.put()
      return
    } catch (err) {
      if ((err as {name?: string}).name !== 'ParameterAlreadyExists') throw err
    }
    const state = await this.read()
    // Our own PutParameter took effect, its answer was lost and the SDK's retry met our own lock.
    if (state && 'holder' in state && state.holder.runId === this.holder.runId) {
      this.held = true
      return
    }
    // A holder on this very host whose process is gone died without releasing: safe to break.
    // An unreadable holder is never judged stale: only --force-unlock breaks it.
    if (state && 'holder' in state && state.holder.host === hostname() && !processAlive(state.holder.pid)) {
      opts.onStale?.(state.holder)
      await this.breakLock()
      return this.acquire({force: false})
    }
    throw new LockHeldError(
      `Another provision of this environment is running: the lock ${this.name} is held by ${describeHolder(state)}.`,
      'Wait for it to finish. If that run is dead (crashed, killed on another host), break the lock with --force-unlock.',
    )
  }

  private async put(): Promise<void> {
    await this.ssm.send(
      new PutParameterCommand({
        Name: this.name,
        Type: 'String',
        Overwrite: false,
        Value: JSON.stringify(this.holder),
        Description: 'platform provision lock: delete only when no provision runs (platform provision --force-unlock)',
        Tags: Object.entries(this.tags).map(([Key, Value]) => ({Key, Value})),
      }),
    )
    this.held = true
  }

  /** The lock's holder as read now; undefined when there is no lock or its value is unreadable. */
  async current(): Promise<LockHolder | undefined> {
    const state = await this.read()
    return state && 'holder' in state ? state.holder : undefined
  }

  private async read(): Promise<LockState> {
    try {
      const res = await this.ssm.send(new GetParameterCommand({Name: this.name}))
      return parseHolder(res.Parameter?.Value ?? '')
    } catch (err) {
      if (isNotFound(err, 'ParameterNotFound')) return undefined
      throw err
    }
  }

  /**
   * Releases only our own lock: a lock broken and retaken by someone else stays theirs. A lock
   * already gone (deleted by a retried DeleteParameter whose first answer was lost, or by
   * --force-unlock) is released. Callers must not let a failure here replace the run's outcome
   * (provision.ts reports it as a notice).
   */
  async release(): Promise<void> {
    if (!this.held) return
    this.held = false
    const cur = await this.read()
    if (!cur || !('holder' in cur) || cur.holder.runId !== this.holder.runId) return
    await this.breakLock()
  }

  private async breakLock(): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({Name: this.name}))
    } catch (err) {
      if (!isNotFound(err, 'ParameterNotFound')) throw err
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? 'unknown'
  }
}
