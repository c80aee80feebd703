import {describe, expect, it} from 'vitest'
import {toPlatformError} from '../../../src/aws/errors.js'
import {ExitCode} from '../../../src/errors.js'

const sdkError = (name: string, status: number, message = 'x') =>
  Object.assign(new Error(message), {name, $metadata: {httpStatusCode: status}})

describe('toPlatformError', () => {
  it.each([
    [
      Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}),
      'CREDENTIALS',
      ExitCode.CANNOT_RUN,
    ],
    [sdkError('ExpiredToken', 400), 'CREDENTIALS', ExitCode.CANNOT_RUN],
    [sdkError('InvalidClientTokenId', 403), 'CREDENTIALS', ExitCode.CANNOT_RUN],
    [sdkError('AccessDeniedException', 400), 'ACCESS_DENIED', ExitCode.CANNOT_RUN],
    [sdkError('UnauthorizedOperation', 403), 'ACCESS_DENIED', ExitCode.CANNOT_RUN],
    [sdkError('ThrottlingException', 400), 'THROTTLED', ExitCode.APPLY_FAILED],
    [sdkError('RequestLimitExceeded', 503), 'THROTTLED', ExitCode.APPLY_FAILED],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}),
      'ENDPOINT',
      ExitCode.CANNOT_RUN,
    ],
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND ec2.nowhere-1.amazonaws.com'), {code: 'ENOTFOUND'}),
      'ENDPOINT',
      ExitCode.CANNOT_RUN,
    ],
    [new Error('Region is missing'), 'ENDPOINT', ExitCode.CANNOT_RUN],
    [sdkError('InvalidParameterValue', 400, 'bad value'), 'InvalidParameterValue', ExitCode.APPLY_FAILED],
  ])('%s -> %s', (err, code, exit) => {
    const pe = toPlatformError(err)
    expect(pe.code).toBe(code)
    expect(pe.exitCode).toBe(exit)
    expect(pe.remedy).toBeTruthy()
  })

  it('prefixes the context and keeps only the first line of the message', () => {
    const pe = toPlatformError(
      sdkError('AccessDenied', 403, 'User: arn:x is not authorized\nsecond line'),
      'Reading VPCs',
    )
    expect(pe.message).toBe('Reading VPCs: Access denied (AccessDenied): User: arn:x is not authorized')
  })
})

describe('unlessAbsent', () => {
  it('turns the named "does not exist" answers into the fallback and throws everything else', async () => {
    const {unlessAbsent} = await import('../../../src/aws/errors.js')
    const fail = (name: string) => Promise.reject(Object.assign(new Error(name), {name}))
    expect(await unlessAbsent(Promise.resolve(1), ['NoSuchEntity'])).toBe(1)
    expect(await unlessAbsent(fail('NoSuchEntity'), ['NoSuchEntity'])).toBeUndefined()
    expect(await unlessAbsent(fail('NoSuchTagSet'), ['NoSuchTagSet'], {})).toEqual({})
    await expect(unlessAbsent(fail('AccessDenied'), ['NoSuchEntity'])).rejects.toThrow('AccessDenied')
  })
})
