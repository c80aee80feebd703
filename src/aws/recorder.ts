/**
 * Counts every SDK call by service and operation, mutating or read-only. Installed as an
 * `initialize` middleware on every client, so it sees a command once, before retries.
 */
import {AsyncLocalStorage} from 'node:async_hooks'
import type {CallSummary} from '../audit/report-schema.js'
import {RetryStats} from './retry.js'

/** Calls made inside `callScope.run(counter, ...)` are counted there too (per-resource call counts). */
export const callScope = new AsyncLocalStorage<{n: number}>()

// Simulate: iam:SimulatePrincipalPolicy evaluates policies and changes nothing (doctor's
// permission check; access level Read in https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List', 'Head', 'Lookup', 'Search', 'BatchGet', 'Verify', 'Simulate']

export function isReadOnlyOperation(operation: string): boolean {
  const name = operation.replace(/Command$/, '')
  return READ_ONLY_PREFIXES.some((p) => name.startsWith(p))
}

export interface RecordedCall {
  service: string
  operation: string
  region: string
  mutating: boolean
}

// The shape is the audit report's `calls` field, inferred from its zod schema.
export type {CallSummary}

export class CallRecorder {
  readonly calls: RecordedCall[] = []
  /** Retries and throttles by service, counted by the bounded retry strategy (retry.ts). */
  readonly retries = new RetryStats()

  record(call: RecordedCall): void {
    this.calls.push(call)
    const scope = callScope.getStore()
    if (scope) scope.n++
  }

  get mutatingCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.mutating)
  }

  summary(): CallSummary {
    const byOperation: Record<string, number> = {}
    for (const c of this.calls) {
      const k = `${c.service}.${c.operation}`
      byOperation[k] = (byOperation[k] ?? 0) + 1
    }
    const mutating = this.mutatingCalls.length
    return {total: this.calls.length, mutating, readOnly: this.calls.length - mutating, byOperation}
  }
}
