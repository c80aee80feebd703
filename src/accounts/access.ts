import {AwsAccess} from '../aws/clients.js'
import {callerIdentity, type CallerIdentity} from '../aws/identity.js'
import type {ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import {RoleCredentials} from './credentials.js'

export interface AccessOptions {
  profile?: string
  endpointUrl?: string
}

/**
 * The AwsAccess for one environment: the caller's own credentials, or those of the
 * environment's role (environments.ENV.roleArn) when one is configured. `roles` is shared by
 * every environment of a run, so two environments behind one role share one session.
 */
export function environmentAccess(
  design: ResolvedDesign,
  opts: AccessOptions & {readOnly: boolean; roles: RoleCredentials},
): AwsAccess {
  const credentials = design.assumeRole ? opts.roles.provider(design.assumeRole) : undefined
  return new AwsAccess({
    profile: opts.profile,
    endpointUrl: opts.endpointUrl,
    readOnly: opts.readOnly,
    ...(credentials ? {credentials} : {}),
  })
}

/** The access STS AssumeRole is sent with: the caller's own credentials (AssumeRole is not a read). */
export function roleBroker(
  opts: AccessOptions,
  region: string,
): {roles: RoleCredentials; base: AwsAccess; opts: AccessOptions} {
  // No client is made until a role is assumed: an environment without a role costs nothing here.
  const base = new AwsAccess({profile: opts.profile, endpointUrl: opts.endpointUrl, readOnly: false})
  return {base, roles: new RoleCredentials(base, region), opts}
}

/**
 * The account the credentials reach must be the environment's (environments.ENV.accountId):
 * a role ARN copied from another environment would otherwise audit the wrong account and
 * report its state as this environment's.
 */
export async function requireAccount(aws: AwsAccess, design: ResolvedDesign): Promise<CallerIdentity> {
  const identity = await callerIdentity(aws, design.region)
  if (design.accountId && identity.account !== design.accountId)
    throw new PlatformError(
      `${design.env} is configured for account ${design.accountId}, but its credentials reach account ${identity.account} (${identity.arn}).`,
      {
        code: 'WRONG_ACCOUNT',
        remedy: `Correct environments.${design.env}.roleArn or environments.${design.env}.accountId.`,
      },
    )
  return identity
}
