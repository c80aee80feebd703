import {translator, type Lang, type Translate} from '../i18n/index.js'
import {BASELINE} from './baseline.js'
import {DESIGN} from './defaults.js'
import {workloadNamespace} from './manifests.js'
import {REQUIREMENTS} from './requirements.js'
import type {ResolvedDesign} from './types.js'

export interface DesignItem {
  requirement: string
  value: unknown
  /** "design", "decision" (the project's choice where the design is silent) or the config file and path that overrode it. */
  source: string
  /** Which decision of DECISIONS the value follows, when the design is silent and nothing overrode it. */
  decision?: Decision
}

/**
 * The decisions where the design is silent (requirements.md, "Decisions where the design is
 * silent"), in the order `design show` numbers them; each has its note in messages/design.ts.
 */
export const DECISIONS = [
  'windows',
  'global-region',
  'kms-key',
  'multi-az',
  'rate-limit',
  'replication',
  'velero',
] as const
export type Decision = (typeof DECISIONS)[number]

export interface DesignSection {
  section: string
  chapter: string
  items: (DesignItem & {text: string})[]
}

export interface DesignView {
  env: string
  project: string
  regions: {primary: string; global: string; dr: string}
  sections: DesignSection[]
  /** Additions beyond the design (the security baseline), listed apart. */
  baseline: (DesignItem & {text: string})[]
  /** Where AWS does not do what a design table says on its own: how the design maps to AWS, and what makes it hold. */
  awsMappings: AwsMapping[]
  overrides: ResolvedDesign['overrides']
}

export interface AwsMapping {
  requirements: string[]
  /** What the design's table says. */
  design: string
  /** What AWS does with it as built. */
  aws: string
  /** What makes the design hold, and where it comes from. */
  howItHolds: string
  source: string[]
}

/**
 * Section 3.3 names an EKS security group for the pods, but Fargate pods get the cluster
 * security group EKS creates unless a SecurityGroupPolicy applies (research section 7).
 */
function awsMappings(d: ResolvedDesign, lang: Lang): AwsMapping[] {
  const t = translator(lang)
  const eks = d.securityGroups.find((g) => g.key === 'eks')!.name
  const rds = d.securityGroups.find((g) => g.key === 'rds')!.name
  const alb = d.securityGroups.find((g) => g.key === 'alb')!.name
  const namespaces = [...new Set(d.workloads.map((w) => workloadNamespace(w.name)))].join(', ')
  const fromAlb = d.securityGroups
    .find((g) => g.key === 'eks')!
    .ingress.filter((r) => 'group' in r.source && r.source.group === 'alb')
    .map((r) => `${r.protocol}/${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`)
    .join(', ')
  return [
    {
      requirements: ['sg.eks.ingress', 'sg.eks.egress', 'sg.rds.ingress', 'sg.alb.egress'],
      design: t('design:mapping.sg.design', {eks, rds, fromAlb, alb}),
      aws: t('design:mapping.sg.aws', {cluster: d.eks.name, eks}),
      howItHolds: t('design:mapping.sg.holds', {namespaces, eks}),
      source: [
        'https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html',
        'https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html',
      ],
    },
    {
      requirements: ['arch.edge'],
      design: t('design:mapping.tg.design', {alb: d.alb.name, targetGroup: d.alb.targetGroup}),
      aws: t('design:mapping.tg.aws'),
      howItHolds: t('design:mapping.tg.holds', {role: d.iam.lbControllerRole}),
      source: [
        'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/',
      ],
    },
    {
      requirements: ['fargate.default'],
      design: t('design:mapping.dns.design'),
      aws: t('design:mapping.dns.aws'),
      howItHolds: t('design:mapping.dns.holds'),
      source: ['https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html'],
    },
  ]
}

// `t` words the few values that are prose rather than data, for the Japanese text (JSON stays English).
type Entry = [value: (d: ResolvedDesign, t: Translate) => unknown, knobs?: string[], decision?: Decision]

