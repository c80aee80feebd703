import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {ACMServiceException, ResourceInUseException as AcmInUse} from '@aws-sdk/client-acm'
import {CreateSubnetCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {DescribeClusterCommand, EKSClient, InvalidParameterException} from '@aws-sdk/client-eks'
import {
  CertificateNotFoundException,
  ResourceInUseException as ElbInUse,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {MalformedPolicyDocumentException} from '@aws-sdk/client-iam'
import {WAFUnavailableEntityException} from '@aws-sdk/client-wafv2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {toPlatformError} from '../../../src/aws/errors.js'
import {NOT_YET_RULES, notYetRule, untilSettled} from '../../../src/aws/eventual.js'

/** An error as the SDK surfaces an unmodelled EC2/S3 code: name = AWS's code, HTTP 400. */
const awsError = (code: string, message: string) =>
  Object.assign(new Error(message), {name: code, $fault: 'client', $metadata: {httpStatusCode: 400}})
const meta = {$metadata: {httpStatusCode: 400}}

/**
 * Each "not yet" AWS documents (or terraform retries), with its real code and message shape
 * (EC2's error-codes page, the SDK's modelled exceptions, the messages quoted in the issues
 * cited in eventual.ts), and the operation it arrives on.
 */
const NOT_YET_CASES: [string, string, unknown][] = [
  ['EC2', 'ModifyVpcAttribute', awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-0a1b' does not exist")],
  ['EC2', 'CreateSubnet', awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-0a1b' does not exist")],
  [
    'EC2',
    'AttachInternetGateway',
    awsError('InvalidInternetGatewayID.NotFound', "The internetGateway ID 'igw-1' does not exist"),
  ],
  ['EC2', 'CreateRoute', awsError('InvalidRouteTableID.NotFound', "The routeTable ID 'rtb-1' does not exist")],
  ['EC2', 'AssociateRouteTable', awsError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-1' does not exist")],
  [
    'EC2',
    'CreateNatGateway',
    awsError('InvalidAllocationID.NotFound', "The allocation ID 'eipalloc-1' does not exist"),
  ],
  ['EC2', 'CreateRoute', awsError('InvalidNatGatewayID.NotFound', "The natGateway ID 'nat-1' does not exist")],
  [
    'EC2',
    'AuthorizeSecurityGroupIngress',
    awsError('InvalidGroup.NotFound', "The security group 'sg-1' does not exist"),
  ],
  ['EC2', 'RevokeSecurityGroupEgress', awsError('InvalidGroup.NotFound', "The security group 'sg-1' does not exist")],
  ['EC2', 'CreateTags', awsError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-1' does not exist")],
  ['EC2', 'CreateFlowLogs', awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist")],
  ['EC2', 'DeleteSecurityGroup', awsError('DependencyViolation', 'resource sg-1 has a dependent object')],
  [
    'EC2',
    'DeleteSubnet',
    awsError('DependencyViolation', "The subnet 'subnet-1' has dependencies and cannot be deleted."),
  ],
  [
    'EC2',
    'DetachInternetGateway',
    awsError('DependencyViolation', 'Network vpc-1 has some mapped public address(es).'),
  ],
  ['EC2', 'DeleteVpc', awsError('DependencyViolation', "The vpc 'vpc-1' has dependencies and cannot be deleted.")],
  ['S3', 'PutBucketVersioning', awsError('NoSuchBucket', 'The specified bucket does not exist')],
  ['S3', 'PutPublicAccessBlock', awsError('NoSuchBucket', 'The specified bucket does not exist')],
  [
    'S3',
    'PutBucketEncryption',
    awsError(
      'OperationAborted',
      'A conflicting conditional operation is currently in progress against this resource. Please try again.',
    ),
  ],
  [
    'S3',
    'PutBucketReplication',
    awsError('InvalidRequest', "Versioning must be 'Enabled' on the bucket to apply a replication configuration"),
  ],
  [
    'IAM',
    'CreateRole',
    new MalformedPolicyDocumentException({
      ...meta,
      message:
        'Invalid principal in policy: "Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/ABC"',
    }),
  ],
  [
    'EKS',
    'CreateCluster',
    new InvalidParameterException({
      ...meta,
      message: 'Role with arn: arn:aws:iam::123456789012:role/c, does not exist',
    }),
  ],
  [
    'EKS',
    'CreateCluster',
    new InvalidParameterException({
      ...meta,
      message: 'Role could not be assumed because the trusted entity is not correct',
    }),
  ],
  [
    'EKS',
    'CreateFargateProfile',
    new InvalidParameterException({
      ...meta,
      message:
        'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
    }),
  ],
  [
    'WAFV2',
    'AssociateWebACL',
    new WAFUnavailableEntityException({
      ...meta,
      message: "AWS WAF couldn't retrieve the resource that you requested. Retry your request.",
    }),
  ],
  [
    'ElasticLoadBalancingV2',
    'CreateListener',
    new CertificateNotFoundException({
      ...meta,
      message: "Certificate 'arn:aws:acm:ap-northeast-1:123456789012:certificate/1' not found",
    }),
  ],
  [
    'ElasticLoadBalancingV2',
    'DeleteTargetGroup',
    new ElbInUse({...meta, message: 'Target group is currently in use by a listener or a rule'}),
  ],
  [
    'ACM',
    'DeleteCertificate',
    new AcmInUse({
      ...meta,
      message: 'Certificate arn:aws:acm:us-east-1:1:certificate/1 in use by arn:aws:cloudfront::1:distribution/E1',
    }),
  ],
]

/** The same codes where they mean something final: no wait. */
const FINAL_CASES: [string, string, unknown][] = [
  // A delete that meets NotFound: already gone (the engine takes it as done), never "not yet".
  ['EC2', 'DeleteSubnet', awsError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-1' does not exist")],
  [
    'EC2',
    'DisassociateRouteTable',
    awsError('InvalidAssociationID.NotFound', "The association ID 'rtbassoc-1' does not exist"),
  ],
  // A read: the audit and find report absence, they do not wait for it.
  ['EC2', 'DescribeVpcs', awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist")],
  // An "already there" and a rule already gone are handled elsewhere (already.ts).
  [
    'EC2',
    'AuthorizeSecurityGroupIngress',
    awsError('InvalidPermission.Duplicate', 'the specified rule already exists'),
  ],
  ['EC2', 'RevokeSecurityGroupIngress', awsError('InvalidPermission.NotFound', 'The specified rule does not exist')],
  // Same code, another meaning: a real misconfiguration fails at once.
  ['EKS', 'CreateCluster', new InvalidParameterException({...meta, message: 'unsupported Kubernetes version 1.28'})],
  ['IAM', 'CreateRole', new MalformedPolicyDocumentException({...meta, message: 'Syntax errors in policy.'})],
  ['S3', 'PutBucketReplication', awsError('InvalidRequest', 'Destination bucket must have versioning enabled.')],
  // The same code on another service's rule.
  ['S3', 'CreateBucket', awsError('OperationAborted', 'A conflicting conditional operation is currently in progress')],
  ['EC2', 'DeleteVpc', new ACMServiceException({name: 'Throttling', $fault: 'client', ...meta})],
]

function clock() {
  let t = 0
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms)
      t += ms
    },
  }
}

describe('untilSettled: retries exactly what AWS documents as "not yet"', () => {
  it.each(NOT_YET_CASES)('%s.%s with %s is retried until it succeeds', async (service, operation, err) => {
    expect(notYetRule(service, operation, err)).toBeDefined()
    const c = clock()
    let calls = 0
    const out = await untilSettled(
      service,
      operation,
      async () => {
        if (++calls < 3) throw err
        return 'ok'
      },
      c,
    )
    expect(out).toBe('ok')
    expect(calls).toBe(3)
    // Backoff from 2 s, growing by half, as EC2's eventual-consistency page advises.
    expect(c.slept).toEqual([2_000, 3_000])
  })

  it.each(FINAL_CASES)('%s.%s with %s fails at once', async (service, operation, err) => {
    expect(notYetRule(service, operation, err)).toBeUndefined()
    const c = clock()
    let calls = 0
    await expect(
      untilSettled(
        service,
        operation,
        async () => {
          calls++
          throw err
        },
        c,
      ),
    ).rejects.toBe(err)
    expect(calls).toBe(1)
    expect(c.slept).toEqual([])
  })

  it('gives up when the rule time is spent and hands AWS its own error back', async () => {
    const err = awsError('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist")
    const c = clock()
    let calls = 0
    await expect(
      untilSettled(
        'EC2',
        'CreateSubnet',
        async () => {
          calls++
          throw err
        },
        c,
      ),
    ).rejects.toBe(err)
    // 5 minutes for EC2 (terraform's ec2PropagationTimeout), delays capped at 20 s.
    expect(c.now()).toBeLessThanOrEqual(5 * 60_000)
    expect(c.now()).toBeGreaterThan(4 * 60_000)
    expect(Math.max(...c.slept)).toBe(20_000)
    expect(calls).toBe(c.slept.length + 1)
  })

  it('sizes deletes held by network interfaces in tens of minutes, and new ids in minutes', () => {
    const timeout = (service: string, operation: string, code: string) =>
      notYetRule(service, operation, awsError(code, ''))?.timeoutMs
    expect(timeout('EC2', 'DeleteSubnet', 'DependencyViolation')).toBe(20 * 60_000)
    expect(timeout('EC2', 'CreateRoute', 'InvalidRouteTableID.NotFound')).toBe(5 * 60_000)
    expect(timeout('S3', 'PutBucketTagging', 'NoSuchBucket')).toBe(2 * 60_000)
    for (const r of NOT_YET_RULES) expect(r.why.length).toBeGreaterThan(10)
  })
})

/** A local endpoint that answers each request from a script, in the wire format of the service. */
function scriptedEndpoint(answers: {status: number; type: string; body: string}[]) {
  const seen: string[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push(body)
      const a = answers[Math.min(seen.length - 1, answers.length - 1)]!
      res.writeHead(a.status, {'content-type': a.type})
      res.end(a.body)
    })
  })
  return {server, seen}
}

const ec2Error = (code: string, message: string) => ({
  status: 400,
  type: 'text/xml',
  body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>r-1</RequestID></Response>`,
})
const createSubnetOk = {
  status: 200,
  type: 'text/xml',
  body: '<CreateSubnetResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><subnet><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId></subnet></CreateSubnetResponse>',
}
const html502 = {
  status: 502,
  type: 'text/html',
  body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})

describe('every mutating client waits for AWS to settle; the audit does not', () => {
  const endpoints: Server[] = []
  afterAll(() => endpoints.forEach((s) => s.close()))

  it('CreateSubnet answered InvalidVpcID.NotFound twice (on the wire) succeeds on the third send, counted as retries', async () => {
    const {server, seen} = scriptedEndpoint([
      ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist"),
      ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist"),
      createSubnetOk,
    ])
    endpoints.push(server)
    const aws = new AwsAccess({endpointUrl: await listen(server), credentials: creds, settleScale: 0.01})
    const out = await aws
      .client(EC2Client, 'ap-northeast-1')
      .send(new CreateSubnetCommand({VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24'}))
    expect(out.Subnet?.SubnetId).toBe('subnet-1')
    expect(seen).toHaveLength(3)
    expect(seen.every((b) => b.includes('Action=CreateSubnet'))).toBe(true)
    // One call as the recorder counts them (the command), two retries in the run's summary.
    expect(aws.recorder.summary().mutating).toBe(1)
    expect(aws.recorder.retries.byService.EC2?.retries).toBe(2)
  })

  it("the audit's read-only access sends once and reports what AWS said", async () => {
    const {server, seen} = scriptedEndpoint([ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist")])
    endpoints.push(server)
    const aws = new AwsAccess({endpointUrl: await listen(server), credentials: creds, readOnly: true, maxAttempts: 1})
    await expect(
      aws.client(EC2Client, 'ap-northeast-1').send(new DescribeVpcsCommand({VpcIds: ['vpc-1']})),
    ).rejects.toMatchObject({name: 'InvalidVpcID.NotFound'})
    expect(seen).toHaveLength(1)
  })

  it('refuses shortened waits against a real AWS endpoint', () => {
    const aws = new AwsAccess({
      credentials: creds,
      settleScale: 0.001,
      endpointUrl: 'https://ec2.ap-northeast-1.amazonaws.com',
    })
    expect(() => aws.client(EC2Client, 'ap-northeast-1')).toThrow(/local emulator only/)
  })
})

describe('a 5xx with an HTML body is reported as what it is', () => {
  let url = ''
  let server: Server
  beforeAll(async () => {
    server = scriptedEndpoint([html502]).server
    url = await listen(server)
  })
  afterAll(() => server.close())

  it.each([
    [
      'EKS (JSON protocol: the SDK fails to parse it)',
      () =>
        new EKSClient({endpoint: url, region: 'ap-northeast-1', credentials: creds, maxAttempts: 1}).send(
          new DescribeClusterCommand({name: 'c'}),
        ),
    ],
    [
      'EC2 (XML protocol: the SDK names it Unknown)',
      () =>
        new EC2Client({endpoint: url, region: 'ap-northeast-1', credentials: creds, maxAttempts: 1}).send(
          new DescribeVpcsCommand({}),
        ),
    ],
  ])('%s', async (_what, call) => {
    const err = await call().catch((e: unknown) => e)
    const p = toPlatformError(err, 'reading the cluster')
    expect(p.message).toBe(
      "reading the cluster: AWS's endpoint answered HTTP 502 (text/html body) with no AWS error in it: a gateway or proxy error page, not an answer from the service.",
    )
    expect(p.message).not.toMatch(/Unexpected token|JSON|Deserialization|Unknown/)
    expect(p.code).toBe('HTTP_502')
    expect(p.exitCode).toBe(4)
    expect(p.remedy).toMatch(/transient/)
  })

  it('an AWS 5xx that AWS itself explains keeps its code and message', () => {
    const err = Object.assign(new Error('We encountered an internal error. Please try again.'), {
      name: 'InternalError',
      $metadata: {httpStatusCode: 500},
    })
    const p = toPlatformError(err)
    expect(p.message).toBe('AWS call failed (InternalError): We encountered an internal error. Please try again.')
  })
})
