import {overlaps, contains} from './cidr.js'
import {EKS_VERSIONS, creatableVersions, supportState} from './eks-versions.js'
import type {ResolvedDesign} from './types.js'
import {dailyDurationMinutes, windowsOverlap} from './windows.js'

export type LintLevel = 'error' | 'warning' | 'advisory'

export interface LintFinding {
  level: LintLevel
  code: string
  requirements: string[]
  message: string
}

export interface LintResult {
  env: string
  errors: number
  warnings: number
  advisories: number
  findings: LintFinding[]
}

type Rule = (d: ResolvedDesign, today: Date) => LintFinding[]

const finding =
  (level: LintLevel) =>
  (code: string, requirements: string[], message: string): LintFinding => ({level, code, requirements, message})
const error = finding('error')
const warning = finding('warning')
const advisory = finding('advisory')

/** Subnets inside the VPC and the region, disjoint, three AZs per tier (3.1-3.2). */
const subnetLayout: Rule = (d) => [
  ...d.subnets.flatMap((s) => [
    ...(contains(d.vpc.cidr, s.cidr)
      ? []
      : [
          error(
            'subnet-outside-vpc',
            [s.requirement, 'vpc.cidr'],
            `Subnet ${s.key} ${s.cidr} is outside the VPC ${d.vpc.cidr}.`,
          ),
        ]),
    ...(s.az.startsWith(d.region)
      ? []
      : [
          error(
            'subnet-az-region',
            [s.requirement, 'region'],
            `Subnet ${s.key} is in ${s.az}, outside the region ${d.region}.`,
          ),
        ]),
  ]),
  ...d.subnets.flatMap((a, i) =>
    d.subnets
      .slice(i + 1)
      .filter((b) => overlaps(a.cidr, b.cidr))
      .map((b) =>
        error(
          'subnets-overlap',
          [a.requirement, b.requirement],
          `Subnets ${a.key} (${a.cidr}) and ${b.key} (${b.cidr}) overlap.`,
        ),
      ),
  ),
  ...(['public', 'private'] as const).flatMap((tier) => {
    const azs = new Set(d.subnets.filter((s) => s.tier === tier).map((s) => s.az))
    return azs.size === 3
      ? []
      : [
          error(
            'subnet-azs',
            tier === 'public' ? ['ha.alb'] : ['ha.eks'],
            `The ${tier} subnets span ${azs.size} availability zone(s); the design needs three distinct ones.`,
          ),
        ]
  }),
]

/** What RDS and S3 refuse: overlapping or short windows, replication without versioning. */
const buildable: Rule = (d) => {
  const out: LintFinding[] = []
  if (windowsOverlap(d.rds.maintenanceWindow, d.rds.backupWindow))
    out.push(
      error(
        'backup-overlaps-maintenance',
        ['rds.maintenance-window', 'backup.aurora'],
        `The backup window ${d.rds.backupWindow} overlaps the maintenance window ${d.rds.maintenanceWindow} (both UTC).`,
      ),
    )
  const backupMinutes = dailyDurationMinutes(d.rds.backupWindow)
  if (backupMinutes !== undefined && backupMinutes < 30)
    out.push(
      error(
        'backup-window-short',
        ['backup.aurora'],
        `The backup window ${d.rds.backupWindow} is shorter than the 30 minutes RDS requires.`,
      ),
    )
  for (const b of d.s3.buckets.filter((x) => x.replicate && !x.versioning))
    out.push(
      error(
        'replication-needs-versioning',
        ['backup.s3-replication', `s3.${b.role}.versioning`],
        `Bucket ${b.name} replicates but is not versioned; S3 replication needs versioning on both sides.`,
      ),
    )
  return out
}

/** Overrides that weaken a requirement of the design (a dev environment may choose them). */
const weakened: Rule = (d) => [
  ...(d.natGateways < 3
    ? [
        warning(
          'nat-fewer-than-azs',
          ['ha.nat'],
          `${d.natGateways} NAT gateway(s) instead of one per AZ: private subnets of the other AZs route through another AZ's gateway.`,
        ),
      ]
    : []),
  ...(d.rds.instances < 2
    ? [
        warning(
          'aurora-single-instance',
          ['rds.multi-az', 'ha.aurora'],
          'Aurora runs one instance: no automatic failover to a second AZ.',
        ),
      ]
    : []),
  ...(d.rds.backupRetentionDays !== 35
    ? [
        warning(
          'backup-retention',
          ['rds.backup-retention'],
          `Backup retention ${d.rds.backupRetentionDays} days instead of the design's 35.`,
        ),
      ]
    : []),
  ...(d.env === 'prod' && !d.rds.deletionProtection
    ? [
        warning(
          'prod-deletion-protection',
          ['baseline.rds.deletion-protection'],
          'Aurora deletion protection is off in prod.',
        ),
      ]
    : []),
]

