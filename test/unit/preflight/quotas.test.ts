import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type AccountAttributeName,
} from '@aws-sdk/client-ec2'
import {
  AccessDeniedException,
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {LAYER_NAMES} from '../../../src/layers/index.js'
import {natAzs, quotasCheck} from '../../../src/preflight/quotas.js'
import type {PreflightContext} from '../../../src/preflight/types.js'

const ec2 = mockClient(EC2Client)
const sq = mockClient(ServiceQuotasClient)
const identity = {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ops'}
const ctx = (env = 'prod', layers: readonly string[] = LAYER_NAMES): PreflightContext => ({
  design: resolveDesign({environments: {prod: {accountId: '123456789012'}}}, env),
  aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
  identity,
  layers,
  today: new Date('2026-12-01'),
})
const own = (env: string) => [
  {Key: 'project', Value: 'medical-ai'},
  {Key: 'environment', Value: env},
  {Key: 'managed-by', Value: 'platform'},
]
// The SDK's own exception classes: the shapes Service Quotas answers with (its API reference lists both).
const denied = new AccessDeniedException({
  message: 'You do not have sufficient access to perform this action.',
  $metadata: {httpStatusCode: 400},
})
const notAvailable = new NoSuchResourceException({
  message: 'The request failed because the specified service does not exist.',
  $metadata: {httpStatusCode: 400},
})
const unauthorized = Object.assign(new Error('You are not authorized to perform this operation.'), {
  name: 'UnauthorizedOperation',
  $metadata: {httpStatusCode: 403},
})
const quota = (code: string, value: number) => ({Quota: {QuotaCode: code, Value: value}})

/** staging's three EIPs already allocated, the default VPC, and staging's VPC. */
function stagingExists() {
  ec2.on(DescribeAddressesCommand).resolves({
    Addresses: ['1a', '1c', '1d'].map((z) => ({AllocationId: `eipalloc-${z}`, Tags: own('staging')})),
  })
  ec2.on(DescribeVpcsCommand).resolves({Vpcs: [{VpcId: 'vpc-default'}, {VpcId: 'vpc-staging', Tags: own('staging')}]})
  ec2.on(DescribeNatGatewaysCommand).resolves({
    NatGateways: [{NatGatewayId: 'nat-1', SubnetId: 'subnet-s1a', State: 'available', Tags: own('staging')}],
  })
  ec2.on(DescribeSubnetsCommand).resolves({Subnets: [{SubnetId: 'subnet-s1a', AvailabilityZone: 'ap-northeast-1a'}]})
}

beforeEach(() => {
  ec2.reset()
  sq.reset()
})

describe('preflight: quotas (Service Quotas, else the EC2 account attribute, else the default)', () => {
  it('prod after staging needs 6 Elastic IPs: over an applied quota of 5 it refuses, naming the quota code', async () => {
    stagingExists()
    sq.on(GetServiceQuotaCommand, {ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3'}).resolves(quota('L-0263D0A3', 5))
    sq.on(GetServiceQuotaCommand, {ServiceCode: 'vpc', QuotaCode: 'L-F678F1CE'}).resolves(quota('L-F678F1CE', 5))
    sq.on(GetServiceQuotaCommand, {ServiceCode: 'vpc', QuotaCode: 'L-FE5A380F'}).resolves(quota('L-FE5A380F', 5))
    const o = await quotasCheck.run(ctx())
    expect(o.problems).toEqual([
      {
        check: 'quotas',
        what: 'Elastic IP addresses per Region (ap-northeast-1): 3 in use + 3 this environment adds = 6, over the quota of 5 (ec2 L-0263D0A3).',
        why: 'AWS refuses the create beyond the quota (read from Service Quotas), part-way through the run.',
        remedy:
          'Request an increase of ec2 L-0263D0A3 in Service Quotas, or free unused ones, or lower environments.prod.natGateways.',
      },
    ])
    expect(o.warnings).toEqual([])
    expect(sq).toHaveReceivedCommandWith(GetServiceQuotaCommand, {ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3'})
    expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {
      Filter: [{Name: 'state', Values: ['pending', 'available', 'deleting']}],
    })
    expect(ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, {SubnetIds: ['subnet-s1a']})
  })

  it('counts only what this environment does not have yet: a re-run of staging adds nothing and reads no quota', async () => {
    stagingExists()
    ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: ['1a', '1c', '1d'].map((z) => ({
        SubnetId: `subnet-s${z}`,
        State: 'available',
        Tags: own('staging'),
      })),
    })
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: ['1a', '1c', '1d'].map((z) => ({SubnetId: `subnet-s${z}`, AvailabilityZone: `ap-northeast-${z}`})),
    })
    const o = await quotasCheck.run(ctx('staging'))
    expect([o.problems, o.warnings]).toEqual([[], []])
    expect(sq).not.toHaveReceivedCommand(GetServiceQuotaCommand)
  })

  it('Service Quotas denied: the EC2 attribute vpc-max-elastic-ips is the account limit (a refusal)', async () => {
    stagingExists()
    sq.on(GetServiceQuotaCommand).rejects(denied)
    sq.on(GetAWSDefaultServiceQuotaCommand).resolves(quota('x', 5))
    ec2.on(DescribeAccountAttributesCommand).resolves({
      AccountAttributes: [{AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{AttributeValue: '5'}]}],
    })
    const o = await quotasCheck.run(ctx())
    expect(o.problems.map((p) => p.why)).toEqual([
      'AWS refuses the create beyond the quota (read from the EC2 account attribute vpc-max-elastic-ips), part-way through the run.',
    ])
    expect(ec2).toHaveReceivedCommandWith(DescribeAccountAttributesCommand, {
      AttributeNames: ['vpc-max-elastic-ips' as AccountAttributeName],
    })
  })

  it('only the default readable (NoSuchResourceException, as the emulator answers for ec2): a warning, never a pass or a refusal', async () => {
    stagingExists()
    sq.on(GetServiceQuotaCommand).rejects(notAvailable)
    ec2.on(DescribeAccountAttributesCommand).rejects(unauthorized)
    sq.on(GetAWSDefaultServiceQuotaCommand).resolves(quota('L-0263D0A3', 5))
    const o = await quotasCheck.run(ctx())
    expect(o.problems).toEqual([])
    expect(o.warnings).toEqual([
      "Elastic IP addresses per Region (ap-northeast-1): 3 in use + 3 this environment adds = 6, over the AWS default of 5 (ec2 L-0263D0A3). The account's applied quota could not be read and may be higher. Request an increase of ec2 L-0263D0A3 in Service Quotas, or free unused ones, or lower environments.prod.natGateways.",
    ])
  })

  it('nothing readable: a warning naming each failed source', async () => {
    stagingExists()
    sq.on(GetServiceQuotaCommand).rejects(denied)
    sq.on(GetAWSDefaultServiceQuotaCommand).rejects(denied)
    ec2.on(DescribeAccountAttributesCommand).rejects(unauthorized)
    const o = await quotasCheck.run(ctx())
    expect(o.problems).toEqual([])
    expect(o.warnings[0]).toBe(
      'Could not read the quota Elastic IP addresses per Region (ec2 L-0263D0A3): GetServiceQuota: AccessDeniedException: You do not have sufficient access to perform this action.; DescribeAccountAttributes: UnauthorizedOperation: You are not authorized to perform this operation.; GetAWSDefaultServiceQuota: AccessDeniedException: You do not have sufficient access to perform this action.. Not checked: the run may fail on this quota.',
    )
  })

  it('usage unreadable (DescribeAddresses denied): a warning, the other quotas still checked', async () => {
    stagingExists()
    ec2.on(DescribeAddressesCommand).rejects(unauthorized)
    sq.on(GetServiceQuotaCommand).resolves(quota('q', 1))
    const o = await quotasCheck.run(ctx())
    expect(o.warnings).toEqual([
      'Could not read the usage for Elastic IP addresses per Region (ec2 L-0263D0A3): UnauthorizedOperation: You are not authorized to perform this operation.. Not checked: the run may fail on this quota.',
    ])
    // VPCs: default + staging + prod's new one = 3 > 1; NAT per AZ: 1a already has staging's.
    expect(o.problems.map((p) => p.what)).toEqual([
      'VPCs per Region (ap-northeast-1): 2 in use + 1 this environment adds = 3, over the quota of 1 (vpc L-F678F1CE).',
      'NAT gateways per Availability Zone (ap-northeast-1a): 1 in use + 1 this environment adds = 2, over the quota of 1 (vpc L-FE5A380F).',
    ])
  })

  it('not checked when the run cannot change the network layer', async () => {
    const o = await quotasCheck.run(ctx('prod', ['kms']))
    expect([o.problems, o.warnings]).toEqual([[], []])
    expect(ec2.calls()).toHaveLength(0)
  })

  it('NAT gateways go to the first natGateways zones', () => {
    expect(natAzs(resolveDesign({environments: {dev: {natGateways: 2}}}, 'dev'))).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
    ])
  })
})
