import {redact} from '../evidence/redact.js'
import {stableStringify} from '../reconcile/diff.js'
import type {AuditDiff, DiffEntry} from './diff-schema.js'
import {withIds} from './finding-id.js'
import type {AuditReport, Finding} from './report-schema.js'

export type {AuditDiff, DiffEntry} from './diff-schema.js'

/** FAIL and ERROR are what an operator must act on: an ERROR (could not judge) is never treated as fixed. */
const failing = (f: Finding | undefined) => f !== undefined && (f.status === 'FAIL' || f.status === 'ERROR')

/** By stable id; reports written before ids existed get them computed the same way. */
function byId(report: AuditReport): Map<string, Finding> {
  const findings = report.findings.every((f) => f.id) ? report.findings : withIds(report.findings)
  return new Map(findings.map((f) => [f.id!, f]))
}

const DAY = 86_400_000

/**
 * When each of tonight's FAIL/ERROR findings first failed: carried from last night's report
 * when it was failing there too (its firstSeen, or, for a report without one, last night's start:
 * it failed at least since then), else tonight. Everything else carries no firstSeen.
 */
export function carryFirstSeen(tonight: AuditReport, lastNight: AuditReport | undefined): AuditReport {
  const before = lastNight ? byId(lastNight) : new Map<string, Finding>()
  const findings = (tonight.findings.every((f) => f.id) ? tonight.findings : withIds(tonight.findings)).map((f) => {
    const {firstSeen: _drop, ...rest} = f
    if (!failing(f)) return rest
    const prev = before.get(f.id!)
    const first = failing(prev) ? (prev!.firstSeen ?? lastNight!.startedAt) : tonight.startedAt
    return {...rest, firstSeen: first}
  })
  return {...tonight, findings}
}

/**
 * Tonight vs last night by stable finding id: new, resolved and still failing (with first-seen
 * date and age in whole days), and every finding whose expected or actual value changed. The
 * order of the findings in either report plays no part.
 */
export function diffReports(lastNight: AuditReport, tonight: AuditReport, against: string): AuditDiff {
  const before = byId(lastNight)
  const after = byId(carryFirstSeenIfMissing(tonight, lastNight))
  const diff: AuditDiff = {
    against,
    againstStartedAt: lastNight.startedAt,
    startedAt: tonight.startedAt,
    new: [],
    resolved: [],
    stillFailing: [],
    changed: [],
  }
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort()
  for (const id of ids) {
    const a = before.get(id)
    const b = after.get(id)
    if (failing(b) && !failing(a)) diff.new.push(entry(id, a, b, tonight))
    else if (failing(a) && !failing(b)) diff.resolved.push(entry(id, a, b, tonight))
    else if (failing(a) && failing(b)) diff.stillFailing.push(entry(id, a, b, tonight))
    if (a && b && (same(a.expected) !== same(b.expected) || same(a.actual) !== same(b.actual)))
      diff.changed.push(entry(id, a, b, tonight))
  }
  return diff
}

/**
 * A stored report has its secret-like values redacted (history/write.ts); tonight's, in memory,
 * does not yet. Both sides are compared redacted, or a key such as secretsEncryptionKey would
 * read as "changed" every night (and wake --notify for nothing).
 */
const same = (v: unknown) => stableStringify(redact(v ?? null, []))

/** `audit diff A B` on reports written without --store/--compare-to: first-seen still follows from A. */
function carryFirstSeenIfMissing(tonight: AuditReport, lastNight: AuditReport): AuditReport {
  return tonight.findings.some((f) => failing(f) && !f.firstSeen) ? carryFirstSeen(tonight, lastNight) : tonight
}

function entry(id: string, a: Finding | undefined, b: Finding | undefined, tonight: AuditReport): DiffEntry {
  const f = (b ?? a)!
  const e: DiffEntry = {
    id,
    checkId: f.checkId,
    severity: f.severity,
    requirements: f.requirements,
    resource: {type: f.resource.type, id: f.resource.id},
    ...(f.field ? {field: f.field} : {}),
    message: f.message,
    status: b?.status ?? 'absent',
    previousStatus: a?.status ?? 'absent',
    expected: b ? (b.expected ?? null) : null,
    actual: b ? (b.actual ?? null) : null,
  }
  if (a) {
    e.previousExpected = a.expected ?? null
    e.previousActual = a.actual ?? null
  }
  if (failing(b) && b!.firstSeen) {
    e.firstSeen = b!.firstSeen
    e.ageDays = Math.max(0, Math.floor((Date.parse(tonight.startedAt) - Date.parse(b!.firstSeen)) / DAY))
  }
  return e
}

/** Nothing new, nothing resolved, nothing changed. */
export const diffIsEmpty = (d: AuditDiff) => d.new.length + d.resolved.length + d.changed.length === 0