/** The EKS endpoint and version against AWS's support calendar. */
const eks: Rule = (d, today) => {
  const out: LintFinding[] = []
  if (d.eks.publicAccessCidrs.includes('0.0.0.0/0'))
    out.push(
      advisory(
        'eks-public-endpoint-open',
        ['eks.endpoint', 'baseline.eks.public-endpoint-cidrs'],
        "The public EKS endpoint admits 0.0.0.0/0; set eksPublicAccessCidrs to the operators' ranges.",
      ),
    )
  const state = supportState(d.eks.version, today)
  const end = EKS_VERSIONS.find((e) => e.version === d.eks.version)?.endOfExtendedSupport
  const requirements = ['eks.version', 'baseline.eks.supported-version']
  // An error, not an advisory: EKS refuses to create such a cluster (issue 10, section 1).
  if (state === 'unsupported')
    out.push(
      error(
        'eks-version-unsupported',
        requirements,
        `Kubernetes ${d.eks.version} is past the end of EKS extended support (${end}): AWS no longer creates such clusters and upgrades existing ones automatically. Set environments.${d.env}.eksVersion to one of ${creatableVersions(today).join(', ')}.`,
      ),
    )
  else if (state === 'extended')
    out.push(
      advisory(
        'eks-version-extended',
        requirements,
        `Kubernetes ${d.eks.version} is in EKS extended support (paid) until ${end}.`,
      ),
    )
  else if (state === 'unknown')
    out.push(
      advisory(
        'eks-version-unknown',
        ['eks.version'],
        `Kubernetes ${d.eks.version} is not in the tool's EKS support calendar.`,
      ),
    )
  return out
}

/** Where the tool goes beyond the design, or the design asks what AWS cannot do. */
const aboutTheDesign: Rule = (d) => {
  const out: LintFinding[] = []
  if (d.kms.evidenceSigningAlias)
    out.push(
      advisory(
        'evidence-signing-key',
        ['principle.security'],
        `The evidence signing key ${d.kms.evidenceSigningAlias} (asymmetric, ECC_NIST_P256) is outside the design: it exists to sign evidence bundles.`,
      ),
    )
  const logs = d.s3.buckets.find((b) => b.role === 'logs')
  if (logs && !logs.replicate)
    out.push(
      advisory(
        'logs-bucket-not-replicated',
        ['backup.s3-replication', 's3.logs.versioning', 's3.logs.lifecycle'],
        `The design asks every bucket to replicate, but ${logs.name} has versioning disabled (6.1) and a 90-day expiry (6.2): S3 cannot replicate it. Models and data replicate to ${d.drRegion}.`,
      ),
    )
  const albOpen = d.securityGroups
    .find((g) => g.key === 'alb')
    ?.ingress.some((r) => 'cidr' in r.source && r.source.cidr === '0.0.0.0/0')
  if (albOpen)
    out.push(
      advisory(
        'waf-bypass',
        ['sg.alb.ingress', 'waf.attached', 'baseline.waf.no-bypass'],
        "The ALB admits 443 from 0.0.0.0/0 (the design's table) while the web ACL sits on CloudFront only: anyone can call the ALB directly, around WAF. Set albOriginLockdown: true to admit only CloudFront (its origin-facing prefix list).",
      ),
    )
  out.push(
    advisory(
      'workloads-in-cluster',
      ['workload.api', 'workload.ml', 'workload.worker', 'backup.eks-velero'],
      'Workload requests, replicas and the Velero schedule live in the cluster: the tool emits them as manifests and cannot audit them through AWS.',
    ),
  )
  return out
}

/**
 * Section 8.1 asks for RTO 4 h and RPO 1 h, and the MHLW guideline (医療情報システムの安全管理に関する
 * ガイドライン 第6.0版, システム運用編) asks for backup generations protected against tampering and
 * ransomware. As designed, Aurora's only copies are its own automated backups in the primary
 * region (deleted with the cluster, or by anyone who may modify it), and nothing is write-once.
 * `platform dr drill` measures the in-region recovery; these advisories say what it cannot cover.
 */
const recovery: Rule = (d) => {
  if (d.backup.enabled) return []
  const key = `environments.${d.env}.auroraDrBackup`
  return [
    advisory(
      'aurora-no-dr-copy',
      ['dr.targets', 'backup.aurora'],
      `Aurora has no copy outside ${d.region}: after a regional failure nothing can be restored, so the RTO of 4 hours (8.1) can be neither met nor proven for it (platform dr drill measures an in-region restore). Set ${key}: true for daily AWS Backup recovery points copied to a vault in ${d.drRegion}.`,
    ),
    advisory(
      'backups-not-write-once',
      ['backup.aurora', 'principle.security'],
      `No backup is write-once: Aurora's automated backups can be deleted with the cluster or changed by whoever may modify it, while the MHLW guideline asks for write-protected backup generations. Set ${key}: true for AWS Backup vaults with a vault lock (compliance mode, ${d.backup.retentionDays}-day minimum retention).`,
    ),
  ]
}

const RULES: Rule[] = [subnetLayout, buildable, weakened, eks, aboutTheDesign, recovery]

/**
 * Self-consistency of the resolved design. Errors make the design unbuildable (provision and
 * audit refuse it); warnings weaken a requirement; advisories are about the design itself.
 */
export function lintDesign(d: ResolvedDesign, today: Date = new Date()): LintResult {
  const findings = RULES.flatMap((rule) => rule(d, today))
  const count = (level: LintLevel) => findings.filter((x) => x.level === level).length
  return {env: d.env, errors: count('error'), warnings: count('warning'), advisories: count('advisory'), findings}
}
