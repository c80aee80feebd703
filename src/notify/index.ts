import type {AuditReport} from '../audit/report-schema.js'
import {buildMessage, couldNotRunMessage, decide} from './message.js'
import type {NotificationsResult} from './schema.js'
import {deliver, safeError, type SendContext} from './send.js'
import type {NotifyTarget} from './targets.js'

export {parseTargets} from './targets.js'

/**
 * `audit --notify`: decides whether tonight is worth a message, then sends it to every target
 * (one failing target does not stop the others). Never throws for a delivery: each outcome is
 * in the result, and the caller turns any failure into its exit code.
 */
export async function notify(opts: {
  report: AuditReport
  targets: NotifyTarget[]
  always: boolean
  /** Reporting problems to name in the message (Security Hub refusals): they always send. */
  problems: string[]
  ctx: SendContext
}): Promise<NotificationsResult> {
  const decision = decide(opts.report, {always: opts.always, problems: opts.problems})
  if (!decision.send) return {sent: false, reason: decision.reason, deliveries: []}
  const msg = buildMessage(opts.report, decision, opts.problems)
  const deliveries = []
  for (const t of opts.targets) deliveries.push(await deliver(t, msg, opts.ctx))
  return {sent: true, reason: decision.reason, deliveries}
}

/** The audit stopped with an error before any report: every target is told, whatever the default. */
export async function notifyCouldNotRun(opts: {
  env: string
  error: {code: string; exitCode: number; message: string; remedy?: string}
  targets: NotifyTarget[]
  ctx: SendContext
}): Promise<NotificationsResult> {
  // The error's text is printed on stderr anyway; scrubbed of any URL before it travels further.
  const e = opts.error
  const msg = couldNotRunMessage(opts.env, {
    ...e,
    message: safeError(e, opts.ctx.secrets),
    ...(e.remedy ? {remedy: safeError({message: e.remedy}, opts.ctx.secrets)} : {}),
  })
  const deliveries = []
  for (const t of opts.targets) deliveries.push(await deliver(t, msg, opts.ctx))
  return {sent: true, reason: `the audit could not run (${e.code})`, deliveries}
}
