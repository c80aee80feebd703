import {ExitCode, PlatformError} from '../errors.js'
import {auditExitCode} from './exit.js'
import type {AuditReport, AuditSummary} from './report-schema.js'
import type {Severity} from './types.js'

/** One environment of a multi-environment audit: its usual report, or why it could not be audited. */
export type EnvironmentOutcome =
  | {env: string; status: 'AUDITED'; account: string; exitCode: number; report: AuditReport}
  | {
      env: string
      status: 'ERROR'
      /** The configured account, when there is one. */
      account?: string
      exitCode: number
      error: {code: string; message: string; remedy?: string}
    }

export interface MultiAuditSummary {
  environments: number
  audited: number
  error: number
  /** Findings over every audited environment. */
  findings: AuditSummary
  exitCode: number
}

/** The report when more than one environment is audited (one environment keeps the single report's shape). */
export interface MultiAuditReport {
  environments: EnvironmentOutcome[]
  summary: MultiAuditSummary
}

/**
 * Worst wins. An environment that could not be audited at all is INCOMPLETE (3) whatever the
 * others found: a whole account left unjudged must not hide behind the usual FINDINGS (1) of
 * the rest. Otherwise FINDINGS (1) > INCOMPLETE (3, some ERROR findings) > OK (0), as for one
 * environment.
 */
export function multiExitCode(outcomes: EnvironmentOutcome[]): number {
  if (outcomes.some((o) => o.status === 'ERROR')) return ExitCode.INCOMPLETE
  const codes = outcomes.map((o) => o.exitCode)
  if (codes.includes(ExitCode.FINDINGS)) return ExitCode.FINDINGS
  if (codes.includes(ExitCode.INCOMPLETE)) return ExitCode.INCOMPLETE
  return ExitCode.OK
}

/**
 * Audits each environment with at most `concurrency` at once. A failure of one environment
 * (its role cannot be assumed, its credentials reach another account, its configuration is
 * wrong) becomes an ERROR outcome with its reason; the others complete.
 */
export async function auditEnvironments(opts: {
  envs: string[]
  concurrency: number
  failOn: Severity
  auditOne: (env: string) => Promise<AuditReport>
  accountOf?: (env: string) => string | undefined
}): Promise<MultiAuditReport> {
  const outcomes: EnvironmentOutcome[] = new Array(opts.envs.length)
  let next = 0
  const worker = async () => {
    while (next < opts.envs.length) {
      const i = next++
      const env = opts.envs[i]!
      try {
        const report = await opts.auditOne(env)
        outcomes[i] = {
          env,
          status: 'AUDITED',
          account: report.account,
          exitCode: auditExitCode(report.findings, opts.failOn),
          report,
        }
      } catch (err) {
        const e =
          err instanceof PlatformError
            ? {code: err.code, message: err.message, ...(err.remedy ? {remedy: err.remedy} : {})}
            : {code: 'UNEXPECTED', message: (err as Error)?.message ?? String(err)}
        const account = safe(() => opts.accountOf?.(env))
        outcomes[i] = {
          env,
          status: 'ERROR',
          ...(account ? {account} : {}),
          exitCode: ExitCode.INCOMPLETE,
          error: e,
        }
      }
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(opts.concurrency, opts.envs.length))}, worker))
  const audited = outcomes.filter((o): o is Extract<EnvironmentOutcome, {status: 'AUDITED'}> => o.status === 'AUDITED')
  const sum = (k: keyof AuditSummary) => audited.reduce((n, o) => n + o.report.summary[k], 0)
  return {
    environments: outcomes,
    summary: {
      environments: outcomes.length,
      audited: audited.length,
      error: outcomes.length - audited.length,
      findings: {pass: sum('pass'), fail: sum('fail'), error: sum('error'), manual: sum('manual'), muted: sum('muted')},
      exitCode: multiExitCode(outcomes),
    },
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}

/** Text: a section per environment (the usual table, or the reason it could not be audited), then the summary. */
export function multiAuditText(report: MultiAuditReport, table: (r: AuditReport) => string): string[] {
  const lines: string[] = []
  for (const o of report.environments) {
    lines.push(`== ${o.env} (account ${o.account ?? 'unknown'}) ==`)
    if (o.status === 'AUDITED') lines.push(table(o.report))
    else {
      lines.push(`ERROR: could not audit ${o.env}: ${o.error.message}`)
      if (o.error.remedy) lines.push(`  remedy: ${o.error.remedy}`)
    }
    lines.push('')
  }
  const s = report.summary
  const f = s.findings
  lines.push(
    `Environments: ${s.environments} (${s.audited} audited, ${s.error} could not be audited). Findings: ${f.fail} FAIL, ${f.error} ERROR, ${f.pass} PASS, ${f.muted} MUTED, ${f.manual} MANUAL. Exit ${s.exitCode}.`,
  )
  return lines
}
