import type {ResolvedDesign} from '../design/types.js'
import {REQUIREMENTS} from '../design/requirements.js'
import type {AuditException} from './exceptions.js'
import {withIds} from './finding-id.js'
import type {AuditSummary} from './report-schema.js'
import {SEVERITIES, type CheckDefinition, type Finding, type Inventory, type Severity} from './types.js'

export type {AuditSummary} from './report-schema.js'

export interface AuditFilters {
  checks?: string[]
  sections?: string[]
  /** Minimum severity of the checks to run. */
  severity?: Severity
}

const sectionOf = new Map(REQUIREMENTS.map((r) => [r.id, r.section]))
export const sectionOfRequirement = (id: string) => sectionOf.get(id) ?? 'baseline'
const atLeast = (s: Severity, min: Severity) => SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(min)

export function selectChecks(checks: readonly CheckDefinition[], f: AuditFilters): CheckDefinition[] {
  return checks.filter(
    (c) =>
      (!f.checks?.length || f.checks.includes(c.id)) &&
      (!f.severity || atLeast(c.severity, f.severity)) &&
      (!f.sections?.length ||
        c.requirements.some((r) =>
          f.sections!.some(
            (s) =>
              sectionOfRequirement(r) === s ||
              sectionOfRequirement(r).startsWith(`${s}.`) ||
              (s === 'baseline' && r.startsWith('baseline.')),
          ),
        )),
  )
}

/**
 * Runs each check on the inventory (pure: no AWS call), adds MANUAL rows for requirements no
 * API can show, then applies exceptions. A check that throws is an ERROR, never a silent pass.
 */
export function runChecks(opts: {
  checks: readonly CheckDefinition[]
  inventory: Inventory
  design: ResolvedDesign
  exceptions: AuditException[]
  today: Date
  filters: AuditFilters
}): Finding[] {
  const selected = selectChecks(opts.checks, opts.filters)
  const findings: Finding[] = []
  for (const check of selected) {
    const remediation = remediationOf(check, opts.design)
    let results
    try {
      results = check.run(opts.inventory, opts.design)
      if (results.length === 0) throw new Error('the check returned no result')
    } catch (err) {
      findings.push({
        checkId: check.id,
        status: 'ERROR',
        severity: check.severity,
        requirements: check.requirements,
        resource: {type: 'check', id: check.id, region: opts.design.region},
        expected: null,
        actual: null,
        message: `The check failed to run: ${(err as Error).message}`,
        remediation,
      })
      continue
    }
    for (const r of results)
      findings.push({
        ...r,
        checkId: check.id,
        severity: r.severity ?? check.severity,
        requirements: r.requirements ?? check.requirements,
        remediation,
      })
  }
  findings.push(...unjudgedDrift(findings, opts.inventory, selected, opts.design))
  findings.push(...copyFindings(opts.inventory, selected, opts.design))
  if (!opts.filters.checks?.length && !opts.filters.severity) {
    for (const req of REQUIREMENTS) {
      if (req.verification.kind !== 'manual') continue
      // A check that judges it where AWS can show it (cost-budget: Cost Explorer) reports MANUAL itself otherwise.
      if (selected.some((c) => c.requirements.includes(req.id))) continue
      if (
        opts.filters.sections?.length &&
        !opts.filters.sections.some((s) => req.section === s || req.section.startsWith(`${s}.`))
      )
        continue
      findings.push({
        checkId: `manual:${req.id}`,
        status: 'MANUAL',
        severity: 'info',
        requirements: [req.id],
        resource: {type: 'requirement', id: req.id, region: opts.design.region},
        expected: req.text,
        actual: null,
        message: req.verification.reason,
        remediation: {platform: 'none: verified by people', manual: req.verification.reason},
      })
    }
  }
  return withIds(applyExceptions(findings, opts.exceptions, opts.today))
}

const remediationOf = (check: CheckDefinition, design: ResolvedDesign) => ({
  platform: check.remediation.platform.replaceAll('{env}', design.env).replaceAll('{project}', design.project),
  manual: check.remediation.manual.replaceAll('{env}', design.env).replaceAll('{project}', design.project),
})

const coveredBy = new Map(
  REQUIREMENTS.flatMap((r) => (r.verification.kind === 'covered' ? [[r.id, r.verification.by] as const] : [])),
)

/**
 * Every requirement is judged on what it says: a field of the inventory that serves requirement
 * R and differs from the design fails R, even when no check reads that field (an ALB target
 * group's target serves arch.edge; the checks of arch.edge read the distribution and the web
 * ACL). Without this, a drift of such a value left R's evidence row PASS: a control claimed that
 * did not hold. The FAIL is attributed to a check of R (or, for a covered requirement, of what
 * covers it) and only added when no FAIL of R already names that resource.
 */
