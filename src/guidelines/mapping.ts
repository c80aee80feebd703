import {BASELINE} from '../design/baseline.js'
import {REQUIREMENTS} from '../design/requirements.js'
import {GUIDELINE_ITEMS, guidelineItem} from './catalogue.js'
import type {FrameworkId, GuidelineItem} from './types.js'

// Item ids, short: the mapping below reads as a table. A typo is caught by validateMapping (a test).
const P5 = 'mhlw-6.0:planning:5'
const S6 = 'mhlw-6.0:system-operation:6'
const S7 = 'mhlw-6.0:system-operation:7'
const S8 = 'mhlw-6.0:system-operation:8'
const S11_1 = 'mhlw-6.0:system-operation:11.1'
const S12_2 = 'mhlw-6.0:system-operation:12.2'
const S13 = 'mhlw-6.0:system-operation:13'
const S14 = 'mhlw-6.0:system-operation:14'
const S17 = 'mhlw-6.0:system-operation:17'
const S18 = 'mhlw-6.0:system-operation:18'
const Q31 = 'mhlw-6.0:qa:sq-31'
const QGEN = 'mhlw-6.0:qa:backup-generations'
const M5 = 'meti-mic-1.1:main:5-risk-treatment'
const M6A = 'meti-mic-1.1:main:6-authenticity'
const M6R = 'meti-mic-1.1:main:6-readability'
const M6P = 'meti-mic-1.1:main:6-preservation'

const subnets = ['public-1a', 'public-1c', 'public-1d', 'private-1a', 'private-1c', 'private-1d']
const buckets = ['models', 'data', 'logs']
const each = (ids: string[], items: string[]) => Object.fromEntries(ids.map((id) => [id, items]))

/**
 * Which guideline items each requirement (design and baseline) evidences. A check evidences the
 * union over its requirements. MANUAL items are never here: people and paper evidence them.
 */
export const REQUIREMENT_GUIDELINES: Record<string, string[]> = {
  region: [S6],
  'principle.availability': [S11_1, M6R],
  'principle.security': [S7, M5],
  'arch.edge': [S6, S13, S18],
  'arch.workloads': [S6],
  'env.cidr': [S6, S13],
  'vpc.cidr': [S6, S13],
  'vpc.dns-hostnames': [S6],
  'vpc.dns-support': [S6],
  ...each(
    subnets.map((s) => `subnet.${s}`),
    [S6, S13, M5],
  ),
  ...each(
    ['alb', 'eks', 'rds'].flatMap((g) => [`sg.${g}.ingress`, `sg.${g}.egress`]),
    [S13, M5],
  ),
  'eks.version': [S8, S11_1],
  'eks.name': [S6],
  'eks.endpoint': [S13, S14, M5],
  'eks.logging': [P5, S17, M6A],
  ...each(['fargate.default', 'fargate.application', 'fargate.mlops'], [S6]),
  ...each(['workload.api', 'workload.ml', 'workload.worker'], [S6]),
  'rds.engine': [S6, S11_1],
  'rds.instance-class': [S11_1],
  'rds.multi-az': [S11_1, M6R],
  'rds.encryption': [S7, M5, M6P],
  'rds.backup-retention': [S12_2, Q31, M6P],
  'rds.maintenance-window': [S11_1],
  ...each(
    ['character-set-server', 'time-zone', 'max-connections', 'slow-query-log', 'long-query-time'].map(
      (p) => `rds.param.${p}`,
    ),
    [S11_1],
  ),
  ...each(
    buckets.map((b) => `s3.${b}.encryption`),
    [S7, M5, M6P],
  ),
  ...each(
    buckets.map((b) => `s3.${b}.versioning`),
    [S12_2, Q31, QGEN, M6P],
  ),
  ...each(
    buckets.map((b) => `s3.${b}.lifecycle`),
    [S11_1, M6P],
  ),
  // The log bucket holds the trails: its encryption and versions are the trails' tamper protection (企画管理編 5②).
  's3.logs.encryption': [P5, S7, M5, M6P],
  's3.logs.versioning': [P5, S12_2, Q31, QGEN, M6P],
  'cloudfront.origin': [S6, S13],
  'cloudfront.certificate': [S13, M5],
  'cloudfront.cache-policy': [S11_1],
  'cloudfront.price-class': [S11_1],
  ...each(['waf.common', 'waf.bad-inputs', 'waf.sqli', 'waf.rate-limit', 'waf.attached'], [S18, M5]),
  'dr.targets': [S11_1, M6R],
  ...each(['ha.alb', 'ha.eks', 'ha.aurora', 'ha.nat'], [S11_1, M6R]),
  'backup.aurora': [S12_2, Q31, QGEN, M6P],
  'backup.s3-replication': [S12_2, Q31, QGEN, M6P],
  'backup.eks-velero': [S12_2, M6P],
  'cost.monthly': [S11_1],
  // The security baseline.
  'baseline.vpc.flow-logs': [P5, S13, S17, M6A],
  'baseline.vpc.default-sg-closed': [S13, M5],
  'baseline.sg.no-open-ingress': [S13, S18, M5],
  'baseline.kms.rotation': [S7, M5],
  'baseline.s3.public-access-block': [S7, S14, M5],
  'baseline.s3.tls-only': [S13, M5],
  'baseline.eks.secrets-encryption': [S7, M5],
  'baseline.eks.supported-version': [S8, M5],
  'baseline.eks.support-type': [S11_1],
  'baseline.eks.public-endpoint-cidrs': [S13, S14, M5],
  'baseline.eks.operator-access': [S14, M6A],
  'baseline.rds.deletion-protection': [S12_2, M6P],
  'baseline.rds.log-exports': [P5, S17, M6A],
  'baseline.rds.audit-logging': [P5, S17, M6A],
  'baseline.rds.parameters-applied': [S11_1],
  'baseline.ecr.scan-on-push': [S8, S18, M5],
  'baseline.ecr.immutable-tags': [S8, S18, M6A],
  'baseline.alb.https-only': [S13, M5],
  'baseline.cloudfront.viewer-https': [S13, M5],
  'baseline.cloudfront.origin-https': [S13, M5],
  'baseline.cloudfront.origin-name': [S13],
  'baseline.cloudfront.api-behaviour': [S11_1],
  'baseline.waf.no-bypass': [S13, S18, M5],
  'baseline.waf.logging': [P5, S17, M6A],
  'baseline.ops.audit-runner': [P5, S14, S17, M6A],
}

