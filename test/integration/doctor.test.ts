import {CreateVpcCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../src/aws/clients.js'
import type {DoctorReport} from '../../src/aws/doctor.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => {
  await moto?.stop()
})

describe('platform doctor against moto_server', () => {
  it('reports account 123456789012, the caller, the endpoint and every probe OK', async () => {
    const r = await runCli(['doctor', '--env', 'dev', '--json'], {env: emulatorEnv(moto.url)})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = r.json<DoctorReport>()
    expect(report.account).toBe('123456789012')
    expect(report.callerArn).toMatch(/^arn:aws:(iam|sts)::123456789012:/)
    expect(report.endpoint).toBe(moto.url)
    expect(report.regions).toEqual({primary: 'ap-northeast-1', global: 'us-east-1', dr: 'ap-northeast-3'})
    expect(report.probes.length).toBe(15)
    expect(report.probes.filter((p) => !p.ok)).toEqual([])
  })

  it('human output and --verbose call counts (all read-only)', async () => {
    const r = await runCli(['doctor', '--env', 'dev', '--verbose'], {env: emulatorEnv(moto.url)})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Account   123456789012')
    expect(r.stderr).toMatch(/AWS calls: 16 \(0 mutating, 16 read-only\)/)
  })

  it('--endpoint-url works without AWS_ENDPOINT_URL', async () => {
    const env = emulatorEnv(undefined, {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'})
    const r = await runCli(['doctor', '--env', 'prod', '--endpoint-url', moto.url, '--json'], {env})
    expect(r.code).toBe(0)
    expect(r.json<DoctorReport>().account).toBe('123456789012')
  })

  it('with no endpoint and no credentials: exit 2, a short message and a remedy, no stack trace', async () => {
    const r = await runCli(['doctor', '--env', 'dev'], {env: emulatorEnv(undefined)})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('No AWS credentials found')
    expect(r.stderr).toMatch(/Remedy: .*AWS_PROFILE/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(3)
  })

  it('an unreachable endpoint: exit 2 naming the endpoint problem', async () => {
    const r = await runCli(['doctor', '--env', 'dev', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: emulatorEnv(undefined, {AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y'}),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Cannot reach the AWS endpoint')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('AwsAccess read-only mode', () => {
  it('refuses a mutating call before it is sent, and records read calls', async () => {
    const aws = new AwsAccess({
      endpointUrl: moto.url,
      readOnly: true,
      credentials: async () => ({accessKeyId: 'testing', secretAccessKey: 'testing'}),
    })
    const ec2 = aws.client(EC2Client, 'ap-northeast-1')
    await expect(ec2.send(new CreateVpcCommand({CidrBlock: '10.99.0.0/16'}))).rejects.toThrow(
      'Refused EC2.CreateVpc: this command is read-only.',
    )
    const vpcs = await ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'cidr', Values: ['10.99.0.0/16']}]}))
    expect(vpcs.Vpcs).toEqual([])
    expect(aws.recorder.summary()).toMatchObject({total: 1, mutating: 0, byOperation: {'EC2.DescribeVpcs': 1}})
    aws.destroy()
  })
})
