import type {Finding, Status} from '../audit/report-schema.js'
import {REQUIREMENTS} from '../design/requirements.js'
import {csvCell} from '../report/csv.js'

export interface ControlRow {
  requirement: string
  section: string
  text: string
  checks: string[]
  status: Status | 'COVERED' | 'NOT_RUN'
  evidence: string[]
}

/**
 * One row per requirement: the worst status of its findings (FAIL > ERROR > MUTED > PASS);
 * MANUAL for the ones people verify; "covered" requirements take the worst of those they rely on.
 */
export function controlRows(
  findings: Finding[],
  inventoryFileOf: (resourceId: string) => string | undefined,
): ControlRow[] {
  const order = ['FAIL', 'ERROR', 'MUTED', 'PASS', 'MANUAL'] as const
  const rows = new Map<string, ControlRow>()
  for (const r of REQUIREMENTS) {
    const fs = findings.filter((f) => f.requirements.includes(r.id))
    const worst = order.find((s) => fs.some((f) => f.status === s))
    const evidence = [
      ...new Set(fs.map((f) => inventoryFileOf(f.resource.id)).filter((x): x is string => Boolean(x))),
    ].sort()
    rows.set(r.id, {
      requirement: r.id,
      section: r.section,
      text: r.text,
      checks: [...new Set(fs.map((f) => f.checkId))].sort(),
      status: worst ?? 'NOT_RUN',
      evidence: ['findings.json', ...evidence],
    })
  }
  for (const r of REQUIREMENTS) {
    if (r.verification.kind !== 'covered') continue
    const deps = r.verification.by.map((id) => rows.get(id)!)
    // Its own findings count too: a drift of a value it names (the backup window of "snapshots
    // daily") fails it even when everything it relies on passes.
    const own = rows.get(r.id)!
    const statuses = [...deps.map((d) => d.status), ...(own.status === 'NOT_RUN' ? [] : [own.status])]
    const worst = order.find((s) => statuses.includes(s)) ?? 'NOT_RUN'
    rows.set(r.id, {
      ...own,
      status: worst === 'PASS' ? 'COVERED' : worst,
      checks: [...new Set([...own.checks, ...deps.flatMap((d) => d.checks)])].sort(),
      evidence: [...new Set([...own.evidence, ...deps.flatMap((d) => d.evidence)])].sort(),
    })
  }
  return [...rows.values()]
}

export function controlsCsv(rows: ControlRow[]): string {
  const cell = csvCell
  return (
    [
      'requirement,section,text,checks,status,evidence',
      ...rows.map((r) =>
        [r.requirement, r.section, r.text, r.checks.join(' '), r.status, r.evidence.join(' ')].map(cell).join(','),
      ),
    ].join('\r\n') + '\r\n'
  )
}
