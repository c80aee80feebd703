import type {Finding} from './report-schema.js'

/**
 * A finding's identity across runs: check + resource + requirements (+ the field judged, when a
 * check judges a resource field by field), never its position in the array. The ids of two
 * nights match when the same check judges the same thing, whatever order the findings come in.
 * The resource is named by its physical id or ARN as the audit reports it, so a resource
 * replaced by a new one (a new id) is a new finding, and the old one's is resolved.
 */
export function findingId(f: Pick<Finding, 'checkId' | 'resource' | 'requirements' | 'field'>): string {
  const reqs = [...f.requirements].sort().join('+')
  return [f.checkId, f.resource.type, f.resource.id, reqs, ...(f.field ? [f.field] : [])].join('|')
}

/**
 * Every finding with its id. Two findings that would share one (a check judging one field twice)
 * get "#2", "#3" in the order of their expected value and message, so the suffix does not
 * depend on where they sit in the report.
 */
export function withIds(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    const id = findingId(f)
    groups.set(id, [...(groups.get(id) ?? []), f])
  }
  const ids = new Map<Finding, string>()
  for (const [id, group] of groups) {
    if (group.length === 1) ids.set(group[0]!, id)
    else
      [...group]
        .sort((a, b) => tieKey(a).localeCompare(tieKey(b)))
        .forEach((f, i) => ids.set(f, i === 0 ? id : `${id}#${i + 1}`))
  }
  return findings.map((f) => ({id: ids.get(f)!, ...f}))
}

const tieKey = (f: Finding) => `${JSON.stringify(f.expected) ?? ''}\u0000${f.message}`
