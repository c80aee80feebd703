import {ExitCode, type ExitCodeValue} from '../errors.js'
import type {ProvisionResult} from '../reconcile/provision.js'

/** 6 when a replacement was left undone (even on a dry run); 7 for pending changes with --dry-run --detailed-exitcode. */
export function provisionExitCode(result: ProvisionResult, opts: {detailedExitcode: boolean}): ExitCodeValue {
  if (result.replaceRequired.length > 0) return ExitCode.REPLACE_REQUIRED
  if (result.dryRun && opts.detailedExitcode && result.pendingChanges > 0) return ExitCode.CHANGES_PENDING
  return ExitCode.OK
}
