import {ConfigError, UsageError} from '../errors.js'
import {AUDIT_RUNNER_NAMESPACE, AUDIT_RUNNER_SERVICE_ACCOUNT, auditRunnerRoleName} from './audit-runner-names.js'
import {ownershipTags, resourceName} from '../aws/naming.js'
import {subnetOf} from './cidr.js'
import type {EnvOverride, PlatformConfig} from './config-schema.js'
import {
  DEFAULT_DOMAIN,
  DEFAULT_DR_REGION,
  DEFAULT_PROJECT,
  DESIGN,
  PRIMARY_REGION,
  STANDARD_ENVS,
  SUBNET_LAYOUT,
  defaultVpcCidr,
} from './defaults.js'
import type {BucketDesign, ResolvedDesign, SecurityGroupDesign, SubnetDesign} from './types.js'
import {jstWeeklyToUtc} from './windows.js'

export function knownEnvironments(config: PlatformConfig): string[] {
  return [...new Set([...STANDARD_ENVS, ...Object.keys(config.environments ?? {})])]
}

/** The design for one environment: defaults, then the configuration's overrides, each traced. */
export function resolveDesign(config: PlatformConfig, env: string, configFile?: string): ResolvedDesign {
  const envs = knownEnvironments(config)
  if (!envs.includes(env)) {
    throw new UsageError(
      `Unknown environment "${env}". Valid environments: ${envs.join(', ')}.`,
      'Pass one of them with --env, or add it under `environments:` in platform.config.yaml with a vpcCidr.',
    )
  }
  const o: EnvOverride = config.environments?.[env] ?? {}
  const overrides = traceOverrides(config, env, configFile ?? 'platform.config.yaml')

  const project = config.project ?? DEFAULT_PROJECT
  const name = (component: string) => resourceName(project, env, component)
  const bucket = (role: string) => `${config.bucketNamePrefix ?? ''}${name(role)}${config.bucketNameSuffix ?? ''}`
  const domain = config.domain ?? DEFAULT_DOMAIN
  const drRegion = config.drRegion ?? DEFAULT_DR_REGION
  // crossFieldIssues in config.ts guarantees a VPC for every configured environment.
  const vpcCidr = o.vpcCidr ?? defaultVpcCidr(env)!

  return {
    project,
    env,
    region: PRIMARY_REGION,
    globalRegion: 'us-east-1',
    drRegion,
    domain,
    ...(o.accountId ? {accountId: o.accountId} : {}),
    ...(o.roleArn ? {assumeRole: {roleArn: o.roleArn, externalId: o.externalId, sessionName: o.sessionName}} : {}),
    tags: ownershipTags(project, env),
    vpc: {name: name('vpc'), cidr: vpcCidr, dnsHostnames: true, dnsSupport: true},
    subnets: subnetsOf(vpcCidr, o),
    natGateways: o.natGateways ?? 3,
    securityGroups: securityGroups(name, o.albOriginLockdown === true),
    kms: {
      alias: `alias/${project}-${env}`,
      rotation: true,
      drAlias: `alias/${project}-${env}-dr`,
      ...(o.evidenceSigningKey ? {evidenceSigningAlias: `alias/${project}-${env}-evidence-signing`} : {}),
    },
    iam: {
      clusterRole: name('eks-cluster-role'),
      podExecutionRole: name('fargate-pod-execution-role'),
      replicationRole: name('s3-replication-role'),
      veleroRole: name('velero-role'),
      lbControllerRole: name('lb-controller-role'),
      flowLogsRole: name('flow-logs-role'),
    },
    eks: {
      name: name('eks'),
      version: o.eksVersion ?? DESIGN.eksVersion,
      endpointPrivate: true,
      endpointPublic: true,
      publicAccessCidrs: o.eksPublicAccessCidrs ?? ['0.0.0.0/0'],
      supportType: o.eksSupportType ?? 'STANDARD',
      adminRoleArns: [...(o.clusterAdminRoleArns ?? [])],
      logTypes: [...DESIGN.eksLogTypes],
      fargateProfiles: DESIGN.fargateProfiles.map((p) => ({...p, namespaces: [...p.namespaces]})),
    },
    workloads: DESIGN.workloads.map((w) => ({...w})),
    rds: rdsDesign(name, env, o),
    s3: {buckets: bucketDesigns(bucket)},
    ecr: {repositories: DESIGN.ecrRepositories.map((workload) => ({workload, name: `${project}-${env}/${workload}`}))},
    alb: {
      name: name('alb'),
      targetGroup: name('api-tg'),
      sslPolicy: DESIGN.albSslPolicy,
      originLockdown: o.albOriginLockdown === true,
      originSecretName: `platform/${project}-${env}/origin-verify`,
    },
    certificate: {domainName: `*.${domain}`},
    cloudfront: {
      cachePolicyId: DESIGN.cloudfront.cachePolicyId,
      cachePolicyName: DESIGN.cloudfront.cachePolicyName,
      priceClass: o.priceClass ?? DESIGN.cloudfront.priceClass,
      minimumProtocolVersion: DESIGN.cloudfront.minimumProtocolVersion,
      aliases: [env === 'prod' ? `app.${domain}` : `${env}.${domain}`],
      originHostname: `origin-${env}.${domain}`,
      api: {
        pathPattern: o.apiPathPattern ?? DESIGN.cloudfront.api.pathPattern,
        cachePolicyId: DESIGN.cloudfront.api.cachePolicyId,
        originRequestPolicyId: DESIGN.cloudfront.api.originRequestPolicyId,
      },
    },
    dns: {hostedZoneId: o.hostedZoneId},
    waf: {
      name: name('web-acl'),
      managedRuleGroups: DESIGN.waf.managedRuleGroups.map((g) => ({...g})),
      rateLimit: o.wafRateLimit ?? DESIGN.waf.rateLimit,
      rateWindowSeconds: DESIGN.waf.rateWindowSeconds,
    },
    velero: {bucket: bucket('velero'), retentionDays: DESIGN.veleroRetentionDays},
    backup: {
      enabled: o.auroraDrBackup === true,
      vault: name('backup-vault'),
      drVault: name('backup-vault-dr'),
      plan: name('backup-plan'),
      role: name('backup-role'),
      retentionDays: o.backupRetentionDays ?? DESIGN.rds.backupRetentionDays,
    },
    auditRunner: auditRunnerDesign(config, env, project, configFile ?? 'platform.config.yaml'),
    baseline: {
      flowLogRetentionDays: o.flowLogRetentionDays ?? DESIGN.flowLogRetentionDays,
      flowLogGroup: `/platform/${project}-${env}/vpc-flow-logs`,
      wafLogGroup: `aws-waf-logs-${project}-${env}`,
    },
    lockParameter: `/platform/${project}/${env}/provision-lock`,
    overrides,
  }
}

