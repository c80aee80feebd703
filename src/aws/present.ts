import {AwsCallError} from '../errors.js'

/**
 * A value the AWS API reference documents as always returned (an id in a create response, an
 * ARN in a describe). Its absence is an anomaly of the endpoint, reported as such, rather than
 * an `undefined` that surfaces three calls later.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) {
    throw new AwsCallError(
      `AWS answered without ${what}.`,
      'Re-run: provision resumes from the current state. If it persists, the endpoint is not behaving like AWS.',
      'INCOMPLETE_RESPONSE',
    )
  }
  return value
}