function unjudgedDrift(
  findings: Finding[],
  inventory: Inventory,
  selected: CheckDefinition[],
  design: ResolvedDesign,
): Finding[] {
  const out: Finding[] = []
  const failed = new Set(
    findings.filter((f) => f.status === 'FAIL').flatMap((f) => f.requirements.map((r) => `${r}|${f.resource.id}`)),
  )
  for (const item of inventory.items.values()) {
    if (item.state !== 'found') continue
    const id = item.physicalId ?? item.name
    for (const f of item.fields) {
      const req = f.requirement
      if (f.ok || !req || failed.has(`${req}|${id}`)) continue
      const owners = [req, ...(coveredBy.get(req) ?? [])]
      const check = owners.map((r) => selected.find((c) => c.requirements.includes(r))).find(Boolean)
      if (!check) continue
      failed.add(`${req}|${id}`)
      out.push({
        checkId: check.id,
        status: 'FAIL',
        severity: check.severity,
        requirements: [req],
        resource: {type: item.type, id, arn: item.arn, region: item.region},
        expected: f.expected,
        actual: f.actual,
        message: `${item.type} ${item.name}: ${f.path} differs from the design`,
        field: f.path,
        remediation: remediationOf(check, design),
      })
    }
  }
  return out
}

/**
 * Copies of a resource (same ownership tags and logical id: what a lost create response or a
 * hand-made copy leaves) are a FAIL of the resource's requirement, naming the one judged and
 * every copy, rather than an ERROR that leaves the requirement unjudged. Provision heals those
 * that hold no data; buckets and databases need a person (the remediation says so).
 */
function copyFindings(inventory: Inventory, selected: CheckDefinition[], design: ResolvedDesign): Finding[] {
  const out: Finding[] = []
  for (const item of inventory.items.values()) {
    if (!item.copies) continue
    const reqs = item.copies.requirements
    const owners = reqs.flatMap((r) => [r, ...(coveredBy.get(r) ?? [])])
    const check = owners.map((r) => selected.find((c) => c.requirements.includes(r))).find(Boolean)
    if (!check) continue
    const kept = item.state === 'found' ? (item.physicalId ?? item.name) : undefined
    const copies = item.copies.found.map((c) => c.physicalId)
    const remediation = remediationOf(check, design)
    out.push({
      checkId: check.id,
      status: 'FAIL',
      severity: check.severity,
      requirements: reqs.length ? reqs : check.requirements,
      resource: {type: item.type, id: kept ?? copies[0]!, arn: item.arn, region: item.region},
      expected: kept ? [kept] : 'one',
      actual: [...(kept ? [kept] : []), ...copies],
      message: `${item.type} ${item.name}: ${copies.length} ${copies.length === 1 ? 'copy carries' : 'copies carry'} its ownership tags and logical id${kept ? ` besides ${kept}` : ''}: ${item.copies.found.map((c) => `${c.physicalId} (${c.why})`).join('; ')}`,
      remediation: {
        ...remediation,
        manual: `Remove every copy but one (or its platform:logical-id tag). ${
          item.copies.mayHoldData
            ? 'It may hold data: decide which one to keep and move what the others hold first; provision never deletes one.'
            : '`platform provision` deletes the copies that nothing depends on.'
        }`,
      },
    })
  }
  return out
}

/** An unexpired exception mutes FAIL findings of its check and resource; an expired one is itself a finding. */
export function applyExceptions(findings: Finding[], exceptions: AuditException[], today: Date): Finding[] {
  const day = today.toISOString().slice(0, 10)
  const out = findings.map((f) => {
    if (f.status !== 'FAIL') return f
    const ex = exceptions.find(
      (e) =>
        e.check === f.checkId &&
        (e.resource === '*' || e.resource === f.resource.id || e.resource === f.resource.arn) &&
        e.expires >= day,
    )
    return ex
      ? {...f, status: 'MUTED' as const, exception: {reason: ex.reason, owner: ex.owner, expires: ex.expires}}
      : f
  })
  for (const e of exceptions.filter((x) => x.expires < day)) {
    out.push({
      checkId: 'exception-expired',
      status: 'FAIL',
      severity: 'medium',
      requirements: [],
      resource: {type: 'exception', id: `${e.check}/${e.resource}`, region: 'n/a'},
      expected: `renewed or removed by ${e.expires}`,
      actual: `expired ${e.expires}`,
      message: `The exception for ${e.check} on ${e.resource} (owner ${e.owner}) expired on ${e.expires}: it no longer mutes anything.`,
      remediation: {
        platform: 'edit platform.exceptions.yaml',
        manual: 'Fix the finding, or renew the exception with a new reason and date.',
      },
    })
  }
  return out
}

export function summarize(findings: Finding[]): AuditSummary {
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length
  return {pass: n('PASS'), fail: n('FAIL'), error: n('ERROR'), manual: n('MANUAL'), muted: n('MUTED')}
}
