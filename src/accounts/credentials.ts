import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts'
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types'
import type {AwsAccess} from '../aws/clients.js'
import {toPlatformError} from '../aws/errors.js'
import {PlatformError} from '../errors.js'

export interface RoleSpec {
  roleArn: string
  externalId?: string
  sessionName?: string
}

/** The session name CloudTrail shows when the configuration names none. */
export const DEFAULT_SESSION_NAME = 'platform'
/**
 * Refresh this long before the session expires: a client that signs just before the expiry
 * would send a request AWS rejects as ExpiredToken. The SDK's own memoisation uses 5 minutes
 * too (credential provider "expiration window").
 */
export const REFRESH_BEFORE_MS = 5 * 60_000

interface Cached {
  creds: Promise<AwsCredentialIdentity>
}

/**
 * Credentials per role, assumed with the caller's own credentials (`base`), cached per role
 * (role ARN, external id and session name) and refreshed before they expire. Every client of
 * an environment shares one session, so an audit of N services makes one AssumeRole, not N.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export class RoleCredentials {
  private readonly cache = new Map<string, Cached>()
  private readonly now: () => number

  /** `base`: an AwsAccess with write access (AssumeRole is not a read; the audit's access refuses it). */
  constructor(
    private readonly base: AwsAccess,
    private readonly region: string,
    opts: {now?: () => number} = {},
  ) {
    this.now = opts.now ?? Date.now
  }

  provider(spec: RoleSpec): AwsCredentialIdentityProvider {
    const key = `${spec.roleArn}|${spec.externalId ?? ''}|${spec.sessionName ?? DEFAULT_SESSION_NAME}`
    return async () => {
      const hit = this.cache.get(key)
      if (hit) {
        const creds = await hit.creds.catch(() => undefined)
        if (creds && (!creds.expiration || creds.expiration.getTime() - this.now() > REFRESH_BEFORE_MS)) return creds
        // A failed assume is not cached: the next call asks STS again.
        if (this.cache.get(key) === hit) this.cache.delete(key)
      }
      const entry: Cached = {creds: this.assume(spec)}
      this.cache.set(key, entry)
      return entry.creds
    }
  }

  private async assume(spec: RoleSpec): Promise<AwsCredentialIdentity> {
    try {
      const res = await this.base.client(STSClient, this.region).send(
        new AssumeRoleCommand({
          RoleArn: spec.roleArn,
          RoleSessionName: spec.sessionName ?? DEFAULT_SESSION_NAME,
          ...(spec.externalId ? {ExternalId: spec.externalId} : {}),
        }),
      )
      const c = res.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new PlatformError(`AssumeRole ${spec.roleArn} returned no credentials.`, {code: 'ASSUME_ROLE'})
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? {sessionToken: c.SessionToken} : {}),
        ...(c.Expiration ? {expiration: c.Expiration} : {}),
      }
    } catch (err) {
      const e = toPlatformError(err, `Assuming ${spec.roleArn} (sts:AssumeRole)`)
      throw new PlatformError(e.message, {
        code: 'ASSUME_ROLE',
        exitCode: e.exitCode,
        remedy: `Check that the role exists, that its trust policy admits the caller${spec.externalId ? ' with this external id' : ''}, and that the caller may call sts:AssumeRole on it.`,
        cause: err,
      })
    }
  }
}
