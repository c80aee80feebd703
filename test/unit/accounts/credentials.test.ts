import {AssumeRoleCommand, GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {environmentAccess, requireAccount} from '../../../src/accounts/access.js'
import {REFRESH_BEFORE_MS, RoleCredentials} from '../../../src/accounts/credentials.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {PlatformError} from '../../../src/errors.js'

const sts = mockClient(STSClient)
const creds = async () => ({accessKeyId: 'caller', secretAccessKey: 'caller-secret'})
const ROLE = 'arn:aws:iam::111111111111:role/platform-audit'

function session(n: number, expiresAt: Date) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${n}`,
      SecretAccessKey: `secret${n}`,
      SessionToken: `token${n}`,
      Expiration: expiresAt,
    },
  }
}

beforeEach(() => sts.reset())

describe('RoleCredentials: AssumeRole per role, cached, refreshed before expiry', () => {
  it('sends the role ARN, external id and session name, and reuses the session for every client', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z')
    sts.on(AssumeRoleCommand).resolvesOnce(session(1, new Date(now + 3600_000)))
    const roles = new RoleCredentials(new AwsAccess({credentials: creds}), 'ap-northeast-1', {now: () => now})
    const p = roles.provider({roleArn: ROLE, externalId: 'ext-42', sessionName: 'nightly-audit'})
    const a = await p()
    const b = await roles.provider({roleArn: ROLE, externalId: 'ext-42', sessionName: 'nightly-audit'})()
    expect(a).toMatchObject({accessKeyId: 'ASIA1', secretAccessKey: 'secret1', sessionToken: 'token1'})
    expect(b).toBe(a)
    now += 3600_000 - REFRESH_BEFORE_MS - 1
    expect(await p()).toBe(a)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1)
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE,
      ExternalId: 'ext-42',
      RoleSessionName: 'nightly-audit',
    })
  })

  it('assumes again when the session is within the refresh margin of its expiry', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z')
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(session(1, new Date(now + 3600_000)))
      .resolvesOnce(session(2, new Date(now + 7200_000)))
    const roles = new RoleCredentials(new AwsAccess({credentials: creds}), 'ap-northeast-1', {now: () => now})
    const p = roles.provider({roleArn: ROLE})
    expect((await p()).accessKeyId).toBe('ASIA1')
    now += 3600_000 - REFRESH_BEFORE_MS + 1
    expect((await p()).accessKeyId).toBe('ASIA2')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2)
    // No external id configured: none is sent; the default session name is.
    expect(sts).toHaveReceivedNthCommandWith(AssumeRoleCommand, 1, {RoleArn: ROLE, RoleSessionName: 'platform'})
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).not.toHaveProperty('ExternalId')
  })

  it('keeps one session per role: two roles, two AssumeRole calls', async () => {
    const exp = new Date(Date.now() + 3600_000)
    sts
      .on(AssumeRoleCommand, {RoleArn: ROLE})
      .resolves(session(1, exp))
      .on(AssumeRoleCommand, {RoleArn: 'arn:aws:iam::222222222222:role/platform-audit'})
      .resolves(session(2, exp))
    const roles = new RoleCredentials(new AwsAccess({credentials: creds}), 'ap-northeast-1')
    const [a, b] = await Promise.all([
      roles.provider({roleArn: ROLE})(),
      roles.provider({roleArn: 'arn:aws:iam::222222222222:role/platform-audit'})(),
    ])
    expect([a.accessKeyId, b.accessKeyId]).toEqual(['ASIA1', 'ASIA2'])
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2)
  })

  it('a denied AssumeRole is an ASSUME_ROLE error with its reason and a remedy, and is not cached', async () => {
    const denied = Object.assign(
      new Error('User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole'),
      {
        name: 'AccessDenied',
        $metadata: {httpStatusCode: 403},
      },
    )
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(denied)
      .resolves(session(3, new Date(Date.now() + 3600_000)))
    const roles = new RoleCredentials(new AwsAccess({credentials: creds, maxAttempts: 1}), 'ap-northeast-1')
    const p = roles.provider({roleArn: ROLE, externalId: 'x1'})
    const err = await p().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlatformError)
    expect((err as PlatformError).code).toBe('ASSUME_ROLE')
    expect((err as PlatformError).message).toContain(`Assuming ${ROLE} (sts:AssumeRole)`)
    expect((err as PlatformError).message).toContain('not authorized to perform: sts:AssumeRole')
    expect((err as PlatformError).remedy).toContain('trust policy')
    expect((await p()).accessKeyId).toBe('ASIA3')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2)
  })
})

describe('environmentAccess and requireAccount', () => {
  const design = (env: Record<string, unknown>) =>
    resolveDesign({environments: {dev: {accountId: '111111111111', ...env}}}, 'dev')

  it('an environment with a role signs its calls with the role session; the account must be the configured one', async () => {
    const exp = new Date(Date.now() + 3600_000)
    sts.on(AssumeRoleCommand).resolves(session(7, exp))
    sts
      .on(GetCallerIdentityCommand)
      .resolves({Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/x/platform'})
    const d = design({roleArn: ROLE})
    const roles = new RoleCredentials(new AwsAccess({credentials: creds}), d.region)
    const aws = environmentAccess(d, {readOnly: true, roles})
    expect(await aws.credentialIdentity()).toMatchObject({accessKeyId: 'ASIA7'})
    expect(await requireAccount(aws, d)).toEqual({
      account: '111111111111',
      arn: 'arn:aws:sts::111111111111:assumed-role/x/platform',
    })
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {RoleArn: ROLE})
  })

  it('credentials that reach another account are WRONG_ACCOUNT, naming both accounts', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({Account: '222222222222', Arn: 'arn:aws:sts::222222222222:assumed-role/x/platform'})
    const d = design({})
    const aws = new AwsAccess({credentials: creds, readOnly: true})
    const err = (await requireAccount(aws, d).catch((e: unknown) => e)) as PlatformError
    expect(err.code).toBe('WRONG_ACCOUNT')
    expect(err.message).toBe(
      'dev is configured for account 111111111111, but its credentials reach account 222222222222 (arn:aws:sts::222222222222:assumed-role/x/platform).',
    )
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0)
  })
})