/**
 * CloudFront's origin-facing addresses, as AWS maintains them
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list).
 * It counts as 55 rules against the group's rule quota (60 by default).
 */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing'

function securityGroups(name: (c: string) => string, albLockdown: boolean): SecurityGroupDesign[] {
  const allOut = [
    {protocol: 'all' as const, fromPort: -1, toPort: -1, source: {cidr: '0.0.0.0/0'}, description: 'All outbound'},
  ]
  return [
    {
      key: 'alb',
      name: name('alb-sg'),
      description: 'ALB: HTTPS from the internet',
      ingress: [
        albLockdown
          ? {
              protocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              source: {prefixList: CLOUDFRONT_ORIGIN_FACING},
              description: 'HTTPS from CloudFront only',
            }
          : {protocol: 'tcp', fromPort: 443, toPort: 443, source: {cidr: '0.0.0.0/0'}, description: 'HTTPS'},
      ],
      egress: allOut,
      ingressRequirement: 'sg.alb.ingress',
      egressRequirement: 'sg.alb.egress',
    },
    {
      key: 'eks',
      name: name('eks-sg'),
      description: 'EKS: API from the ALB, kubelet within',
      ingress: [
        {protocol: 'tcp', fromPort: 443, toPort: 443, source: {group: 'alb'}, description: 'API from ALB'},
        {protocol: 'tcp', fromPort: 10250, toPort: 10250, source: {group: 'eks'}, description: 'Kubelet'},
      ],
      egress: allOut,
      ingressRequirement: 'sg.eks.ingress',
      egressRequirement: 'sg.eks.egress',
    },
    {
      key: 'rds',
      name: name('rds-sg'),
      description: 'RDS: MySQL from EKS only',
      ingress: [{protocol: 'tcp', fromPort: 3306, toPort: 3306, source: {group: 'eks'}, description: 'MySQL from EKS'}],
      egress: allOut,
      ingressRequirement: 'sg.rds.ingress',
      egressRequirement: 'sg.rds.egress',
    },
  ]
}

/** Where each overridden knob came from (`design show` marks it), keyed by knob name. */
function traceOverrides(config: PlatformConfig, env: string, file: string): ResolvedDesign['overrides'] {
  const overrides: ResolvedDesign['overrides'] = {}
  const trace = (knob: string, value: unknown, path: string) => {
    if (value !== undefined) overrides[knob] = {value, source: `${file}: ${path}`}
  }
  for (const top of ['project', 'domain', 'drRegion', 'bucketNamePrefix', 'bucketNameSuffix'] as const)
    trace(top, config[top], top)
  for (const [knob, value] of Object.entries(config.environments?.[env] ?? {})) {
    if (knob !== 'subnets') trace(knob, value, `environments.${env}.${knob}`)
  }
  for (const [key, s] of Object.entries(config.environments?.[env]?.subnets ?? {}))
    trace(`subnets.${key}`, s, `environments.${env}.subnets.${key}`)
  return overrides
}

