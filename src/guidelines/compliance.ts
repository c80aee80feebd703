import type {CheckDefinition, Finding} from '../audit/types.js'
import {FRAMEWORK_TITLES, itemsOfFramework} from './catalogue.js'
import {REQUIREMENT_GUIDELINES, requirementsOfItem} from './mapping.js'
import type {ComplianceRow, ComplianceStatus, ComplianceView} from './schema.js'
import type {FrameworkId, GuidelineItem} from './types.js'

export type {ComplianceRow, ComplianceStatus, ComplianceView}

/** What the view needs of a check: the registry's checks, or those a stored report's findings name. */
type Judge = Pick<CheckDefinition, 'id' | 'requirements'>

/** The checks a report's findings name, each with the requirements its findings served (no registry at hand). */
export function checksOfFindings(findings: readonly Finding[]): Judge[] {
  const reqs = new Map<string, Set<string>>()
  for (const f of findings)
    for (const r of f.requirements) (reqs.get(f.checkId) ?? reqs.set(f.checkId, new Set()).get(f.checkId)!).add(r)
  return [...reqs].map(([id, rs]) => ({id, requirements: [...rs]}))
}

// Worst first: an item is as bad as the worst finding that evidences it.
const WORST: ComplianceStatus[] = ['FAIL', 'ERROR', 'MUTED', 'PASS', 'MANUAL']

/**
 * The run's findings per guideline item of one framework (like Prowler's --compliance). A finding
 * counts for an item when one of its own requirements maps to the item, so a check that judges
 * several requirements (iam-roles) only weighs on the items of the resource it judged.
 */
export function complianceView(
  findings: readonly Finding[],
  checks: readonly Judge[],
  framework: FrameworkId,
): ComplianceView {
  const checkById = new Map(checks.map((c) => [c.id, c]))
  const items = itemsOfFramework(framework).map((item) => row(item, findings, checks, checkById))
  const count = (s: ComplianceStatus) => items.filter((r) => r.status === s).length
  return {
    framework,
    title: FRAMEWORK_TITLES[framework],
    items,
    summary: {
      items: items.length,
      pass: count('PASS'),
      fail: count('FAIL'),
      error: count('ERROR'),
      muted: count('MUTED'),
      manual: count('MANUAL'),
      notRun: count('NOT_RUN'),
      unconfirmed: items.filter((r) => !r.item.confirmed).length,
    },
  }
}

function row(
  item: GuidelineItem,
  findings: readonly Finding[],
  checks: readonly Judge[],
  checkById: Map<string, Judge>,
): ComplianceRow {
  const requirements = requirementsOfItem(item.id)
  const evidences = (reqs: readonly string[]) => reqs.some((r) => REQUIREMENT_GUIDELINES[r]?.includes(item.id))
  const counts = {pass: 0, fail: 0, error: 0, muted: 0}
  if (item.kind === 'manual') return {item: {...item}, status: 'MANUAL', checks: [], requirements, counts, failing: []}
  const mine = findings.filter((f) =>
    evidences(f.requirements.length ? f.requirements : (checkById.get(f.checkId)?.requirements ?? [])),
  )
  for (const f of mine) {
    if (f.status === 'PASS') counts.pass++
    else if (f.status === 'FAIL') counts.fail++
    else if (f.status === 'ERROR') counts.error++
    else if (f.status === 'MUTED') counts.muted++
  }
  const present = new Set(mine.map((f) => f.status))
  const status = mine.length ? WORST.find((s) => present.has(s as Finding['status']))! : 'NOT_RUN'
  return {
    item: {...item},
    status,
    checks: checks.filter((c) => evidences(c.requirements)).map((c) => c.id),
    requirements,
    counts,
    failing: mine
      .filter((f) => f.status === 'FAIL' || f.status === 'ERROR')
      .map((f) => ({
        checkId: f.checkId,
        resourceId: f.resource.id,
        status: f.status as 'FAIL' | 'ERROR',
        message: f.message,
      })),
  }
}
