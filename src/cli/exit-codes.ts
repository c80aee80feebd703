import {EXIT_CODES, ExitCode, type ExitCodeValue} from '../errors.js'
import type {ProvisionResult} from '../reconcile/provision.js'

/** The EXIT CODES section every command's `--help` ends with. */
export function exitCodeHelp(): string {
  const width = Math.max(...EXIT_CODES.map((e) => String(e.code).length)) + 2
  return ['EXIT CODES', ...EXIT_CODES.map((e) => `  ${String(e.code).padEnd(width)}${e.meaning}`)].join('\n')
}

/** The README's exit-code table; flags in backticks, as the rest of the README writes them. */
export function exitCodeMarkdown(): string {
  const rows = EXIT_CODES.map((e) => `| ${e.code} | ${e.meaning.replace(/--[a-z-]+/g, (flag) => `\`${flag}\``)} |`)
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n')
}

/** 6 when a replacement was left undone (even on a dry run); 7 for pending changes with --dry-run --detailed-exitcode. */
export function provisionExitCode(result: ProvisionResult, opts: {detailedExitcode: boolean}): ExitCodeValue {
  if (result.replaceRequired.length > 0) return ExitCode.REPLACE_REQUIRED
  if (result.dryRun && opts.detailedExitcode && result.pendingChanges > 0) return ExitCode.CHANGES_PENDING
  return ExitCode.OK
}
