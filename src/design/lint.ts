import {overlaps, contains} from './cidr.js'
import {EKS_VERSIONS, supportState} from './eks-versions.js'
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

/**
 * Self-consistency of the resolved design. Errors make the design unbuildable (provision and
 * audit refuse it); warnings weaken a requirement; advisories are about the design itself.
 */
export function lintDesign(d: ResolvedDesign, today: Date = new Date()): LintResult {
  const f: LintFinding[] = []
  const add = (level: LintLevel, code: string, requirements: string[], message: string) =>
    f.push({level, code, requirements, message})

  for (const s of d.subnets) {
    if (!contains(d.vpc.cidr, s.cidr))
      add(
        'error',
        'subnet-outside-vpc',
        [s.requirement, 'vpc.cidr'],
        `Subnet ${s.key} ${s.cidr} is outside the VPC ${d.vpc.cidr}.`,
      )
    if (!s.az.startsWith(d.region))
      add(
        'error',
        'subnet-az-region',
        [s.requirement, 'region'],
        `Subnet ${s.key} is in ${s.az}, outside the region ${d.region}.`,
      )
  }
  for (let i = 0; i < d.subnets.length; i++) {
    for (let j = i + 1; j < d.subnets.length; j++) {
      const a = d.subnets[i]!
      const b = d.subnets[j]!
      if (overlaps(a.cidr, b.cidr))
        add(
          'error',
          'subnets-overlap',
          [a.requirement, b.requirement],
          `Subnets ${a.key} (${a.cidr}) and ${b.key} (${b.cidr}) overlap.`,
        )
    }
  }
  for (const tier of ['public', 'private'] as const) {
    const azs = new Set(d.subnets.filter((s) => s.tier === tier).map((s) => s.az))
    if (azs.size !== 3)
      add(
        'error',
        'subnet-azs',
        tier === 'public' ? ['ha.alb'] : ['ha.eks'],
        `The ${tier} subnets span ${azs.size} availability zone(s); the design needs three distinct ones.`,
      )
  }
  if (windowsOverlap(d.rds.maintenanceWindow, d.rds.backupWindow)) {
    add(
      'error',
      'backup-overlaps-maintenance',
      ['rds.maintenance-window', 'backup.aurora'],
      `The backup window ${d.rds.backupWindow} overlaps the maintenance window ${d.rds.maintenanceWindow} (both UTC).`,
    )
  }
  const backupMinutes = dailyDurationMinutes(d.rds.backupWindow)
  if (backupMinutes !== undefined && backupMinutes < 30)
    add(
      'error',
      'backup-window-short',
      ['backup.aurora'],
      `The backup window ${d.rds.backupWindow} is shorter than the 30 minutes RDS requires.`,
    )
  for (const b of d.s3.buckets) {
    if (b.replicate && !b.versioning)
      add(
        'error',
        'replication-needs-versioning',
        ['backup.s3-replication', `s3.${b.role}.versioning`],
        `Bucket ${b.name} replicates but is not versioned; S3 replication needs versioning on both sides.`,
      )
  }

  if (d.natGateways < 3)
    add(
      'warning',
      'nat-fewer-than-azs',
      ['ha.nat'],
      `${d.natGateways} NAT gateway(s) instead of one per AZ: private subnets of the other AZs route through another AZ's gateway.`,
    )
  if (d.rds.instances < 2)
    add(
      'warning',
      'aurora-single-instance',
      ['rds.multi-az', 'ha.aurora'],
      'Aurora runs one instance: no automatic failover to a second AZ.',
    )
  if (d.rds.backupRetentionDays !== 35)
    add(
      'warning',
      'backup-retention',
      ['rds.backup-retention'],
      `Backup retention ${d.rds.backupRetentionDays} days instead of the design's 35.`,
    )
  if (d.env === 'prod' && !d.rds.deletionProtection)
    add(
      'warning',
      'prod-deletion-protection',
      ['baseline.rds.deletion-protection'],
      'Aurora deletion protection is off in prod.',
    )
  if (d.eks.publicAccessCidrs.includes('0.0.0.0/0'))
    add(
      'advisory',
      'eks-public-endpoint-open',
      ['eks.endpoint', 'baseline.eks.public-endpoint-cidrs'],
      "The public EKS endpoint admits 0.0.0.0/0; set eksPublicAccessCidrs to the operators' ranges.",
    )

  const state = supportState(d.eks.version, today)
  const v = EKS_VERSIONS.find((e) => e.version === d.eks.version)
  if (state === 'unsupported')
    add(
      'advisory',
      'eks-version-unsupported',
      ['eks.version', 'baseline.eks.supported-version'],
      `Kubernetes ${d.eks.version} is past the end of EKS extended support (${v?.endOfExtendedSupport}): AWS no longer creates such clusters and upgrades existing ones automatically. Set eksVersion.`,
    )
  else if (state === 'extended')
    add(
      'advisory',
      'eks-version-extended',
      ['eks.version', 'baseline.eks.supported-version'],
      `Kubernetes ${d.eks.version} is in EKS extended support (paid) until ${v?.endOfExtendedSupport}.`,
    )
  else if (state === 'unknown')
    add(
      'advisory',
      'eks-version-unknown',
      ['eks.version'],
      `Kubernetes ${d.eks.version} is not in the tool's EKS support calendar.`,
    )

  if (d.kms.evidenceSigningAlias)
    add(
      'advisory',
      'evidence-signing-key',
      ['principle.security'],
      `The evidence signing key ${d.kms.evidenceSigningAlias} (asymmetric, ECC_NIST_P256) is outside the design: it exists to sign evidence bundles.`,
    )
  const logs = d.s3.buckets.find((b) => b.role === 'logs')
  if (logs && !logs.replicate)
    add(
      'advisory',
      'logs-bucket-not-replicated',
      ['backup.s3-replication', 's3.logs.versioning', 's3.logs.lifecycle'],
      `The design asks every bucket to replicate, but ${logs.name} has versioning disabled (6.1) and a 90-day expiry (6.2): S3 cannot replicate it. Models and data replicate to ${d.drRegion}.`,
    )
  add(
    'advisory',
    'workloads-in-cluster',
    ['workload.api', 'workload.ml', 'workload.worker', 'backup.eks-velero'],
    'Workload requests, replicas and the Velero schedule live in the cluster: the tool emits them as manifests and cannot audit them through AWS.',
  )

  return {
    env: d.env,
    errors: f.filter((x) => x.level === 'error').length,
    warnings: f.filter((x) => x.level === 'warning').length,
    advisories: f.filter((x) => x.level === 'advisory').length,
    findings: f,
  }
}
