import {CreateVpcCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {CreateKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {FaultPlan, parseFaultSpec} from '../../../src/aws/faults.js'
import {SINGLE_ATTEMPT_OPERATIONS, ServiceLimiter, refuseRetry} from '../../../src/aws/retry.js'

const credentials = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})

describe('bounded retrying through the real SDK retry middleware (faults injected after it)', () => {
  let aws: AwsAccess
  beforeEach(() => {
    // Every attempt meets a connection reset before it is sent: nothing reaches any endpoint.
    process.env.PLATFORM_TEST_FAULTS = 'seed=1,reset=1'
    aws = new AwsAccess({credentials, maxAttempts: 3, endpointUrl: 'http://127.0.0.1:9'})
  })
  afterEach(() => {
    delete process.env.PLATFORM_TEST_FAULTS
    aws.destroy()
  })

  it('a read is retried up to maxAttempts, and each retry is counted for its service', async () => {
    await expect(aws.client(EC2Client, 'ap-northeast-1').send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      code: 'ECONNRESET',
    })
    expect(aws.faults?.injected.reset).toBe(3)
    expect(aws.recorder.retries.byService.EC2).toEqual({retries: 2, throttles: 0})
  })

  it.each([
    ['EC2', () => aws.client(EC2Client, 'ap-northeast-1').send(new CreateVpcCommand({CidrBlock: '10.0.0.0/16'}))],
    ['KMS', () => aws.client(KMSClient, 'ap-northeast-1').send(new CreateKeyCommand({}))],
  ])('a %s create without an idempotency token is sent once: the SDK never retries it', async (service, send) => {
    await expect(send()).rejects.toMatchObject({code: 'ECONNRESET'})
    expect(aws.faults?.injected.reset).toBe(1)
    expect(aws.recorder.retries.byService[service]).toBeUndefined()
  })

  it('throttles are counted by service, one per throttled attempt', async () => {
    process.env.PLATFORM_TEST_FAULTS = 'seed=1,throttle=1'
    const throttled = new AwsAccess({credentials, maxAttempts: 2, endpointUrl: 'http://127.0.0.1:9'})
    await expect(throttled.client(EC2Client, 'ap-northeast-1').send(new DescribeVpcsCommand({}))).rejects.toMatchObject(
      {name: 'ThrottlingException'},
    )
    expect(throttled.recorder.retries.byService.EC2).toEqual({retries: 1, throttles: 2})
    throttled.destroy()
  })
})

describe('refuseRetry', () => {
  it('refuses every listed create, and any call past its time budget', () => {
    for (const op of SINGLE_ATTEMPT_OPERATIONS) {
      const [service, operation] = op.split('.') as [string, string]
      expect(refuseRetry(service, {operation, startedAt: 0}, 1)).toMatch(/single attempt/)
    }
    expect(refuseRetry('EC2', {operation: 'DescribeVpcs', startedAt: 0}, 1)).toBeUndefined()
    expect(refuseRetry('EC2', {operation: 'DescribeVpcs', startedAt: 0}, 200_000, 120_000)).toMatch(/budget/)
  })
})

describe('ServiceLimiter', () => {
  it('halves down to one call in flight', async () => {
    const l = new ServiceLimiter(4)
    l.throttled()
    l.throttled()
    l.throttled()
    expect(l.limit).toBe(1)
    let inFlight = 0
    let peak = 0
    await Promise.all(
      [1, 2, 3].map(() =>
        l.run(async () => {
          peak = Math.max(peak, ++inFlight)
          await new Promise((r) => setTimeout(r, 5))
          inFlight--
        }),
      ),
    )
    expect(peak).toBe(1)
  })
})

describe('FaultPlan', () => {
  it('is repeatable for a seed and respects lostMutatingOnly', () => {
    const spec = parseFaultSpec('seed=9,error=0.05,throttle=0.05,reset=0.03,lost=0.5,lostMutatingOnly=1')!
    const draw = () => {
      const p = new FaultPlan(spec)
      return Array.from({length: 200}, (_, i) => p.next(`r|EC2.Op${i % 7}`, i % 2 ? 'DescribeVpcs' : 'CreateVpc'))
    }
    const a = draw()
    expect(draw()).toEqual(a)
    expect(a.filter((f, i) => f === 'lost' && i % 2 === 1)).toEqual([])
    expect(a.filter((f) => f === 'lost').length).toBeGreaterThan(20)
  })
})
