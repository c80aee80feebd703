import {z} from 'zod'
import {isCidr, isNetworkAddress} from './cidr.js'
import {DAILY_WINDOW_RE, WEEKLY_WINDOW_RE} from './windows.js'

/** CloudWatch Logs accepts only these retention values (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const

import {SUBNET_KEYS} from '../resources.js'

export {SUBNET_KEYS}

const cidr = z
  .string()
  .refine(isCidr, {message: 'must be an IPv4 CIDR such as 10.2.0.0/16'})
  .refine(isNetworkAddress, {message: 'must be a network address (host bits zero), as AWS requires'})

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as ap-northeast-3')

const subnetOverride = z.strictObject({
  cidr: cidr.optional(),
  az: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone such as ap-northeast-1a')
    .optional(),
})

/** Everything a configuration may change for one environment. Each key is a "knob" that `design show` traces. */
export const envOverrideSchema = z.strictObject({
  vpcCidr: cidr
    .refine((c) => c.endsWith('/16'), {message: 'must be a /16, as the design derives /24 subnets from it'})
    .optional(),
  subnets: z.partialRecord(z.enum(SUBNET_KEYS), subnetOverride).optional(),
  natGateways: z.number().int().min(1).max(3).optional(),
  eksVersion: z
    .string()
    .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version such as 1.31')
    .optional(),
  eksPublicAccessCidrs: z.array(cidr).min(1).optional(),
  /**
   * EKS upgradePolicy.supportType. API-created clusters default to EXTENDED (billed):
   * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html
   */
  eksSupportType: z.enum(['STANDARD', 'EXTENDED']).optional(),
  /**
   * IAM roles given cluster admin through EKS access entries (AmazonEKSClusterAdminPolicy,
   * cluster scope). Without them only the identity that created the cluster can use it.
   */
  clusterAdminRoleArns: z
    .array(z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN'))
    .max(20)
    .optional(),
  /**
   * The AWS account this environment lives in (like Terraform's allowed_account_ids): provision
   * refuses any other caller account; prod refuses to run without one.
   */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id such as 123456789012')
    .optional(),
  /**
   * Many accounts (issue 13): the role to assume for this environment (STS AssumeRole), with the
   * external id the role's trust policy requires and the session name CloudTrail shows.
   * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
   */
  roleArn: z
    .string()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN')
    .optional(),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters: letters, digits and +=,.@:/-')
    .optional(),
  sessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, 'must be 2-64 characters: letters, digits and +=,.@-')
    .optional(),
  rdsInstanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.r6g.large')
    .optional(),
  rdsInstances: z.number().int().min(1).max(15).optional(),
  rdsEngineVersion: z
    .string()
    .regex(/^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/, 'must be an Aurora MySQL 3 version such as 8.0.mysql_aurora.3.08.0')
    .optional(),
  backupRetentionDays: z.number().int().min(1).max(35).optional(),
  maintenanceWindow: z
    .string()
    .regex(WEEKLY_WINDOW_RE, 'must be a UTC window ddd:hh:mm-ddd:hh:mm such as sat:19:00-sat:20:00')
    .optional(),
  backupWindow: z.string().regex(DAILY_WINDOW_RE, 'must be a UTC window hh:mm-hh:mm such as 18:00-19:00').optional(),
  deletionProtection: z.boolean().optional(),
  flowLogRetentionDays: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d))).optional(),
  priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).optional(),
  wafRateLimit: z.number().int().min(10).max(2_000_000_000).optional(),
  /** Beyond the design: an asymmetric KMS key that signs evidence bundles. */
  evidenceSigningKey: z.boolean().optional(),
  /** The API's path behind CloudFront: every method, never cached (issue 10: POSTs and queries must reach it). */
  apiPathPattern: z
    .string()
    .regex(/^\/[A-Za-z0-9_\-./*]{1,254}$/, 'must be a CloudFront path pattern such as /api/*')
    .optional(),
  /**
   * Hardening beyond the design's table (issue 10): the ALB admits only CloudFront's origin-facing
   * prefix list, so nobody reaches it around the web ACL.
   */
  albOriginLockdown: z.boolean().optional(),
  /**
   * Hardening beyond the design (issue 15, off by default): AWS Backup takes a daily recovery
   * point of the Aurora cluster into a vault with a vault lock and copies it to a locked vault in
   * the DR region: a copy outside the primary region (8.1) that nobody can delete early (MHLW).
   */
  auroraDrBackup: z.boolean().optional(),
  /**
   * The nightly audit runs in this environment's cluster (issue 13, off by default): provision
   * creates the runner's IRSA role (the generated read-only audit policy, plus write access to
   * the `auditRunner.store` prefix) and a Fargate profile for its namespace.
   */
  auditRunner: z.boolean().optional(),
  /** A Route 53 hosted zone of the domain: provision then creates the origin's DNS record itself. */
  hostedZoneId: z
    .string()
    // AWS's ids start with Z; moto's do not (IIXJ8YXDFYRHT3AWB37V24): both are upper-case alphanumerics.
    .regex(/^[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ')
    .optional(),
})

export const configSchema = z.strictObject({
  project: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{1,19}$/,
      'must be 2-20 characters: lower-case letters, digits and hyphens, starting with a letter',
    )
    .optional(),
  domain: z
    .string()
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a DNS domain such as example.com')
    .optional(),
  drRegion: region.optional(),
  bucketNamePrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{0,20}$/, 'must be lower-case letters, digits, dots, hyphens')
    .optional(),
  bucketNameSuffix: z
    .string()
    .regex(/^[a-z0-9.-]{0,20}$/, 'must be lower-case letters, digits, dots, hyphens')
    .optional(),
  environments: z
    .record(
      z.string().regex(/^[a-z][a-z0-9]{1,9}$/, 'environment names are 2-10 lower-case letters and digits'),
      envOverrideSchema,
    )
    .optional(),
  /**
   * The nightly audit run in the cluster (`platform manifests --component audit-runner`): its
   * CronJob schedule (UTC; default "0 18 * * *", 03:00 JST), the environments it audits (more
   * than one: an Indexed Job, one shard per pod), its container image and its --store.
   */
  auditRunner: z
    .strictObject({
      schedule: z
        .string()
        .regex(
          /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[\d*/,?A-Za-z-]+(\s+[\d*/,?A-Za-z-]+){4})$/,
          'must be a five-field cron schedule (UTC) such as "0 18 * * *", or @daily',
        )
        .optional(),
      environments: z
        .array(z.string().regex(/^[a-z][a-z0-9]{1,9}$/, 'environment names are 2-10 lower-case letters and digits'))
        .min(1)
        .max(500)
        .optional(),
      image: z
        .string()
        .regex(/^[\w.\-/:@]{1,255}$/, 'must be a container image reference')
        .optional(),
      store: z
        .string()
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://BUCKET/PREFIX')
        .optional(),
    })
    .optional(),
  /** Yen per US dollar for the JPY view of `platform cost` (`--jpy-rate` overrides it). */
  costJpyPerUsd: z.number().positive().max(10_000).optional(),
  /**
   * Keys `evidence verify` trusts without asking KMS: each the signing key's ARN (as KMS Sign
   * and GetPublicKey name it) and its public key (PEM, or base64 DER SubjectPublicKeyInfo).
   */
  evidenceTrustedKeys: z
    .array(
      z.strictObject({
        keyId: z.string().regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN'),
        publicKey: z.string().min(1).max(8192),
      }),
    )
    .optional(),
  /** Language of the reports people read (`--lang` overrides it): en (default) or ja. */
  lang: z.enum(['en', 'ja']).optional(),
  /**
   * `audit --notify slack|webhook`: Secrets Manager secrets (name or ARN) holding the webhook
   * URLs, when PLATFORM_SLACK_WEBHOOK_URL / PLATFORM_WEBHOOK_URL are not set. Names only: a URL
   * is a secret and belongs in neither the configuration nor the command line.
   */
  notifications: z
    .strictObject({
      slackWebhookSecret: z
        .string()
        .regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, 'must be a secret name or ARN')
        .optional(),
      webhookSecret: z
        .string()
        .regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, 'must be a secret name or ARN')
        .optional(),
    })
    .optional(),
})

export type PlatformConfig = z.infer<typeof configSchema>
export type EnvOverride = z.infer<typeof envOverrideSchema>