const sgRules = (d: ResolvedDesign, key: string, dir: 'ingress' | 'egress') =>
  d.securityGroups.find((g) => g.key === key)![dir]
const bucket = (d: ResolvedDesign, role: string) => d.s3.buckets.find((b) => b.role === role)!
// By requirement, not position: the baseline's audit parameters sit among the design's five,
// and by position long_query_time showed server_audit_logging.
const param = (id: string): Entry => [(d) => d.rds.parameters.find((p) => p.requirement === id)]
const subnet = (key: string): Entry => [(d) => d.subnets.find((s) => s.key === key), [`subnets.${key}`, 'vpcCidr']]

/** The value each requirement takes in the resolved design, and the knobs that can change it. */
const VALUES: Record<string, Entry> = {
  region: [(d) => d.region],
  environments: [(d) => d.env],
  'principle.availability': [() => '99.9 %'],
  'principle.security': [(_, t) => t('design:value.principle-security')],
  'arch.edge': [
    (d) => ({
      cloudfront: d.cloudfront.aliases,
      waf: d.waf.name,
      alb: d.alb.name,
      eks: d.eks.name,
      aurora: d.rds.clusterId,
    }),
  ],
  'arch.workloads': [(d) => d.ecr.repositories.map((r) => r.name)],
  'env.cidr': [(d) => d.vpc.cidr, ['vpcCidr']],
  'vpc.cidr': [(d) => d.vpc.cidr, ['vpcCidr']],
  'vpc.dns-hostnames': [(d) => d.vpc.dnsHostnames],
  'vpc.dns-support': [(d) => d.vpc.dnsSupport],
  'subnet.public-1a': subnet('public-1a'),
  'subnet.public-1c': subnet('public-1c'),
  'subnet.public-1d': subnet('public-1d'),
  'subnet.private-1a': subnet('private-1a'),
  'subnet.private-1c': subnet('private-1c'),
  'subnet.private-1d': subnet('private-1d'),
  'sg.alb.ingress': [(d) => sgRules(d, 'alb', 'ingress')],
  'sg.alb.egress': [(d) => sgRules(d, 'alb', 'egress')],
  'sg.eks.ingress': [(d) => sgRules(d, 'eks', 'ingress')],
  'sg.eks.egress': [(d) => sgRules(d, 'eks', 'egress')],
  'sg.rds.ingress': [(d) => sgRules(d, 'rds', 'ingress')],
  'sg.rds.egress': [(d) => sgRules(d, 'rds', 'egress')],
  'eks.version': [(d) => d.eks.version, ['eksVersion']],
  'eks.name': [(d) => d.eks.name, ['project']],
  'eks.endpoint': [(d) => ({private: d.eks.endpointPrivate, public: d.eks.endpointPublic})],
  'eks.logging': [(d) => d.eks.logTypes],
  'fargate.default': [(d) => d.eks.fargateProfiles[0]],
  'fargate.application': [(d) => d.eks.fargateProfiles[1]],
  'fargate.mlops': [(d) => d.eks.fargateProfiles[2]],
  'workload.api': [(d) => d.workloads[0]],
  'workload.ml': [(d) => d.workloads[1]],
  'workload.worker': [(d) => d.workloads[2]],
  'rds.engine': [(d) => ({engine: d.rds.engine, version: d.rds.engineVersion}), ['rdsEngineVersion']],
  'rds.instance-class': [(d) => d.rds.instanceClass, ['rdsInstanceClass']],
  'rds.multi-az': [
    (d) => ({instances: d.rds.instances, distinctAzs: Math.min(d.rds.instances, 2)}),
    ['rdsInstances'],
    'multi-az',
  ],
  'rds.encryption': [(d) => ({storageEncrypted: true, kmsKey: d.kms.alias}), [], 'kms-key'],
  'rds.backup-retention': [(d) => d.rds.backupRetentionDays, ['backupRetentionDays']],
  'rds.maintenance-window': [
    (d) => ({utc: d.rds.maintenanceWindow, jst: DESIGN.rds.maintenanceWindowJst, backupWindowUtc: d.rds.backupWindow}),
    ['maintenanceWindow', 'backupWindow'],
    'windows',
  ],
  'rds.param.character-set-server': param('rds.param.character-set-server'),
  'rds.param.time-zone': param('rds.param.time-zone'),
  'rds.param.max-connections': param('rds.param.max-connections'),
  'rds.param.slow-query-log': param('rds.param.slow-query-log'),
  'rds.param.long-query-time': param('rds.param.long-query-time'),
  's3.models.encryption': [
    (d) => ({bucket: bucket(d, 'models').name, sse: 'aws:kms', key: d.kms.alias}),
    ['bucketNamePrefix', 'bucketNameSuffix'],
    'kms-key',
  ],
  's3.models.versioning': [(d) => (bucket(d, 'models').versioning ? 'Enabled' : 'Disabled')],
  's3.data.encryption': [
    (d) => ({bucket: bucket(d, 'data').name, sse: 'aws:kms', key: d.kms.alias}),
    ['bucketNamePrefix', 'bucketNameSuffix'],
    'kms-key',
  ],
  's3.data.versioning': [(d) => (bucket(d, 'data').versioning ? 'Enabled' : 'Disabled')],
  's3.logs.encryption': [
    (d) => ({bucket: bucket(d, 'logs').name, sse: 'AES256'}),
    ['bucketNamePrefix', 'bucketNameSuffix'],
  ],
  's3.logs.versioning': [(d) => (bucket(d, 'logs').versioning ? 'Enabled' : 'Disabled')],
  's3.models.lifecycle': [(d) => bucket(d, 'models').lifecycle],
  's3.data.lifecycle': [(d) => bucket(d, 'data').lifecycle],
  's3.logs.lifecycle': [(d) => bucket(d, 'logs').lifecycle],
  'cloudfront.origin': [(d) => ({origin: d.alb.name, protocol: 'https-only'})],
  'cloudfront.certificate': [
    (d) => ({domainName: d.certificate.domainName, region: d.globalRegion}),
    ['domain'],
    'global-region',
  ],
  'cloudfront.cache-policy': [(d) => ({id: d.cloudfront.cachePolicyId, name: d.cloudfront.cachePolicyName})],
  'cloudfront.price-class': [(d) => d.cloudfront.priceClass, ['priceClass']],
  'waf.common': [(d) => ({ruleGroup: d.waf.managedRuleGroups[0]!.name, action: 'Block'})],
  'waf.bad-inputs': [(d) => ({ruleGroup: d.waf.managedRuleGroups[1]!.name, action: 'Block'})],
  'waf.sqli': [(d) => ({ruleGroup: d.waf.managedRuleGroups[2]!.name, action: 'Block'})],
  'waf.rate-limit': [
    (d) => ({limit: d.waf.rateLimit, windowSeconds: d.waf.rateWindowSeconds, aggregateKey: 'IP', action: 'Block'}),
    ['wafRateLimit'],
    'rate-limit',
  ],
  'waf.attached': [(d) => ({webAcl: d.waf.name, scope: 'CLOUDFRONT', region: d.globalRegion}), [], 'global-region'],
  'dr.targets': [() => ({availability: '99.9 %', rpo: '1 h', rto: '4 h'})],
  'ha.alb': [() => ({azs: 3, subnets: ['public-1a', 'public-1c', 'public-1d']})],
  'ha.eks': [() => ({azs: 3, subnets: ['private-1a', 'private-1c', 'private-1d']})],
  'ha.aurora': [(d) => ({instances: d.rds.instances, failover: 'automatic'}), ['rdsInstances']],
  'ha.nat': [(d) => d.natGateways, ['natGateways']],
  'backup.aurora': [
    (d) => ({retentionDays: d.rds.backupRetentionDays, window: d.rds.backupWindow}),
    ['backupRetentionDays', 'backupWindow'],
    'windows',
  ],
  'backup.s3-replication': [
    (d) => ({
      drRegion: d.drRegion,
      buckets: d.s3.buckets.filter((b) => b.replicate).map((b) => `${b.name} -> ${b.replicaName}`),
    }),
    ['drRegion'],
    'replication',
  ],
  'backup.eks-velero': [
    (d, t) => ({
      bucket: d.velero.bucket,
      retentionDays: d.velero.retentionDays,
      schedule: t('design:value.velero-schedule'),
    }),
    [],
    'velero',
  ],
  'cost.monthly': [() => DESIGN.cost],
  'cost.optimisation': [
    (_, t) => (['savings-plans', 'spot', 'tiering', 'cleanup'] as const).map((k) => t(`design:value.cost.${k}`)),
  ],
}

