import {z} from 'zod'
import {notificationsSchema} from '../notify/schema.js'
import {securityHubResultSchema} from '../securityhub/schema.js'
import {complianceViewSchema} from '../guidelines/schema.js'
import {auditDiffSchema, storedRunSchema} from './diff-schema.js'

/**
 * The `platform audit --json` document, written once: schema/audit-report.schema.json is
 * generated from these schemas (scripts/gen-schema.js) and the report's TypeScript types below
 * are inferred from them.
 */
export const statusSchema = z.enum(['PASS', 'FAIL', 'ERROR', 'MANUAL', 'MUTED'])
/** Most severe first: the order --severity and --fail-on compare by. */
export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info'])

export const remediationSchema = z.strictObject({
  // The platform command that repairs it.
  platform: z.string(),
  // The console or CLI step for people without the tool.
  manual: z.string(),
})

export const findingSchema = z.strictObject({
  // Stable across runs: check + resource + requirements (+ field); see src/audit/finding-id.ts.
  id: z.string().optional(),
  checkId: z.string(),
  status: statusSchema,
  severity: severitySchema,
  requirements: z.array(z.string()),
  resource: z.strictObject({type: z.string(), id: z.string(), arn: z.string().optional(), region: z.string()}),
  expected: z.unknown(),
  actual: z.unknown(),
  message: z.string(),
  remediation: remediationSchema,
  // MUTED: the exception that mutes it.
  exception: z.strictObject({reason: z.string(), owner: z.string(), expires: z.string()}).optional(),
  // The canonical field judged, when the check judges a resource field by field.
  field: z.string().optional(),
  // FAIL/ERROR with history (--store, --compare-to): when this finding first failed, carried run to run.
  firstSeen: z.iso.datetime().optional(),
})

export const auditSummarySchema = z.strictObject({
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  manual: z.number().int(),
  muted: z.number().int(),
})

/** The AWS calls a run made (src/aws/recorder.ts counts them). */
export const callSummarySchema = z.strictObject({
  total: z.number().int(),
  mutating: z.number().int(),
  readOnly: z.number().int(),
  byOperation: z.record(z.string(), z.number().int()),
})

export const auditReportSchema = z.strictObject({
  env: z.string(),
  account: z.string(),
  callerArn: z.string(),
  regions: z.array(z.string()),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  summary: auditSummarySchema,
  findings: z.array(findingSchema),
  calls: callSummarySchema,
  // Tonight vs last night (--compare-to, --store).
  comparison: auditDiffSchema.optional(),
  // Where --store wrote this run.
  stored: storedRunSchema.optional(),
  // What --security-hub imported and archived (audit --security-hub).
  securityHub: securityHubResultSchema.optional(),
  // What --notify sent, or why not (audit --notify).
  notifications: notificationsSchema.optional(),
  // Per guideline item of --framework (mhlw-6.0, meti-mic-1.1).
  compliance: complianceViewSchema.optional(),
})

export type Status = z.infer<typeof statusSchema>
export type Severity = z.infer<typeof severitySchema>
export type Remediation = z.infer<typeof remediationSchema>
export type Finding = z.infer<typeof findingSchema>
export type AuditSummary = z.infer<typeof auditSummarySchema>
export type CallSummary = z.infer<typeof callSummarySchema>
export type AuditReport = z.infer<typeof auditReportSchema>
