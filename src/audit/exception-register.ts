import type {AuditException} from './exceptions.js'

/** Days before expiry at which an exception shows as expiring: a month to renew or remove it. */
export const EXPIRING_DAYS = 30

export const REGISTER_STATUSES = ['active', 'expiring', 'expired', 'unapproved'] as const
export type RegisterStatus = (typeof REGISTER_STATUSES)[number]

/** One row of the exception register (例外管理台帳). */
export interface RegisterRow {
  check: string
  resource: string
  owner: string
  reason: string
  approvedBy: string
  approvedOn: string
  ticket: string
  expires: string
  /** Whole days from today (UTC, as the audit counts) to the expiry date; negative once expired. */
  daysLeft: number
  status: RegisterStatus
}

export const REGISTER_COLUMNS = [
  'check',
  'resource',
  'owner',
  'reason',
  'approvedBy',
  'approvedOn',
  'ticket',
  'expires',
  'status',
] as const satisfies readonly (keyof RegisterRow)[]

const DAY_MS = 86_400_000

/**
 * Every exception with its status on `now`. Expired wins (it no longer mutes anything, as the
 * audit says); then unapproved (no approvedBy: a risk nobody accepted); then expiring within
 * EXPIRING_DAYS; else active. The audit's own day is the UTC date, so is the register's.
 */
export function exceptionRegister(exceptions: readonly AuditException[], now: Date): RegisterRow[] {
  const today = Date.parse(now.toISOString().slice(0, 10))
  return exceptions.map((e) => {
    const daysLeft = Math.round((Date.parse(e.expires) - today) / DAY_MS)
    const status: RegisterStatus =
      daysLeft < 0 ? 'expired' : !e.approvedBy ? 'unapproved' : daysLeft <= EXPIRING_DAYS ? 'expiring' : 'active'
    return {
      check: e.check,
      resource: e.resource,
      owner: e.owner,
      reason: e.reason,
      approvedBy: e.approvedBy ?? '',
      approvedOn: e.approvedOn ?? '',
      ticket: e.ticket ?? '',
      expires: e.expires,
      daysLeft,
      status,
    }
  })
}
