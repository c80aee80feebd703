import type {Finding, Status} from '../audit/report-schema.js'
import {BASELINE} from '../design/baseline.js'
import {REQUIREMENTS} from '../design/requirements.js'
import type {ResolvedDesign} from '../design/types.js'
import {translator, type Lang} from '../i18n/index.js'
import {csvDocument} from '../report/csv.js'
import {guidelineItemsOfRequirement} from '../guidelines/mapping.js'
import {FRAMEWORKS} from '../guidelines/types.js'

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
  design?: ResolvedDesign,
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
      text: design ? resolvedText(r.id, r.text, design) : r.text,
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
  // The security baseline beyond the design: its FAILs count in the summary, so they are rows
  // too (one per baseline item), as are findings that serve no requirement (an expired exception).
  for (const b of BASELINE) rows.set(b.id, rowOf(b.id, 'baseline', b.text, findings, inventoryFileOf))
  const known = new Set(rows.keys())
  const orphans = findings.filter((f) => !f.requirements.some((r) => known.has(r)))
  if (orphans.length > 0)
    rows.set(
      'other',
      rowOf(
        'other',
        'other',
        'Findings that serve no requirement (expired exceptions)',
        orphans,
        inventoryFileOf,
        true,
      ),
    )
  return [...rows.values()]
}

function rowOf(
  id: string,
  section: string,
  text: string,
  findings: Finding[],
  inventoryFileOf: (resourceId: string) => string | undefined,
  all = false,
): ControlRow {
  const fs = all ? findings : findings.filter((f) => f.requirements.includes(id))
  const evidence = [
    ...new Set(fs.map((f) => inventoryFileOf(f.resource.id)).filter((x): x is string => Boolean(x))),
  ].sort()
  return {
    requirement: id,
    section,
    text,
    checks: [...new Set(fs.map((f) => f.checkId))].sort(),
    status: STATUS_ORDER.find((st) => fs.some((f) => f.status === st)) ?? 'NOT_RUN',
    evidence: ['findings.json', ...evidence],
  }
}

const STATUS_ORDER = ['FAIL', 'ERROR', 'MUTED', 'PASS', 'MANUAL'] as const

/**
 * The catalogue writes values per environment as templates ("10.{n}.1.0/24", "{p}-{env}-models");
 * evidence states what this environment was held to, so each is replaced by the resolved value.
 */
export function resolvedText(id: string, text: string, design: ResolvedDesign): string {
  const subnet = design.subnets.find((s) => s.requirement === id)
  return text
    .replace(/10\.\{n\}\.0\.0\/16/g, design.vpc.cidr)
    .replace(/10\.\{n\}\.\d+\.0\/24/g, (m) => subnet?.cidr ?? m)
    .replaceAll('{p}', design.project)
    .replaceAll('{env}', design.env)
}

const ROW_STATUSES = ['PASS', 'FAIL', 'ERROR', 'MUTED', 'MANUAL', 'COVERED', 'NOT_RUN'] as const

/** What each status of a control row means, in the reader's language: the legend of report.html. */
export function statusLegend(lang: Lang): Record<ControlRow['status'], string> {
  const t = translator(lang)
  return Object.fromEntries(ROW_STATUSES.map((s) => [s, t(`evidence:legend.${s}`)])) as Record<
    ControlRow['status'],
    string
  >
}

export const STATUS_LEGEND = statusLegend('en')

/** A row's status as its reader says it: common:status.* for the audit's own, evidence's for the two rows add. */
export function statusLabel(status: ControlRow['status'], lang: Lang): string {
  const t = translator(lang)
  return status === 'COVERED' || status === 'NOT_RUN' ? t(`evidence:status.${status}`) : t(`common:status.${status}`)
}

/** The guideline items a requirement evidences, in the guideline's own words: "システム運用編 12.2; Q&A シQ-31". */
export function guidelineRefs(requirement: string, framework: (typeof FRAMEWORKS)[number]): string {
  return guidelineItemsOfRequirement(requirement, framework)
    .map((i) => `${i.volumeTitle.ja} ${i.number}${i.confirmed ? '' : ' (未確認)'}`)
    .join('; ')
}

/** Headers in the reader's language; the values stay data (IDs, statuses, paths), as tools read them. */
export function controlsCsv(rows: ControlRow[], lang: Lang = 'en'): string {
  const t = translator(lang)
  const header = (['requirement', 'section', 'text', 'checks', 'status', 'evidence'] as const).map((h) =>
    t(`evidence:csv.${h}`),
  )
  return csvDocument(
    [...header, ...FRAMEWORKS],
    rows.map((r) => [
      r.requirement,
      r.section,
      r.text,
      r.checks.join(' '),
      r.status,
      r.evidence.join(' '),
      ...FRAMEWORKS.map((f) => guidelineRefs(r.requirement, f)),
    ]),
    lang,
  )
}