const BASELINE_VALUES: Record<string, (d: ResolvedDesign) => unknown> = {
  'baseline.vpc.flow-logs': (d) => ({
    traffic: 'ALL',
    logGroup: d.baseline.flowLogGroup,
    retentionDays: d.baseline.flowLogRetentionDays,
  }),
  'baseline.rds.deletion-protection': (d) => d.rds.deletionProtection,
  'baseline.rds.log-exports': (d) => d.rds.logExports,
  'baseline.rds.audit-logging': (d) =>
    d.rds.parameters.filter((p) => p.requirement === 'baseline.rds.audit-logging').map((p) => `${p.name}=${p.value}`),
  'baseline.eks.public-endpoint-cidrs': (d) => d.eks.publicAccessCidrs,
  'baseline.alb.https-only': (d) => ({sslPolicy: d.alb.sslPolicy, http: 'redirect to https'}),
  'baseline.cloudfront.viewer-https': (d) => ({
    viewerProtocolPolicy: 'redirect-to-https',
    minimumProtocolVersion: d.cloudfront.minimumProtocolVersion,
  }),
  'baseline.waf.logging': (d) => d.baseline.wafLogGroup,
}
const BASELINE_KNOBS: Record<string, string[]> = {
  'baseline.vpc.flow-logs': ['flowLogRetentionDays'],
  'baseline.rds.deletion-protection': ['deletionProtection'],
  'baseline.eks.public-endpoint-cidrs': ['eksPublicAccessCidrs'],
}

