import type {AuditDiff, DiffEntry} from '../audit/diff-schema.js'
import {oneLine} from '../report/terminal.js'
import type {ChainVerifyResult} from './chain.js'

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'null'
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}

const head = (e: DiffEntry) =>
  `${e.severity.padEnd(8)} ${e.checkId}  ${e.resource.type} ${e.resource.id}${e.field ? ` ${e.field}` : ''}`

/** The text beside `audit --compare-to` and `audit diff --json`: each set, then one line per finding. */
export function diffText(d: AuditDiff): string[] {
  const lines = [
    `Compared with ${d.against} (started ${d.againstStartedAt}): ${d.new.length} new, ${d.resolved.length} resolved, ${d.stillFailing.length} still failing, ${d.changed.length} changed`,
  ]
  const section = (title: string, entries: DiffEntry[], tail: (e: DiffEntry) => string) => {
    if (entries.length === 0) return
    lines.push(`${title}:`)
    for (const e of entries) lines.push(oneLine(`  ${head(e)}  ${tail(e)}`))
  }
  section('New', d.new, (e) => `${e.status} (was ${e.previousStatus}): ${e.message}`)
  section('Resolved', d.resolved, (e) =>
    e.status === 'absent' ? `no longer reported (was ${e.previousStatus}): not proof of a pass` : `now ${e.status}`,
  )
  section(
    'Still failing',
    d.stillFailing,
    (e) => `${e.status}, first seen ${e.firstSeen?.slice(0, 10) ?? 'unknown'} (${e.ageDays ?? '?'} days)`,
  )
  section(
    'Changed',
    d.changed,
    (e) =>
      `expected ${short(e.previousExpected)} -> ${short(e.expected)}; actual ${short(e.previousActual)} -> ${short(e.actual)}`,
  )
  return lines
}

/** The text beside `evidence verify --chain --json`: INTACT with the runs walked, or BROKEN with each problem. */
export function chainText(r: ChainVerifyResult): string[] {
  const ok = r.runs.filter((x) => x.status === 'OK').length
  if (r.intact) {
    const trusted = r.runs.every((x) => x.trust === 'trusted')
    return [
      `INTACT  ${oneLine(r.chain)}: ${r.runs.length} runs, each bundle verified and linked to the one before; no night missed (schedule ${r.scheduleHours} h)`,
      trusted
        ? '  every run signed by a trusted key'
        : '  integrity only: not every run was checked against a trusted key (--key-id, --public-key or evidenceTrustedKeys)',
    ]
  }
  return [
    `BROKEN  ${oneLine(r.chain)}: ${ok} of ${r.runs.length} runs intact, ${r.missingNights.length} missing nights`,
    ...r.problems.map((p) => `  ${oneLine(p)}`),
  ]
}
