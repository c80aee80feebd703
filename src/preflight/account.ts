import {envKey, outcome, type PreflightCheck} from './types.js'

/**
 * The caller's account must be the one configured for the environment, like Terraform's
 * `allowed_account_ids` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#allowed_account_ids):
 * a profile pointing at the wrong account would otherwise build (or "repair") the environment
 * there. prod refuses to run without one; other environments say which account they change.
 */
export const accountCheck: PreflightCheck = {
  name: 'account',
  run(ctx) {
    const {design, identity} = ctx
    const key = envKey(ctx, 'accountId')
    const facts = {account: identity.account, callerArn: identity.arn}
    if (design.accountId && design.accountId !== identity.account)
      return outcome({
        facts,
        problems: [
          {
            check: 'account',
            what: `The caller ${identity.arn} is in account ${identity.account}, but ${design.env} is configured for account ${design.accountId}.`,
            why: `Provisioning would create or change ${design.env}'s resources in the wrong account.`,
            remedy: `Use credentials for account ${design.accountId} (--profile or AWS_PROFILE), or correct ${key}.`,
          },
        ],
      })
    if (!design.accountId && design.env === 'prod')
      return outcome({
        facts,
        problems: [
          {
            check: 'account',
            what: `No account is configured for prod; the caller is in account ${identity.account}.`,
            why: 'prod must never be built in an account by accident: the account is named in the configuration before any change.',
            remedy: `Set ${key} to the production account id (${identity.account} if this caller is in the right one).`,
          },
        ],
      })
    if (!design.accountId)
      return outcome({
        facts,
        warnings: [
          `No account is configured for ${design.env} (${key}): this run changes account ${identity.account} as ${identity.arn}.`,
        ],
      })
    return outcome({facts})
  },
}