function sourceOf(d: ResolvedDesign, knobs: string[] = [], fallback: string): string {
  const hit = knobs.map((k) => d.overrides[k]).find((o) => o !== undefined)
  return hit ? hit.source : fallback
}

/**
 * The resolved design as `design show` presents it. `lang` only changes the prose of the AWS
 * mappings (for the Japanese text); the `--json` view is always built in English.
 */
export function designView(d: ResolvedDesign, lang: Lang = 'en'): DesignView {
  const t = translator(lang)
  const sections = new Map<string, DesignSection>()
  for (const r of REQUIREMENTS) {
    const entry = VALUES[r.id]
    if (!entry) throw new Error(`design show has no value for requirement ${r.id}`)
    const [value, knobs, decision] = entry
    const s = sections.get(r.section) ?? {section: r.section, chapter: r.chapter, items: []}
    const source = sourceOf(d, knobs, decision ? 'decision' : 'design')
    s.items.push({
      requirement: r.id,
      text: r.text,
      value: value(d, t),
      source,
      ...(decision && source === 'decision' ? {decision} : {}),
    })
    sections.set(r.section, s)
  }
  return {
    env: d.env,
    project: d.project,
    regions: {primary: d.region, global: d.globalRegion, dr: d.drRegion},
    sections: [...sections.values()],
    baseline: BASELINE.map((b) => ({
      requirement: b.id,
      text: b.text,
      value: BASELINE_VALUES[b.id]?.(d) ?? b.text,
      source: sourceOf(d, BASELINE_KNOBS[b.id], 'baseline'),
    })),
    awsMappings: awsMappings(d, lang),
    overrides: d.overrides,
  }
}
