import {ExitCode} from '../errors.js'
import {SEVERITIES, type Finding, type Severity} from './types.js'

/** OK clean; FINDINGS a FAIL at or above --fail-on; INCOMPLETE no such FAIL but something could not be read. */
export function auditExitCode(findings: Finding[], failOn: Severity): number {
  const atLeast = (s: Severity) => SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(failOn)
  if (findings.some((f) => f.status === 'FAIL' && atLeast(f.severity))) return ExitCode.FINDINGS
  if (findings.some((f) => f.status === 'ERROR')) return ExitCode.INCOMPLETE
  return ExitCode.OK
}
