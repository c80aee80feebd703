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
    this.holder = {owner: safeUser(), host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), runId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`}
  }

  private get ssm(): SSMClient {
    return this.aws.client(SSMClient, this.region)
  }

  async acquire(opts: {force?: boolean} = {}): Promise<void> {
    if (opts.force) await this.breakLock()
    try {
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
    } catch (err) {
      if ((err as {name?: string}).name !== 'ParameterAlreadyExists') throw err
      const other = await this.current()
      const who = other ? `${other.owner}@${other.host} (pid ${other.pid}, since ${other.startedAt})` : 'an unknown holder'
      throw new LockHeldError(
        `Another provision of this environment is running: the lock ${this.name} is held by ${who}.`,
        'Wait for it to finish. If that run is dead (crashed, killed), break the lock with --force-unlock.',
      )
    }
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

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? 'unknown'
  }
}
