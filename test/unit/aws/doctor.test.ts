import {ACMClient} from '@aws-sdk/client-acm'
import {CloudFrontClient} from '@aws-sdk/client-cloudfront'
import {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'
import {EC2Client, DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {ECRClient} from '@aws-sdk/client-ecr'
import {EKSClient} from '@aws-sdk/client-eks'
import {ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {IAMClient} from '@aws-sdk/client-iam'
import {KMSClient} from '@aws-sdk/client-kms'
import {RDSClient} from '@aws-sdk/client-rds'
import {SSMClient} from '@aws-sdk/client-ssm'
import {WAFV2Client} from '@aws-sdk/client-wafv2'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {S3Client, ListBucketsCommand} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {runDoctor} from '../../../src/aws/doctor.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {CredentialsError} from '../../../src/errors.js'

const sts = mockClient(STSClient)
const ec2 = mockClient(EC2Client)
const s3 = mockClient(S3Client)
const others = [
  ACMClient,
  CloudFrontClient,
  CloudWatchLogsClient,
  ECRClient,
  EKSClient,
  ElasticLoadBalancingV2Client,
  IAMClient,
  KMSClient,
  RDSClient,
  SSMClient,
  WAFV2Client,
].map((c) => mockClient(c as typeof ACMClient))
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})

describe('doctor', () => {
  beforeEach(() => {
    sts.reset()
    ec2.reset()
    s3.reset()
    for (const m of others) m.reset().onAnyCommand().resolves({})
  })

  it('reports the identity and a failing probe with its remedy', async () => {
    sts.on(GetCallerIdentityCommand).resolves({Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ops'})
    ec2.on(DescribeVpcsCommand).resolves({Vpcs: []})
    s3.on(ListBucketsCommand).rejects(
      Object.assign(new Error('denied'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}}),
    )
    const aws = new AwsAccess({credentials: creds})
    const report = await runDoctor(aws, resolveDesign({}, 'dev'))
    expect(report.account).toBe('111122223333')
    expect(report.callerArn).toBe('arn:aws:iam::111122223333:user/ops')
    const s3probe = report.probes.find((p) => p.service === 's3')
    expect(s3probe).toMatchObject({
      ok: false,
      error: expect.stringContaining('Access denied'),
      remedy: expect.any(String),
    })
    expect(report.probes.find((p) => p.service === 'ec2')).toMatchObject({ok: true})
    expect(report.probes.filter((p) => !p.ok).map((p) => p.service)).toEqual(['s3'])
    expect(report.probes).toHaveLength(15)
    expect(report.ok).toBe(false)
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, {MaxResults: 5})
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1)
    aws.destroy()
  })

  it('an identity failure is an error with exit 2, not a report', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}),
      )
    const aws = new AwsAccess({credentials: creds})
    await expect(runDoctor(aws, resolveDesign({}, 'dev'))).rejects.toBeInstanceOf(CredentialsError)
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcsCommand)
  })
})
