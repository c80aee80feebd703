/**
 * One error hierarchy for the whole tool. Every expected failure is a PlatformError with an
 * exit code and a remedy; the base command turns it into output in one place.
 */

/**
 * The exit codes: the one table that `--help` (withExitCodes) and the README's "Exit codes"
 * section are generated from, and that ExitCode below is derived from.
 */
export const EXIT_CODES = [
  {code: 0, name: 'OK', meaning: 'success, nothing to report'},
  {
    code: 1,
    name: 'FINDINGS',
    meaning: 'findings: audit FAIL at/above --fail-on, verify mismatch, failed doctor probe, design lint errors',
  },
  {
    code: 2,
    name: 'CANNOT_RUN',
    meaning: 'could not run: usage, configuration, credentials, access denied, endpoint, a failed preflight',
  },
  {code: 3, name: 'INCOMPLETE', meaning: 'incomplete: some checks could not read what they judge (audit ERROR)'},
  {
    code: 4,
    name: 'APPLY_FAILED',
    meaning: 'an AWS call failed while changing the account (provision/destroy stopped part-way)',
  },
  {code: 5, name: 'LOCKED', meaning: "another run holds the environment's lock"},
  {code: 6, name: 'REPLACE_REQUIRED', meaning: 'the plan requires a replacement (never applied silently)'},
  {code: 7, name: 'CHANGES_PENDING', meaning: 'dry run with --detailed-exitcode: changes are pending'},
  {
    code: 8,
    name: 'NOTIFY_FAILED',
    meaning: 'audit --notify: a notification could not be delivered (the audit itself ran; --json says which)',
  },
  {code: 130, name: 'INTERRUPTED', meaning: 'interrupted (Ctrl-C)'},
] as const

type ExitCodeRow = (typeof EXIT_CODES)[number]

/** By name, for code: `ExitCode.FINDINGS` is the literal type 1. */
export const ExitCode = Object.fromEntries(EXIT_CODES.map((e) => [e.name, e.code])) as {
  readonly [R in ExitCodeRow as R['name']]: R['code']
}
export type ExitCodeValue = ExitCodeRow['code']

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

/** One problem preflight found: what, why AWS would refuse it, and the remedy naming the config key. */
export interface PreflightProblem {
  check: string
  what: string
  why: string
  remedy: string
}

/**
 * Preflight refused the run before any mutating call (src/preflight): every problem found, all
 * at once, so one edit of the configuration can fix them together.
 */
export class PreflightError extends PlatformError {
  constructor(
    readonly problems: PreflightProblem[],
    readonly warnings: string[] = [],
  ) {
    super(
      `Preflight refused the run (nothing was changed): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  [${p.check}] ${p.what}\n    why: ${p.why}\n    remedy: ${p.remedy}`).join('\n') +
        (warnings.length ? `\nWarnings:\n${warnings.map((w) => `  ${w}`).join('\n')}` : ''),
      {
        exitCode: ExitCode.CANNOT_RUN,
        code: 'PREFLIGHT',
        remedy: 'Fix each problem above (each remedy names the configuration key), then run again.',
      },
    )
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

/**
 * Two or more resources carry the same ownership tags and logical id where the design wants one,
 * and the tool will not choose (both in use, or they may hold data). Like NotOwnedError, the
 * account is in a state a person must settle: exit 4, before any change to those resources.
 */
export class DuplicateError extends PlatformError {
  constructor(message: string, remedy: string) {
    super(message, {exitCode: ExitCode.APPLY_FAILED, remedy, code: 'DUPLICATE'})
  }
}

/**
 * A local file or value the operator gave that the tool cannot use (a missing path, a
 * directory where a file belongs, malformed JSON): could not run, exit 2, never an AWS failure.
 */
export class LocalInputError extends PlatformError {
  constructor(message: string, remedy: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.CANNOT_RUN, remedy, code: 'LOCAL_INPUT', cause})
  }
}

const LOCAL_ERRNO = new Set([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ELOOP',
  'ENAMETOOLONG',
  'EROFS',
])

/**
 * Errors raised by the local machine rather than by AWS: a filesystem errno without an AWS
 * response ($metadata), or a JSON syntax error. Undefined for anything else.
 */
export function localInputError(err: unknown): LocalInputError | undefined {
  const e = err as {code?: unknown; $metadata?: unknown; message?: string; path?: string}
  if (e && typeof e.code === 'string' && LOCAL_ERRNO.has(e.code) && e.$metadata === undefined)
    return new LocalInputError(
      `${e.path ?? 'a local file'}: ${e.code} (${(e.message ?? '').split('\n')[0]})`,
      'Check the path given and its permissions.',
      err,
    )
  if (err instanceof SyntaxError)
    return new LocalInputError(`Malformed input: ${err.message}`, 'Check the file given.', err)
  return undefined
}

/**
 * The cluster's Kubernetes API could not be read (no network path to the endpoint, no access
 * entry for the caller, a refused list). Only the audit reads it, and a check that needs it is
 * then an ERROR (exit 3), never a pass.
 */
export class KubeApiError extends PlatformError {
  constructor(message: string, remedy: string, code: string, cause?: unknown) {
    super(message, {exitCode: ExitCode.INCOMPLETE, remedy, code, cause})
  }
}
