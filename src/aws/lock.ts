import {hostname, userInfo} from 'node:os'
import {DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {LockHeldError} from '../errors.js'
import type {AwsAccess} from './clients.js'
import {isNotFound} from './errors.js'

export interface LockHolder {
  owner: string
  host: string
  pid: number
  startedAt: string
  runId: string
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
    } catch (err) {
      if ((err as {name?: string}).name !== 'ParameterAlreadyExists') throw err
      const other = await this.current()
      // A holder on this very host whose process is gone died without releasing: safe to break.
      if (other && other.host === hostname() && !processAlive(other.pid)) {
        opts.onStale?.(other)
        await this.breakLock()
        return this.acquire({force: false})
      }
      const who = other
        ? `${other.owner}@${other.host} (pid ${other.pid}, since ${other.startedAt})`
        : 'an unknown holder'
      throw new LockHeldError(
        `Another provision of this environment is running: the lock ${this.name} is held by ${who}.`,
        'Wait for it to finish. If that run is dead (crashed, killed on another host), break the lock with --force-unlock.',
      )
    }
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

  async current(): Promise<LockHolder | undefined> {
    try {
      const res = await this.ssm.send(new GetParameterCommand({Name: this.name}))
      return JSON.parse(res.Parameter?.Value ?? 'null') as LockHolder
    } catch (err) {
      if (isNotFound(err, 'ParameterNotFound')) return undefined
      throw err
    }
  }

  /** Releases only our own lock: a lock broken and retaken by someone else stays theirs. */
  async release(): Promise<void> {
    if (!this.held) return
    this.held = false
    const cur = await this.current()
    if (cur?.runId !== this.holder.runId) return
    await this.ssm.send(new DeleteParameterCommand({Name: this.name}))
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