/** Section 3.2: /24s of the VPC in the layout's third octets, one public and one private per AZ. */
function subnetsOf(vpcCidr: string, o: EnvOverride): SubnetDesign[] {
  return SUBNET_LAYOUT.map((l) => ({
    key: l.key,
    requirement: `subnet.${l.key}`,
    tier: l.tier,
    cidr: o.subnets?.[l.key]?.cidr ?? subnetOf(vpcCidr, l.third),
    az: o.subnets?.[l.key]?.az ?? `${PRIMARY_REGION}${l.azSuffix}`,
  }))
}

/** Section 5: Aurora MySQL 8.0, windows in UTC. */
function rdsDesign(name: (component: string) => string, env: string, o: EnvOverride): ResolvedDesign['rds'] {
  return {
    clusterId: name('aurora'),
    engine: 'aurora-mysql',
    engineVersion: o.rdsEngineVersion ?? DESIGN.rds.engineVersion,
    engineMajor: '8.0',
    instanceClass: o.rdsInstanceClass ?? DESIGN.rds.instanceClass,
    instances: o.rdsInstances ?? DESIGN.rds.instances,
    backupRetentionDays: o.backupRetentionDays ?? DESIGN.rds.backupRetentionDays,
    maintenanceWindow: o.maintenanceWindow ?? jstWeeklyToUtc(DESIGN.rds.maintenanceWindowJst),
    backupWindow: o.backupWindow ?? DESIGN.rds.backupWindow,
    // Decision: deletion protection on in prod; elsewhere off so `platform destroy` works.
    deletionProtection: o.deletionProtection ?? env === 'prod',
    logExports: [...DESIGN.rds.logExports],
    parameterGroup: name('aurora-mysql80'),
    parameterFamily: 'aurora-mysql8.0',
    subnetGroup: name('db-subnets'),
    parameters: DESIGN.rds.parameters.map((p) => ({...p})),
  }
}

/** Section 6: models and data (SSE-KMS, versioned, replicated), logs (SSE-S3, 90-day expiry). */
function bucketDesigns(bucket: (role: string) => string): BucketDesign[] {
  return [
    {
      role: 'models',
      name: bucket('models'),
      encryption: 'aws:kms',
      versioning: true,
      lifecycle: {noncurrentExpirationDays: 90},
      replicate: true,
      replicaName: bucket('models-dr'),
    },
    {
      role: 'data',
      name: bucket('data'),
      encryption: 'aws:kms',
      versioning: true,
      lifecycle: {transitionToGlacierDays: 365},
      replicate: true,
      replicaName: bucket('data-dr'),
    },
    {
      role: 'logs',
      name: bucket('logs'),
      encryption: 'AES256',
      versioning: false,
      lifecycle: {expirationDays: 90},
      replicate: false,
    },
  ]
}

/**
 * The in-cluster audit runner (environments.ENV.auditRunner). Its namespace and service account
 * are those `platform manifests --component audit-runner` prints; the store and the roles to
 * assume come from the top-level auditRunner section. A runner that could not store its runs
 * would audit into the void: enabling it without auditRunner.store is a configuration error.
 */
function auditRunnerDesign(
  config: PlatformConfig,
  env: string,
  project: string,
  file: string,
): ResolvedDesign['auditRunner'] {
  const enabled = config.environments?.[env]?.auditRunner === true
  const store = config.auditRunner?.store?.match(/^s3:\/\/([^/]+)\/?(.*)$/)
  if (enabled && !store)
    throw new ConfigError(
      `environments.${env}.auditRunner needs auditRunner.store: the bucket and prefix the nightly runs are written to.`,
      file,
      [{path: 'auditRunner.store', message: 'required when an environment sets auditRunner: true'}],
    )
  const audited = config.auditRunner?.environments ?? [env]
  return {
    enabled,
    role: auditRunnerRoleName({project, env}),
    profile: {name: 'audit-runner', requirement: 'baseline.ops.audit-runner', namespaces: [AUDIT_RUNNER_NAMESPACE]},
    namespace: AUDIT_RUNNER_NAMESPACE,
    serviceAccount: AUDIT_RUNNER_SERVICE_ACCOUNT,
    ...(store ? {store: {bucket: store[1]!, prefix: store[2]!.replace(/\/+$/, '')}} : {}),
    assumeRoleArns: [
      ...new Set(audited.map((e) => config.environments?.[e]?.roleArn).filter((a): a is string => !!a)),
    ].sort(),
  }
}
