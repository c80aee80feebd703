import {ACMClient, ListCertificatesCommand} from '@aws-sdk/client-acm'
import {CloudFrontClient, ListDistributionsCommand} from '@aws-sdk/client-cloudfront'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {DescribeRepositoriesCommand, ECRClient} from '@aws-sdk/client-ecr'
import {EKSClient, ListClustersCommand} from '@aws-sdk/client-eks'
import {DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client} from '@aws-sdk/client-elastic-load-balancing-v2'
import {IAMClient, ListRolesCommand} from '@aws-sdk/client-iam'
import {KMSClient, ListAliasesCommand} from '@aws-sdk/client-kms'
import {DescribeDBClustersCommand, RDSClient} from '@aws-sdk/client-rds'
import {ListBucketsCommand, S3Client} from '@aws-sdk/client-s3'
import {DescribeParametersCommand, SSMClient} from '@aws-sdk/client-ssm'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {ListWebACLsCommand, WAFV2Client} from '@aws-sdk/client-wafv2'
import type {ResolvedDesign} from '../design/types.js'
import {checkJobPermissions, type JobPermissions} from '../iam-policy/simulate.js'
import type {AwsAccess} from './clients.js'
import {toPlatformError} from './errors.js'

export interface ProbeResult {
  service: string
  region: string
  operation: string
  ok: boolean
  ms: number
  error?: string
  remedy?: string
}

export interface DoctorReport {
  env: string
  account: string
  callerArn: string
  regions: {primary: string; global: string; dr: string}
  endpoint: string | null
  profile: string | null
  probes: ProbeResult[]
  /** Per job (policies/*.json), the actions the caller lacks, by IAM's policy simulation; informational, not part of ok. */
  permissions: JobPermissions[]
  ok: boolean
}

type Probe = {
  service: string
  region: (d: ResolvedDesign) => string
  operation: string
  call: (aws: AwsAccess, region: string) => Promise<unknown>
}

/** One cheap read-only call per service the tool uses, in the region it uses it. */
const PROBES: Probe[] = [
  {
    service: 'ec2',
    region: (d) => d.region,
    operation: 'DescribeVpcs',
    call: (a, r) => a.client(EC2Client, r).send(new DescribeVpcsCommand({MaxResults: 5})),
  },
  {
    service: 'eks',
    region: (d) => d.region,
    operation: 'ListClusters',
    call: (a, r) => a.client(EKSClient, r).send(new ListClustersCommand({maxResults: 1})),
  },
  {
    service: 'rds',
    region: (d) => d.region,
    operation: 'DescribeDBClusters',
    call: (a, r) => a.client(RDSClient, r).send(new DescribeDBClustersCommand({MaxRecords: 20})),
  },
  {
    service: 's3',
    region: (d) => d.region,
    operation: 'ListBuckets',
    call: (a, r) => a.client(S3Client, r).send(new ListBucketsCommand({MaxBuckets: 1})),
  },
  {
    service: 'ecr',
    region: (d) => d.region,
    operation: 'DescribeRepositories',
    call: (a, r) => a.client(ECRClient, r).send(new DescribeRepositoriesCommand({maxResults: 1})),
  },
  {
    service: 'elbv2',
    region: (d) => d.region,
    operation: 'DescribeLoadBalancers',
    call: (a, r) => a.client(ElasticLoadBalancingV2Client, r).send(new DescribeLoadBalancersCommand({PageSize: 1})),
  },
  {
    service: 'kms',
    region: (d) => d.region,
    operation: 'ListAliases',
    call: (a, r) => a.client(KMSClient, r).send(new ListAliasesCommand({Limit: 1})),
  },
  {
    service: 'kms (DR)',
    region: (d) => d.drRegion,
    operation: 'ListAliases',
    call: (a, r) => a.client(KMSClient, r).send(new ListAliasesCommand({Limit: 1})),
  },
  {
    service: 'iam',
    region: (d) => d.region,
    operation: 'ListRoles',
    call: (a, r) => a.client(IAMClient, r).send(new ListRolesCommand({MaxItems: 1})),
  },
  {
    service: 'logs',
    region: (d) => d.region,
    operation: 'DescribeLogGroups',
    call: (a, r) => a.client(CloudWatchLogsClient, r).send(new DescribeLogGroupsCommand({limit: 1})),
  },
  {
    service: 'ssm',
    region: (d) => d.region,
    operation: 'DescribeParameters',
    call: (a, r) => a.client(SSMClient, r).send(new DescribeParametersCommand({MaxResults: 1})),
  },
  {
    service: 'acm',
    region: (d) => d.region,
    operation: 'ListCertificates',
    call: (a, r) => a.client(ACMClient, r).send(new ListCertificatesCommand({MaxItems: 1})),
  },
  {
    service: 'acm (CloudFront)',
    region: (d) => d.globalRegion,
    operation: 'ListCertificates',
    call: (a, r) => a.client(ACMClient, r).send(new ListCertificatesCommand({MaxItems: 1})),
  },
  {
    service: 'wafv2 (CLOUDFRONT)',
    region: (d) => d.globalRegion,
    operation: 'ListWebACLs',
    call: (a, r) => a.client(WAFV2Client, r).send(new ListWebACLsCommand({Scope: 'CLOUDFRONT', Limit: 1})),
  },
  {
    service: 'cloudfront',
    region: (d) => d.globalRegion,
    operation: 'ListDistributions',
    call: (a, r) => a.client(CloudFrontClient, r).send(new ListDistributionsCommand({MaxItems: 1})),
  },
]

/**
 * Who the caller is, then one read-only probe per service. An unusable identity (no or bad
 * credentials, no endpoint) is not a report but an error: nothing else can work.
 */
export async function runDoctor(aws: AwsAccess, design: ResolvedDesign): Promise<DoctorReport> {
  let identity
  try {
    identity = await aws.client(STSClient, design.region).send(new GetCallerIdentityCommand({}))
  } catch (err) {
    throw toPlatformError(err, 'Checking the caller identity (sts:GetCallerIdentity)')
  }
  const probes = await Promise.all(
    PROBES.map(async (p): Promise<ProbeResult> => {
      const region = p.region(design)
      const started = Date.now()
      try {
        await p.call(aws, region)
        return {service: p.service, region, operation: p.operation, ok: true, ms: Date.now() - started}
      } catch (err) {
        const pe = toPlatformError(err)
        return {
          service: p.service,
          region,
          operation: p.operation,
          ok: false,
          ms: Date.now() - started,
          error: pe.message,
          remedy: pe.remedy,
        }
      }
    }),
  )
  const permissions = await checkJobPermissions(aws, design.region, identity.Arn ?? '')
  return {
    env: design.env,
    account: identity.Account ?? 'unknown',
    callerArn: identity.Arn ?? 'unknown',
    regions: {primary: design.region, global: design.globalRegion, dr: design.drRegion},
    endpoint: aws.endpoint ?? null,
    profile: aws.options.profile ?? process.env.AWS_PROFILE ?? null,
    probes,
    permissions,
    ok: probes.every((p) => p.ok),
  }
}
