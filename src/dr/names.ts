import type {ResolvedDesign} from '../design/types.js'

/**
 * Drill resources are found by these tags alone (set in each create call, so a drill killed at
 * any point leaves only findable resources). They deliberately do not carry the environment's
 * ownership tags: provision, audit and destroy must never take a drill's restored cluster for a
 * copy of the environment's own.
 */
export const DRILL_TAGS = {
  /** `{project}-{env}`: which environment's drill made it. */
  of: 'platform:drill-of',
  /** The drill's id: which run made it. */
  drill: 'platform:drill',
} as const

/**
 * One drill per environment at a time: each drill starts by deleting every drill resource of
 * the environment, which would destroy a drill running concurrently. The same SSM lock as
 * provision's (src/aws/lock.ts), under its own name, so a drill and a provision do not block
 * each other.
 */
export const drillLockParameter = (d: ResolvedDesign) => `/platform/${d.project}/${d.env}/drill-lock`

/** Canary objects live under this prefix in the replicated buckets and their replicas. */
export const CANARY_PREFIX = 'platform-drill/'

export const drillOf = (d: ResolvedDesign) => `${d.project}-${d.env}`

/** A sortable UTC stamp, valid in RDS identifiers (letters, digits, single hyphens). */
export function drillId(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .toLowerCase()
}

/** `{p}-{env}-drill-{yyyymmdd}-{hhmmss}`: at most 20 + 1 + 10 + 24 = 55 of RDS's 63 characters. */
export function drillNames(d: ResolvedDesign, id: string) {
  const base = `${d.project}-${d.env}-drill-${id}`
  return {cluster: base, instance: `${base}-1`, securityGroup: base}
}

export function drillTags(d: ResolvedDesign, id: string): {Key: string; Value: string}[] {
  return [
    {Key: DRILL_TAGS.of, Value: drillOf(d)},
    {Key: DRILL_TAGS.drill, Value: id},
    {Key: 'Name', Value: drillNames(d, id).cluster},
  ]
}

export const hasDrillTag = (tags: {Key?: string; Value?: string}[] | undefined, d: ResolvedDesign) =>
  (tags ?? []).some((t) => t.Key === DRILL_TAGS.of && t.Value === drillOf(d))
