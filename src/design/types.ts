import type {BucketRole, SecurityGroupKey, SubnetKey, Tier, Workload} from '../resources.js'

export type {Tier}

/** How the audit proves a requirement: a check against AWS, other requirements, or a person. */
export type Verification = {kind: 'aws'} | {kind: 'covered'; by: string[]} | {kind: 'manual'; reason: string}

export interface Requirement {
  id: string
  /** Section of the design document, e.g. "3.2". */
  section: string
  chapter: string
  text: string
  /** How the audit must judge it (the "Audit" column). */
  audit: string
  verification: Verification
}

/** A setting beyond the design that the tool provisions and the audit holds it to. */
export interface BaselineItem {
  id: string
  area: string
  text: string
}

export type EnvName = string

export interface SubnetDesign {
  /** Logical key from the design: public-1a ... private-1d. */
  key: SubnetKey
  requirement: string
  tier: Tier
  cidr: string
  az: string
}

/**
 * A security-group rule as the design writes it: protocol names, logical group keys. Before any
 * comparison, src/layers/sg-rules.ts brings design and live rules to one form (fromDesign, fromLive).
 */
export interface SgRule {
  protocol: 'tcp' | 'udp' | 'icmp' | 'all'
  fromPort: number
  toPort: number
  /** A CIDR, a logical security group key (alb, eks, rds), or an AWS-managed prefix list by name. */
  source: {cidr: string} | {group: SecurityGroupKey} | {prefixList: string}
  description: string
}

export interface SecurityGroupDesign {
  key: SecurityGroupKey
  name: string
  description: string
  ingress: SgRule[]
  egress: SgRule[]
  ingressRequirement: string
  egressRequirement: string
}

export interface FargateProfileDesign {
  name: string
  requirement: string
  namespaces: string[]
}

export interface WorkloadDesign {
  name: Workload
  requirement: string
  cpu: string
  memory: string
  replicas: number
}

export interface DbParameter {
  name: string
  value: string
  requirement: string
}

export interface LifecycleDesign {
  /** Days after which noncurrent versions expire (models). */
  noncurrentExpirationDays?: number
  /** Days after which current objects move to GLACIER (data). */
  transitionToGlacierDays?: number
  /** Days after which current objects expire (logs). */
  expirationDays?: number
}

export interface BucketDesign {
  role: BucketRole
  name: string
  encryption: 'aws:kms' | 'AES256'
  versioning: boolean
  lifecycle: LifecycleDesign
  replicate: boolean
  /** Replica bucket in the DR region, when replicate. */
  replicaName?: string
}

export interface ResolvedDesign {
  project: string
  env: EnvName
  region: string
  /** CloudFront, its certificate and the CLOUDFRONT-scope web ACL live here. */
  globalRegion: 'us-east-1'
  drRegion: string
  domain: string
  /** The account configured for this environment (environments.ENV.accountId), if any. */
  accountId?: string
  /** The role to assume for this environment (environments.ENV.roleArn, externalId, sessionName), if any. */
  assumeRole?: {roleArn: string; externalId?: string; sessionName?: string}
  tags: Record<string, string>
  vpc: {name: string; cidr: string; dnsHostnames: boolean; dnsSupport: boolean}
  subnets: SubnetDesign[]
  natGateways: number
  securityGroups: SecurityGroupDesign[]
  kms: {alias: string; rotation: boolean; drAlias: string; evidenceSigningAlias?: string}
  iam: {
    clusterRole: string
    podExecutionRole: string
    replicationRole: string
    veleroRole: string
    /** IRSA role of the AWS Load Balancer Controller (kube-system/aws-load-balancer-controller). */
    lbControllerRole: string
    flowLogsRole: string
  }
  eks: {
    name: string
    version: string
    endpointPrivate: boolean
    endpointPublic: boolean
    publicAccessCidrs: string[]
    /** upgradePolicy.supportType: STANDARD unless configured (EXTENDED is billed). */
    supportType: 'STANDARD' | 'EXTENDED'
    /** Roles with cluster admin through access entries (the cluster's authentication mode allows both). */
    adminRoleArns: string[]
    logTypes: string[]
    fargateProfiles: FargateProfileDesign[]
  }
  workloads: WorkloadDesign[]
  rds: {
    clusterId: string
    engine: 'aurora-mysql'
    engineVersion: string
    engineMajor: '8.0'
    instanceClass: string
    instances: number
    backupRetentionDays: number
    maintenanceWindow: string
    backupWindow: string
    deletionProtection: boolean
    logExports: string[]
    parameterGroup: string
    parameterFamily: string
    subnetGroup: string
    parameters: DbParameter[]
  }
  s3: {buckets: BucketDesign[]}
  /** One repository per workload, `{project}-{env}/{workload}`. */
  ecr: {repositories: {workload: Workload; name: string}[]}
  alb: {
    name: string
    targetGroup: string
    sslPolicy: string
    /** albOriginLockdown: only CloudFront's addresses, and only requests carrying the origin secret header. */
    originLockdown: boolean
    /** The Secrets Manager secret holding that header's value. */
    originSecretName: string
  }
  certificate: {domainName: string}
  cloudfront: {
    cachePolicyId: string
    cachePolicyName: string
    priceClass: string
    minimumProtocolVersion: string
    aliases: string[]
    /**
     * The name CloudFront connects to: covered by the ALB's `*.{domain}` certificate, an alias of
     * the ALB in DNS. The ALB's own name (*.elb.amazonaws.com) would fail CloudFront's TLS check.
     */
    originHostname: string
    /** A path behaviour for the API: all methods, not cached, every viewer header but Host forwarded. */
    api: {pathPattern: string; cachePolicyId: string; originRequestPolicyId: string}
  }
  /** Where the origin's DNS record is made; without a zone, provision prints it as a required step. */
  dns: {hostedZoneId?: string}
  waf: {
    name: string
    managedRuleGroups: {name: string; requirement: string}[]
    rateLimit: number
    rateWindowSeconds: number
  }
  velero: {bucket: string; retentionDays: number}
  /**
   * auroraDrBackup (beyond the design, off by default): AWS Backup takes a daily recovery point
   * of the Aurora cluster into a locked vault and copies it to a locked vault in the DR region.
   */
  backup: {
    enabled: boolean
    vault: string
    drVault: string
    plan: string
    role: string
    /** Recovery points kept, and the vault lock's minimum: the design's 35 days (8.3). */
    retentionDays: number
  }
  /**
   * environments.ENV.auditRunner (beyond the design, off by default): the nightly audit's IRSA
   * role and Fargate profile in this environment's cluster.
   */
  auditRunner: {
    enabled: boolean
    role: string
    profile: FargateProfileDesign
    namespace: string
    serviceAccount: string
    /** auditRunner.store: the evidence bucket and prefix the runner writes each night's run to. */
    store?: {bucket: string; prefix: string}
    /** environments.E.roleArn of every environment it audits in another account (auditRunner.environments). */
    assumeRoleArns: string[]
  }
  baseline: {flowLogRetentionDays: number; flowLogGroup: string; wafLogGroup: string}
  lockParameter: string
  /** Where each overridden knob came from, keyed by knob name. */
  overrides: Record<string, {value: unknown; source: string}>
}
