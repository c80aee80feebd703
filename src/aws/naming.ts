/**
 * Names and ownership tags. Resources with names get deterministic ones so a re-run finds
 * them; the tags let the tool find the rest (and tell its own from everything else).
 */
export const TAG_KEYS = {
  name: 'Name',
  project: 'project',
  environment: 'environment',
  managedBy: 'managed-by',
  /** Which desired resource this is, for resources AWS gives no name (subnets, EIPs, NATs). */
  logicalId: 'platform:logical-id',
} as const

export const MANAGED_BY = 'platform'

/** `{p}-{env}-{component}`, the design's naming rule (medical-ai-prod-eks). */
export function resourceName(project: string, env: string, component: string): string {
  return `${project}-${env}-${component}`
}

export function ownershipTags(project: string, env: string): Record<string, string> {
  return {[TAG_KEYS.project]: project, [TAG_KEYS.environment]: env, [TAG_KEYS.managedBy]: MANAGED_BY}
}

/** True when the tags carry all three ownership tags for this project and environment. */
export function isOwned(tags: Record<string, string | undefined>, project: string, env: string): boolean {
  return (
    tags[TAG_KEYS.project] === project && tags[TAG_KEYS.environment] === env && tags[TAG_KEYS.managedBy] === MANAGED_BY
  )
}
