/**
 * One error hierarchy for the whole tool. Every expected failure is a PlatformError with an
 * exit code and a remedy; the base command turns it into output in one place.
 */

/** Exit codes, shown in `--help` and the README. */
export const ExitCode = {
  OK: 0,
  /** Findings: an audit FAIL, a verify mismatch, a doctor probe that failed. */
  FINDINGS: 1,
  /** Could not run: usage, configuration, credentials, access, endpoint. */
  CANNOT_RUN: 2,
  /** Incomplete: some checks could not read what they judge (audit ERROR). */
  INCOMPLETE: 3,
  /** An AWS call failed while changing the account (provision/destroy stopped part-way). */
  APPLY_FAILED: 4,
  /** Another run holds the environment's lock. */
  LOCKED: 5,
  /** The plan holds a replacement that is never applied silently. */
  REPLACE_REQUIRED: 6,
  /** Dry run with --detailed-exitcode: changes are pending. */
  CHANGES_PENDING: 7,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export const EXIT_CODE_HELP = `EXIT CODES
  0    success; nothing to report
  1    findings: audit FAIL at/above --fail-on, verify mismatch, failed doctor probe
  2    could not run: usage, configuration, credentials, access denied, endpoint
  3    incomplete: some checks could not read what they judge (ERROR)
  4    an AWS call failed while changing the account
  5    another run holds the environment's lock
  6    the plan requires a replacement (never applied silently)
  7    dry run with --detailed-exitcode: changes are pending
  130  interrupted`

export class PlatformError extends Error {
  readonly exitCode: ExitCodeValue
  readonly remedy?: string
  /** A short stable code for machines (`--json` error output). */
  readonly code: string

  constructor(message: string, opts: {exitCode?: ExitCodeValue; remedy?: string; code?: string; cause?: unknown} = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = new.target.name
    this.exitCode = opts.exitCode ?? ExitCode.CANNOT_RUN
    this.remedy = opts.remedy
    this.code = opts.code ?? 'PLATFORM_ERROR'
  }
}

export class UsageError extends PlatformError {
  constructor(message: string, remedy?: string) {
    super(message, {exitCode: ExitCode.CANNOT_RUN, remedy, code: 'USAGE'})
  }
}

/** A configuration file that does not parse or validate. `file` and `path` name the spot. */
export class ConfigError extends PlatformError {
  constructor(
    message: string,
    readonly file: string,
    readonly issues: {path: string; message: string}[] = [],
  ) {
    super(message, {
      exitCode: ExitCode.CANNOT_RUN,
      code: 'CONFIG',
      remedy: `Fix ${file}; \`platform design show --env ENV\` prints the resolved result.`,
    })
  }
}

export class CredentialsError extends PlatformError {
  constructor(message: string, remedy: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.CANNOT_RUN, remedy, code: 'CREDENTIALS', cause})
  }
}

export class AccessDeniedError extends PlatformError {
  constructor(message: string, remedy: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.CANNOT_RUN, remedy, code: 'ACCESS_DENIED', cause})
  }
}

export class EndpointError extends PlatformError {
  constructor(message: string, remedy: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.CANNOT_RUN, remedy, code: 'ENDPOINT', cause})
  }
}

/** An AWS call failed in a way the tool cannot fix (throttled after retries, a service error). */
export class AwsCallError extends PlatformError {
  constructor(message: string, remedy: string, code: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.APPLY_FAILED, remedy, code, cause})
  }
}

export class LockHeldError extends PlatformError {
  constructor(message: string, remedy: string) {
    super(message, {exitCode: ExitCode.LOCKED, remedy, code: 'LOCKED'})
  }
}

export class ReplaceRequiredError extends PlatformError {
  constructor(message: string, remedy: string) {
    super(message, {exitCode: ExitCode.REPLACE_REQUIRED, remedy, code: 'REPLACE_REQUIRED'})
  }
}

/** A resource with our deterministic name that does not carry our ownership tags. */
export class NotOwnedError extends PlatformError {
  constructor(message: string, remedy: string) {
    super(message, {exitCode: ExitCode.APPLY_FAILED, remedy, code: 'NOT_OWNED'})
  }
}
