import {UsageError} from '../errors.js'
import type {CheckDefinition} from './types.js'

/** A check without its code: what `checks list` and `checks show` print, --json or not. */
export type CheckMeta = Omit<CheckDefinition, 'run'>

export function checkMeta({run: _run, ...meta}: CheckDefinition): CheckMeta {
  return meta
}

/** The check with this id, or a usage error naming where the ids are listed. */
export function checkById(checks: readonly CheckDefinition[], id: string): CheckDefinition {
  const check = checks.find((c) => c.id === id)
  if (!check) throw new UsageError(`Unknown check "${id}".`, '`platform checks list` shows the ids.')
  return check
}

/** Every id names a check; otherwise a usage error listing those that do not. */
export function requireKnownChecks(checks: readonly CheckDefinition[], ids: string[]): void {
  const unknown = ids.filter((id) => !checks.some((c) => c.id === id))
  if (unknown.length)
    throw new UsageError(`Unknown check(s): ${unknown.join(', ')}.`, '`platform checks list` shows the ids.')
}