/**
 * What is wrong with a mapping: a requirement the design does not have, an item the catalogue
 * does not have, or a MANUAL item (which no check can evidence). Empty when it is sound.
 */
export function validateMapping(
  mapping: Record<string, string[]>,
  known: {requirements: ReadonlySet<string>; items: readonly GuidelineItem[]},
): string[] {
  const items = new Map(known.items.map((i) => [i.id, i]))
  const errors: string[] = []
  for (const [req, ids] of Object.entries(mapping)) {
    if (!known.requirements.has(req)) errors.push(`${req}: not a requirement of the design or the baseline`)
    for (const id of ids) {
      const item = items.get(id)
      if (!item) errors.push(`${req}: unknown guideline item ${id}`)
      else if (item.kind === 'manual') errors.push(`${req}: ${id} is a MANUAL item; no check can evidence it`)
    }
  }
  return errors
}

export const KNOWN_REQUIREMENTS: ReadonlySet<string> = new Set([
  ...REQUIREMENTS.map((r) => r.id),
  ...BASELINE.map((b) => b.id),
])

const inFramework = (framework?: FrameworkId) => (i: GuidelineItem) => !framework || i.framework === framework

export function guidelineItemsOfRequirement(id: string, framework?: FrameworkId): GuidelineItem[] {
  return (REQUIREMENT_GUIDELINES[id] ?? [])
    .map(guidelineItem)
    .filter((i): i is GuidelineItem => i !== undefined)
    .filter(inFramework(framework))
}

/** The union over the check's requirements, in catalogue order. */
export function guidelineItemsOfCheck(
  check: {requirements: readonly string[]},
  framework?: FrameworkId,
): GuidelineItem[] {
  const ids = new Set(check.requirements.flatMap((r) => REQUIREMENT_GUIDELINES[r] ?? []))
  return GUIDELINE_ITEMS.filter((i) => ids.has(i.id)).filter(inFramework(framework))
}

export function requirementsOfItem(itemId: string): string[] {
  return Object.entries(REQUIREMENT_GUIDELINES)
    .filter(([, ids]) => ids.includes(itemId))
    .map(([req]) => req)
}
