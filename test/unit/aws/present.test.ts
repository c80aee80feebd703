import {describe, expect, it} from 'vitest'
import {present} from '../../../src/aws/present.js'
import {AwsCallError, ExitCode} from '../../../src/errors.js'

describe('present', () => {
  it('passes a value AWS returned, falsy ones included', () => {
    expect(present('vpc-1', 'VpcId')).toBe('vpc-1')
    expect(present(0, 'Port')).toBe(0)
    expect(present('', 'Name')).toBe('')
  })

  it('an endpoint answering without a documented field is an AWS call error naming the field, exit 4', () => {
    let err: unknown
    try {
      present(undefined, 'the VPC in the CreateVpc response')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AwsCallError)
    expect(err).toMatchObject({
      code: 'INCOMPLETE_RESPONSE',
      exitCode: ExitCode.APPLY_FAILED,
      message: 'AWS answered without the VPC in the CreateVpc response.',
    })
    expect(() => present(null, 'GroupId')).toThrow('AWS answered without GroupId.')
  })
})
