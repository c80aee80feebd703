import {describe, expect, it} from 'vitest'
import {parseConfig} from '../../../src/design/config.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {ConfigError} from '../../../src/errors.js'

function issues(text: string) {
  try {
    parseConfig(text, 'platform.config.yaml')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).issues
  }
  throw new Error('expected a ConfigError')
}

const env = (lines: string) => `environments:\n  prod:\n    accountId: '111111111111'\n${lines}`

describe('environments.ENV.roleArn, externalId, sessionName', () => {
  it('are accepted and resolved as the role to assume', () => {
    const config = parseConfig(
      env(
        '    roleArn: arn:aws:iam::111111111111:role/platform-audit\n    externalId: prod-audit-7f3c\n    sessionName: platform-nightly\n',
      ),
      'f',
    )
    expect(resolveDesign(config, 'prod')).toMatchObject({
      accountId: '111111111111',
      assumeRole: {
        roleArn: 'arn:aws:iam::111111111111:role/platform-audit',
        externalId: 'prod-audit-7f3c',
        sessionName: 'platform-nightly',
      },
    })
  })

  it('without roleArn there is no role: the caller credentials are used', () => {
    expect(resolveDesign(parseConfig(env(''), 'f'), 'prod').assumeRole).toBeUndefined()
  })

  it('refuses what AWS would, naming the field', () => {
    expect(issues(env('    roleArn: arn:aws:iam::1111:user/x\n'))).toEqual([
      {path: 'environments.prod.roleArn', message: expect.stringContaining('must be an IAM role ARN')},
    ])
    expect(issues(env('    roleArn: arn:aws:iam::111111111111:role/r\n    externalId: "a b"\n'))).toEqual([
      {path: 'environments.prod.externalId', message: expect.stringContaining('2-1224 characters')},
    ])
    expect(
      issues(env(`    roleArn: arn:aws:iam::111111111111:role/r\n    sessionName: '${'s'.repeat(65)}'\n`)),
    ).toEqual([{path: 'environments.prod.sessionName', message: expect.stringContaining('2-64 characters')}])
  })
})
