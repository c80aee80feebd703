/**
 * EKS Kubernetes version support calendar (as published by AWS in its EKS release
 * calendar). Data, not logic: refresh it when AWS publishes a new version.
 */
export interface EksVersionSupport {
  version: string
  endOfStandardSupport: string
  endOfExtendedSupport: string
}

export const EKS_VERSIONS: readonly EksVersionSupport[] = [
  {version: '1.28', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26'},
  {version: '1.29', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23'},
  {version: '1.30', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23'},
  {version: '1.31', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26'},
  {version: '1.32', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23'},
  {version: '1.33', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29'},
  {version: '1.34', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02'},
]

export type SupportState = 'standard' | 'extended' | 'unsupported' | 'unknown'

export function supportState(version: string, today: Date): SupportState {
  const v = EKS_VERSIONS.find((e) => e.version === version)
  if (!v) return 'unknown'
  const day = today.toISOString().slice(0, 10)
  if (day <= v.endOfStandardSupport) return 'standard'
  if (day <= v.endOfExtendedSupport) return 'extended'
  return 'unsupported'
}

/**
 * The versions EKS creates clusters on today: those in standard or extended support. "On the
 * end of extended support date, you can no longer create new Amazon EKS clusters with the
 * unsupported version" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
 */
export function creatableVersions(today: Date): string[] {
  return EKS_VERSIONS.map((v) => v.version).filter((v) => {
    const s = supportState(v, today)
    return s === 'standard' || s === 'extended'
  })
}
