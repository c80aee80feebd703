import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {UsageError} from '../../../src/errors.js'

const credentials = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})

describe('the fault-injection test bed', () => {
  const endpoint = process.env.AWS_ENDPOINT_URL
  beforeEach(() => {
    delete process.env.AWS_ENDPOINT_URL
  })
  afterEach(() => {
    delete process.env.PLATFORM_TEST_FAULTS
    if (endpoint !== undefined) process.env.AWS_ENDPOINT_URL = endpoint
  })

  it('is inert unless PLATFORM_TEST_FAULTS is set', () => {
    expect(new AwsAccess({credentials, endpointUrl: 'http://127.0.0.1:5000'}).faults).toBeUndefined()
  })

  it('injects only into an emulator on this machine: against AWS or a remote endpoint it is refused', () => {
    process.env.PLATFORM_TEST_FAULTS = 'seed=1,lost=0.2'
    expect(new AwsAccess({credentials, endpointUrl: 'http://127.0.0.1:5000'}).faults).toBeDefined()
    expect(() => new AwsAccess({credentials})).toThrow(UsageError)
    expect(() => new AwsAccess({credentials, endpointUrl: 'https://ec2.ap-northeast-1.amazonaws.com'})).toThrow(
      /not a loopback address/,
    )
  })
})
