import type {AuditReport} from '../audit/report-schema.js'
import type {AwsAccess} from '../aws/clients.js'
import {ExitCode, PlatformError} from '../errors.js'
import {importToSecurityHub} from '../securityhub/import.js'
import {notify, notifyCouldNotRun} from './index.js'
import {safeError, type NotifyConfig} from './send.js'
import type {NotifyTarget} from './targets.js'

/**
 * The only mutating calls the reporting step may make. The audit's own access stays read-only
 * (readOnly: true refuses every one of these); this second access is built for reporting alone
 * and refuses anything else that is not a read (AwsAccessOptions.allowMutating).
 */
export const REPORTING_CALLS = ['SNS.Publish', 'SecurityHub.BatchImportFindings'] as const

/**
 * After the audit (and its --store): Security Hub first, so that a refused import is named in
 * the notification, then the notifications. Returns the report with both results, the lines for
 * stderr and the exit code: a Security Hub failure is an ERROR (3 unless a FAIL already makes
 * it 1); an undelivered notification is NOTIFY_FAILED (8), above any audit outcome, since
 * nobody was told.
 */
export async function reportRun(opts: {
  report: AuditReport
  exitCode: number
  access: () => AwsAccess
  region: string
  securityHub: boolean
  checkIds: string[]
  targets: NotifyTarget[]
  always: boolean
  config: NotifyConfig
  env: NodeJS.ProcessEnv
}): Promise<{report: AuditReport; exitCode: number; stderr: string[]}> {
  let {report, exitCode} = opts
  const stderr: string[] = []
  const problems: string[] = []
  let aws: AwsAccess | undefined
  const access = () => (aws ??= opts.access())
  try {
    if (opts.securityHub) {
      let result
      try {
        result = await importToSecurityHub({aws: access(), report, checkIds: opts.checkIds, region: opts.region})
      } catch (err) {
        // GetFindings refused (Security Hub not enabled, access denied): nothing was imported.
        result = {
          productArn: '',
          region: opts.region,
          imported: 0,
          archived: 0,
          batches: 0,
          failed: [{id: '*', code: (err as Error).name ?? 'Error', message: safeError(err, [])}],
        }
      }
      report = {...report, securityHub: result}
      if (result.failed.length) {
        const reasons = result.failed.slice(0, 10).map((f) => `${f.id}: ${f.code} ${f.message}`)
        problems.push(`Security Hub refused ${result.failed.length} finding(s): ${reasons.join('; ')}`)
        stderr.push(
          `ERROR: Security Hub import failed for ${result.failed.length} finding(s):`,
          ...reasons.map((r) => `  ${r}`),
        )
        if (exitCode === ExitCode.OK) exitCode = ExitCode.INCOMPLETE
      }
    }
    if (opts.targets.length) {
      const secrets: string[] = []
      const result = await notify({
        report,
        targets: opts.targets,
        always: opts.always,
        problems,
        ctx: {aws: access, region: opts.region, config: opts.config, env: opts.env, secrets},
      })
      report = {...report, notifications: result}
      const failed = result.deliveries.filter((d) => !d.ok)
      for (const d of failed) stderr.push(`ERROR: notification to ${d.target} failed: ${d.error}`)
      if (failed.length) exitCode = ExitCode.NOTIFY_FAILED
    }
    return {report, exitCode, stderr}
  } finally {
    aws?.destroy()
  }
}

/**
 * The audit threw before any report existed (exit 2 and the like): with --notify, every target
 * hears that tonight was not judged. Returns the lines for stderr; the caller rethrows the
 * original error, so the exit code stays the error's own.
 */
export async function reportCouldNotRun(opts: {
  error: unknown
  envName: string
  access: () => AwsAccess
  region: string
  targets: NotifyTarget[]
  config: NotifyConfig
  env: NodeJS.ProcessEnv
}): Promise<string[]> {
  if (!opts.targets.length || !(opts.error instanceof PlatformError)) return []
  let aws: AwsAccess | undefined
  try {
    const e = opts.error
    const result = await notifyCouldNotRun({
      env: opts.envName,
      error: {code: e.code, exitCode: e.exitCode, message: e.message, ...(e.remedy ? {remedy: e.remedy} : {})},
      targets: opts.targets,
      ctx: {aws: () => (aws ??= opts.access()), region: opts.region, config: opts.config, env: opts.env, secrets: []},
    })
    return result.deliveries.map((d) =>
      d.ok
        ? `Notified ${d.target}: the audit could not run.`
        : `ERROR: notification to ${d.target} (the audit could not run) failed: ${d.error}`,
    )
  } finally {
    aws?.destroy()
  }
}
