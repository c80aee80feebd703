import type {ResolvedDesign} from '../design/types.js'
import {instanceIdentifier} from '../layers/aurora/index.js'
import {outcome, type PreflightCheck, type PreflightProblem} from './types.js'

/**
 * One AWS naming rule: the names come from the resolved design (the one place the naming rule
 * `{p}-{env}-{component}` and the bucket prefix/suffix are applied, design/resolve.ts) and the
 * layers' own helpers (Aurora's instance identifiers), never a second copy of the rules.
 */
interface NameRule {
  resource: string
  names: (d: ResolvedDesign) => string[]
  max: number
  /** Extra constraints beyond the length, each with what it requires. */
  rules?: {test: (name: string) => boolean; requires: string}[]
  source: string
}

const noEdgeHyphen = {
  test: (n: string) => !n.startsWith('-') && !n.endsWith('-'),
  requires: 'must not begin or end with a hyphen',
}
const rdsId = [
  {test: (n: string) => /^[a-z][a-z0-9-]*$/i.test(n), requires: 'letters, digits and hyphens, starting with a letter'},
  {
    test: (n: string) => !n.endsWith('-') && !n.includes('--'),
    requires: "can't end with a hyphen or contain two consecutive hyphens",
  },
]

export const NAME_RULES: readonly NameRule[] = [
  {
    resource: 'ALB',
    names: (d) => [d.alb.name],
    max: 32,
    rules: [noEdgeHyphen, {test: (n) => !n.startsWith('internal-'), requires: 'must not begin with "internal-"'}],
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
  },
  {
    resource: 'target group',
    names: (d) => [d.alb.targetGroup],
    max: 32,
    rules: [noEdgeHyphen],
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html',
  },
  {
    resource: 'S3 bucket',
    names: (d) => [
      ...d.s3.buckets.flatMap((b) => [b.name, ...(b.replicaName ? [b.replicaName] : [])]),
      d.velero.bucket,
    ],
    max: 63,
    rules: [
      {test: (n) => n.length >= 3, requires: 'at least 3 characters'},
      {
        test: (n) => /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(n),
        requires: 'lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit',
      },
      {test: (n) => !n.includes('..'), requires: 'no two adjacent periods'},
      {test: (n) => !/^\d+\.\d+\.\d+\.\d+$/.test(n), requires: 'not formatted as an IP address'},
      {test: (n) => !n.startsWith('xn--') && !n.startsWith('sthree-'), requires: 'must not begin with xn-- or sthree-'},
      {
        test: (n) => !n.endsWith('-s3alias') && !n.endsWith('--ol-s3'),
        requires: 'must not end with -s3alias or --ol-s3',
      },
    ],
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
  },
  {
    resource: 'IAM role',
    names: (d) => Object.values(d.iam),
    max: 64,
    source: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  },
  {
    resource: 'EKS cluster',
    names: (d) => [d.eks.name],
    max: 100,
    source: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html',
  },
  {
    resource: 'Aurora DB cluster identifier',
    names: (d) => [d.rds.clusterId],
    max: 63,
    rules: rdsId,
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html',
  },
  {
    resource: 'Aurora DB instance identifier',
    names: (d) => Array.from({length: d.rds.instances}, (_, i) => instanceIdentifier(d, i + 1)),
    max: 63,
    rules: rdsId,
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  },
  {
    resource: 'DB cluster parameter group / DB subnet group',
    names: (d) => [d.rds.parameterGroup, d.rds.subnetGroup],
    max: 255,
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.CreatingCluster.html',
  },
  {
    resource: 'CloudWatch Logs group',
    names: (d) => [d.baseline.flowLogGroup, d.baseline.wafLogGroup],
    max: 512,
    source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  {
    resource: 'WAF web ACL',
    names: (d) => [d.waf.name],
    max: 128,
    source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html',
  },
  {
    resource: 'security group',
    names: (d) => d.securityGroups.map((g) => g.name),
    max: 255,
    source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
  },
  {
    resource: 'KMS alias',
    names: (d) => [d.kms.alias, d.kms.drAlias, ...(d.kms.evidenceSigningAlias ? [d.kms.evidenceSigningAlias] : [])],
    max: 256,
    source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
  {
    resource: 'ECR repository',
    names: (d) => d.ecr.repositories.map((r) => r.name),
    max: 256,
    source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html',
  },
]

/** Which configuration keys make up the names, for the remedy. */
const REMEDY = 'Shorten `project` (or the environment name); for buckets also `bucketNamePrefix` / `bucketNameSuffix`.'

export function nameProblems(d: ResolvedDesign): PreflightProblem[] {
  return NAME_RULES.flatMap((rule) =>
    rule.names(d).flatMap((name) => {
      const broken = [
        ...(name.length > rule.max ? [`at most ${rule.max} characters (it has ${name.length})`] : []),
        ...(rule.rules ?? []).filter((r) => !r.test(name)).map((r) => r.requires),
      ]
      return broken.length === 0
        ? []
        : [
            {
              check: 'names',
              what: `The ${rule.resource} name "${name}" breaks AWS's limit: ${broken.join('; ')}.`,
              why: `AWS refuses the create call (${rule.source}).`,
              remedy: REMEDY,
            },
          ]
    }),
  )
}

export const namesCheck: PreflightCheck = {
  name: 'names',
  run: (ctx) => outcome({problems: nameProblems(ctx.design)}),
}
