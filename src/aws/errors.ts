import {ALREADY_THERE_CODES} from './already.js'
import {AccessDeniedError, AwsCallError, CredentialsError, EndpointError, PlatformError} from '../errors.js'

/**
 * The one place that turns SDK failures into a message, a remedy and an exit code.
 * Never includes request parameters: they may carry secrets.
 */
const CREDENTIAL_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidAccessKeyId',
  'TokenRefreshRequired',
  'CredentialsProviderError',
])
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Forbidden',
  'AuthorizationError',
  'UnauthorizedAccess',
])
const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'PriorRequestNotComplete',
])
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'TimeoutError',
  'RequestTimeout',
])

export function errorCode(err: unknown): string {
  const e = err as {name?: string; Code?: string; code?: string}
  return e?.Code ?? e?.name ?? e?.code ?? 'Unknown'
}

export function isNotFound(err: unknown, ...codes: string[]): boolean {
  const e = err as {name?: string; Code?: string; $metadata?: {httpStatusCode?: number}}
  const code = errorCode(err)
  if (codes.length > 0) return codes.includes(code)
  return /NotFound|NoSuch|does not exist/i.test(code) || e?.$metadata?.httpStatusCode === 404
}

/**
 * The call's answer, or `fallback` when AWS answers with one of `codes`: the thing does not
 * exist, or a configuration was never set. Any other failure is thrown, never taken as absence.
 */
export async function unlessAbsent<T, F = undefined>(call: Promise<T>, codes: string[], fallback?: F): Promise<T | F> {
  try {
    return await call
  } catch (err) {
    if (codes.includes(errorCode(err))) return fallback as F
    throw err
  }
}

export function describeOperation(err: unknown): string {
  const e = err as {$metadata?: {httpStatusCode?: number}; $service?: string; $operation?: string}
  return e?.$operation ? ` (${e.$operation})` : ''
}

export function toPlatformError(err: unknown, context = ''): PlatformError {
  if (err instanceof PlatformError) return err
  const e = err as {name?: string; message?: string; code?: string; $metadata?: {httpStatusCode?: number}}
  const code = errorCode(err)
  const where = context ? `${context}: ` : ''
  const msg = readableMessage(code, e?.message ?? String(err))
  if (code === 'CredentialsProviderError' || (/Could not load credentials|credential/i.test(msg) && !e?.$metadata)) {
    return new CredentialsError(
      `${where}No AWS credentials found.`,
      'Set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`. For the local emulator: `npm run demo` sets dummy credentials.',
      err,
    )
  }
  if (CREDENTIAL_CODES.has(code)) {
    return new CredentialsError(
      `${where}The AWS credentials were rejected (${code}): ${msg}`,
      'Refresh them (`aws sso login`, a new session token) and check the profile and account.',
      err,
    )
  }
  if (DENIED_CODES.has(code) || (e?.$metadata?.httpStatusCode === 403 && !THROTTLE_CODES.has(code))) {
    return new AccessDeniedError(
      `${where}Access denied (${code}): ${msg}`,
      'The caller lacks an IAM permission this command needs; `platform doctor` shows which services answer. Ask for the role documented in the README.',
      err,
    )
  }
  if (THROTTLE_CODES.has(code)) {
    return new AwsCallError(
      `${where}AWS kept throttling after retries (${code}).`,
      'Run again later, or lower concurrency with --concurrency.',
      'THROTTLED',
      err,
    )
  }
  if (
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has(e?.code ?? '') ||
    /ECONNREFUSED|ENOTFOUND|getaddrinfo|connect ETIMEDOUT/.test(msg)
  ) {
    return new EndpointError(
      `${where}Cannot reach the AWS endpoint: ${msg}`,
      'Check --endpoint-url / AWS_ENDPOINT_URL (for the local emulator: is moto_server running?), the network, and the region.',
      err,
    )
  }
  if (/Region is missing|Invalid region|region.*not valid/i.test(msg)) {
    return new EndpointError(
      `${where}Unknown or missing AWS region: ${msg}`,
      'Pass a valid region; the tool uses ap-northeast-1, us-east-1 and the DR region of the configuration.',
      err,
    )
  }
  const nonApi = nonApiAnswer(err)
  if (nonApi) return new AwsCallError(`${where}${nonApi}`, NON_API_REMEDY, `HTTP_${e?.$metadata?.httpStatusCode}`, err)
  return new AwsCallError(
    `${where}AWS call failed (${code}): ${msg}`,
    'See the message; `platform doctor` checks access. Re-running is safe: every change is idempotent.',
    code,
    err,
  )
}

/** The SDK says "Unknown" (or repeats the code) when AWS sent no message: name the code and its meaning instead. */
function readableMessage(code: string, message: string): string {
  const line = firstLine(message)
  if (line && line !== 'Unknown' && line !== code && line !== 'UnknownError') return line
  const meaning = ALREADY_THERE_CODES[code]
  return meaning ? `${meaning} (AWS sent no message)` : 'AWS sent no message'
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 400)
}

const NON_API_REMEDY =
  'Usually transient (a load balancer or proxy in front of the AWS endpoint): run again. If it persists, check --endpoint-url / AWS_ENDPOINT_URL and any HTTPS proxy.'

/**
 * A 5xx whose body is not the service's error format (an HTML page from a proxy or an AWS front
 * end): the SDK then reports a JSON parse error (SyntaxError "Unexpected token '<'") or a code of
 * "Unknown". Say what it is instead: the status and the kind of body, never the body itself.
 */
export function nonApiAnswer(err: unknown): string | undefined {
  const e = err as {
    name?: string
    message?: string
    $metadata?: {httpStatusCode?: number}
    $response?: {headers?: Record<string, string>}
  }
  const status = e?.$metadata?.httpStatusCode
  if (!status || status < 500) return undefined
  const unparsed = e.name === 'SyntaxError' || /Deserialization error/.test(e.message ?? '')
  const unnamed = e.name === 'Unknown' || e.name === 'UnknownError' || e.name === undefined
  if (!unparsed && !unnamed) return undefined
  const type = e.$response?.headers?.['content-type']
  const body = type ? ` (${type.split(';')[0]} body)` : ''
  return `AWS's endpoint answered HTTP ${status}${body} with no AWS error in it: a gateway or proxy error page, not an answer from the service.`
}
