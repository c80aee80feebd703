import {describe, expect, expectTypeOf, it} from 'vitest'
import type {AuditReport} from '../../../src/audit/index.js'
import * as inferred from '../../../src/audit/report-schema.js'
import type {AuditSummary} from '../../../src/audit/run.js'
import * as declared from '../../../src/audit/types.js'
import type {CallSummary} from '../../../src/aws/recorder.js'

// The report's types are z.infer of its schemas. src/audit/types.ts still declares Finding and
// its parts by hand; until those become re-exports of report-schema.ts, these checks (run by
// `npm run typecheck:test`) keep the two spellings identical.
describe('audit report types', () => {
  it('src/audit/types.ts declares exactly the inferred shapes', () => {
    expectTypeOf<declared.Finding>().toEqualTypeOf<inferred.Finding>()
    expectTypeOf<declared.Remediation>().toEqualTypeOf<inferred.Remediation>()
    expectTypeOf<declared.Severity>().toEqualTypeOf<inferred.Severity>()
    expectTypeOf<declared.Status>().toEqualTypeOf<inferred.Status>()
    expect(declared.SEVERITIES).toEqual(inferred.severitySchema.options)
  })

  it('the report, summary and call summary other modules export are the inferred ones', () => {
    expectTypeOf<AuditReport>().toEqualTypeOf<inferred.AuditReport>()
    expectTypeOf<AuditSummary>().toEqualTypeOf<inferred.AuditSummary>()
    expectTypeOf<CallSummary>().toEqualTypeOf<inferred.CallSummary>()
  })
})
