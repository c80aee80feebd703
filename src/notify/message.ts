import {diffIsEmpty} from '../audit/diff.js'
import type {DiffEntry} from '../audit/diff-schema.js'
import type {AuditReport, Finding} from '../audit/report-schema.js'
import {REPORT} from '../history/store.js'

/** One finding as a notification names it: what, where, which requirement, since when. */
export interface NotifiedFinding {
  id: string
  checkId: string
  status: string
  severity: string
  requirements: string[]
  resource: string
  message: string
  firstSeen?: string
  ageDays?: number
}

export interface NotifyMessage {
  subject: string
  text: string
  /** The generic webhook's JSON body (Slack gets `text`, SNS gets `subject` and `text`). */
  body: ReportBody | CouldNotRunBody
}

/** The run stopped before any report existed (exit 2): what stopped it, for the same targets. */
export interface CouldNotRunBody {
  tool: 'platform'
  env: string
  couldNotRun: {code: string; exitCode: number; message: string; remedy: string | null}
}

export interface ReportBody {
  tool: 'platform'
  env: string
  account: string
  startedAt: string
  reason: string
  summary: AuditReport['summary']
  comparedTo: string | null
  new: NotifiedFinding[]
  resolved: NotifiedFinding[]
  stillFailing: NotifiedFinding[]
  /** Without --compare-to: tonight's FAIL and ERROR findings (nothing to call new). */
  failing: NotifiedFinding[]
  report: string | null
  problems: string[]
}

export interface Decision {
  send: boolean
  reason: string
}

const failing = (f: Finding) => f.status === 'FAIL' || f.status === 'ERROR'

/**
 * By default a notification is sent only when something changed since the run compared with
 * (new, resolved or changed findings; a new ERROR is a new finding), or, without a comparison,
 * when anything fails or errors; a reporting problem (Security Hub refused findings) always
 * sends. `--notify-always` sends every night.
 */
export function decide(report: AuditReport, opts: {always: boolean; problems: string[]}): Decision {
  if (opts.always) return {send: true, reason: '--notify-always'}
  if (opts.problems.length) return {send: true, reason: `reporting problem: ${opts.problems.length}`}
  const c = report.comparison
  if (c) {
    if (diffIsEmpty(c)) return {send: false, reason: `nothing changed since ${c.againstStartedAt} (${c.against})`}
    return {
      send: true,
      reason: `${c.new.length} new, ${c.resolved.length} resolved, ${c.changed.length} changed since ${c.againstStartedAt}`,
    }
  }
  const n = report.findings.filter(failing).length
  return n
    ? {send: true, reason: `${n} FAIL/ERROR finding(s), no comparison (--compare-to) to tell what is new`}
    : {send: false, reason: 'no FAIL or ERROR, and no comparison (--compare-to)'}
}

const fromEntry = (e: DiffEntry): NotifiedFinding => ({
  id: e.id,
  checkId: e.checkId,
  status: e.status,
  severity: e.severity,
  requirements: e.requirements,
  resource: `${e.resource.type} ${e.resource.id}`,
  message: e.message,
  ...(e.firstSeen ? {firstSeen: e.firstSeen} : {}),
  ...(e.ageDays !== undefined ? {ageDays: e.ageDays} : {}),
})
const fromFinding = (f: Finding): NotifiedFinding => ({
  id: f.id ?? '',
  checkId: f.checkId,
  status: f.status,
  severity: f.severity,
  requirements: f.requirements,
  resource: `${f.resource.type} ${f.resource.id}`,
  message: f.message,
  ...(f.firstSeen ? {firstSeen: f.firstSeen} : {}),
})

// Slack cuts a message's text at 40,000 characters and SNS at 256 KB; a list this long is read
// in the stored report anyway, so each section names its first findings and counts the rest.
export const MAX_LISTED = 25

function section(title: string, xs: NotifiedFinding[]): string[] {
  if (!xs.length) return []
  const line = (f: NotifiedFinding) =>
    `  [${f.severity.toUpperCase()}] ${f.status} ${f.checkId} ${f.resource} (${f.requirements.join(', ')})` +
    (f.ageDays !== undefined ? `, failing for ${f.ageDays} day(s) since ${f.firstSeen!.slice(0, 10)}` : '') +
    `\n      ${f.message}`
  const more = xs.length > MAX_LISTED ? [`  ... and ${xs.length - MAX_LISTED} more (see the report)`] : []
  return [`${title} (${xs.length}):`, ...xs.slice(0, MAX_LISTED).map(line), ...more]
}

export function buildMessage(
  report: AuditReport,
  decision: Decision,
  problems: string[],
): NotifyMessage & {body: ReportBody} {
  const c = report.comparison
  const body: ReportBody = {
    tool: 'platform',
    env: report.env,
    account: report.account,
    startedAt: report.startedAt,
    reason: decision.reason,
    summary: report.summary,
    comparedTo: c?.against ?? null,
    new: c ? c.new.map(fromEntry) : [],
    resolved: c ? c.resolved.map(fromEntry) : [],
    stillFailing: c ? c.stillFailing.map(fromEntry) : [],
    failing: c ? [] : report.findings.filter(failing).map(fromFinding),
    // The stored run's report itself (--store): s3://BUCKET/PREFIX/ENV/YYYY/MM/DD/RUNID/report.json.
    report: report.stored ? `${report.stored.url}${REPORT}` : null,
    problems,
  }
  const s = report.summary
  const counts = c
    ? `${c.new.length} new, ${c.resolved.length} resolved, ${c.stillFailing.length} still failing`
    : `${s.fail} FAIL, ${s.error} ERROR`
  // SNS: Subject at most 100 ASCII characters, no line breaks.
  const subject = `platform audit ${report.env} (${report.account}): ${counts}`.slice(0, 100)
  const text = [
    `platform audit of ${report.env}, account ${report.account}, ${report.startedAt}: ${counts}`,
    `PASS ${s.pass}, FAIL ${s.fail}, ERROR ${s.error}, MANUAL ${s.manual}, MUTED ${s.muted}` +
      (c ? `; compared with ${c.against}` : ''),
    ...problems.map((p) => `Problem: ${p}`),
    ...section('New', body.new),
    ...section('Resolved', body.resolved),
    ...section('Still failing', body.stillFailing),
    ...section('Failing', body.failing),
    body.report ? `Report: ${body.report}` : 'Report: not stored (no --store)',
  ].join('\n')
  return {subject, text, body}
}

/**
 * A nightly audit that could not run at all (credentials, endpoint, a bad --store) has no
 * findings to name, and is the night an operator most needs to hear about: always sent.
 */
export function couldNotRunMessage(
  env: string,
  err: {code: string; exitCode: number; message: string; remedy?: string},
): NotifyMessage {
  const body: CouldNotRunBody = {
    tool: 'platform',
    env,
    couldNotRun: {code: err.code, exitCode: err.exitCode, message: err.message, remedy: err.remedy ?? null},
  }
  return {
    subject: `platform audit ${env}: could not run (${err.code})`.slice(0, 100),
    text: [
      `platform audit of ${env} could not run (exit ${err.exitCode}, ${err.code}): nothing was judged tonight.`,
      err.message,
      ...(err.remedy ? [`Remedy: ${err.remedy}`] : []),
    ].join('\n'),
    body,
  }
}
