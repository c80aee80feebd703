import type {Workload} from '../resources.js'

/** The design's own values (the requirements of requirements.ts), before any configuration. */

export const STANDARD_ENVS = ['prod', 'staging', 'dev'] as const
export const PRIMARY_REGION = 'ap-northeast-1'
export const DEFAULT_PROJECT = 'medical-ai'
export const DEFAULT_DOMAIN = 'example.com'
export const DEFAULT_DR_REGION = 'ap-northeast-3'

const SECOND_OCTET: Record<string, number> = {prod: 0, staging: 1, dev: 2}

/** env.cidr: prod 10.0.0.0/16, staging 10.1.0.0/16, dev 10.2.0.0/16. */
export function defaultVpcCidr(env: string): string | undefined {
  const n = SECOND_OCTET[env]
  return n === undefined ? undefined : `10.${n}.0.0/16`
}

/** Section 3.2: key, third octet, AZ suffix, tier. */
export const SUBNET_LAYOUT = [
  {key: 'public-1a', third: 1, azSuffix: 'a', tier: 'public'},
  {key: 'public-1c', third: 2, azSuffix: 'c', tier: 'public'},
  {key: 'public-1d', third: 3, azSuffix: 'd', tier: 'public'},
  {key: 'private-1a', third: 11, azSuffix: 'a', tier: 'private'},
  {key: 'private-1c', third: 12, azSuffix: 'c', tier: 'private'},
  {key: 'private-1d', third: 13, azSuffix: 'd', tier: 'private'},
] as const

export const DESIGN = {
  eksVersion: '1.28',
  eksLogTypes: ['api', 'audit', 'authenticator'],
  fargateProfiles: [
    {name: 'default', requirement: 'fargate.default', namespaces: ['default', 'kube-system']},
    {name: 'application', requirement: 'fargate.application', namespaces: ['app']},
    {name: 'mlops', requirement: 'fargate.mlops', namespaces: ['mlops']},
  ],
  workloads: [
    {name: 'api', requirement: 'workload.api', cpu: '500m', memory: '1Gi', replicas: 3},
    {name: 'ml', requirement: 'workload.ml', cpu: '2000m', memory: '4Gi', replicas: 2},
    {name: 'worker', requirement: 'workload.worker', cpu: '1000m', memory: '2Gi', replicas: 3},
  ],
  rds: {
    // Aurora MySQL 3 is MySQL 8.0; the design fixes only the major version.
    engineVersion: '8.0.mysql_aurora.3.08.0',
    instanceClass: 'db.r6g.large',
    instances: 2,
    backupRetentionDays: 35,
    /** Sunday 04:00-05:00 JST. */
    maintenanceWindowJst: 'sun:04:00-sun:05:00',
    /** Decision: 03:00-04:00 JST, the hour before maintenance, so the two never overlap. */
    backupWindow: '18:00-19:00',
    parameters: [
      {name: 'character_set_server', value: 'utf8mb4', requirement: 'rds.param.character-set-server'},
      {name: 'time_zone', value: 'Asia/Tokyo', requirement: 'rds.param.time-zone'},
      {name: 'max_connections', value: '1000', requirement: 'rds.param.max-connections'},
      {name: 'slow_query_log', value: '1', requirement: 'rds.param.slow-query-log'},
      {name: 'long_query_time', value: '1', requirement: 'rds.param.long-query-time'},
    ],
    logExports: ['audit', 'error', 'slowquery'],
  },
  ecrRepositories: ['api', 'ml', 'worker'] satisfies Workload[],
  cloudfront: {
    cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    cachePolicyName: 'Managed-CachingOptimized',
    priceClass: 'PriceClass_200',
    minimumProtocolVersion: 'TLSv1.2_2021',
    // Beyond the design (issue 10): the API behind CloudFront. Managed policy ids from
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
    // (CachingDisabled) and .../using-managed-origin-request-policies.html (AllViewerExceptHostHeader:
    // every viewer value but Host, so the ALB sees the origin name its certificate covers).
    api: {
      pathPattern: '/api/*',
      cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      originRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    },
  },
  waf: {
    managedRuleGroups: [
      {name: 'AWSManagedRulesCommonRuleSet', requirement: 'waf.common'},
      {name: 'AWSManagedRulesKnownBadInputsRuleSet', requirement: 'waf.bad-inputs'},
      {name: 'AWSManagedRulesSQLiRuleSet', requirement: 'waf.sqli'},
    ],
    rateLimit: 1000,
    rateWindowSeconds: 300,
  },
  albSslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  veleroRetentionDays: 30,
  flowLogRetentionDays: 365,
  cost: {eks: 500, aurora: 400, alb: 50, nat: 150, s3: 15, cloudfront: 100, total: 1215},
} as const
