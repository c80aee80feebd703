import {z} from 'zod'
import {FRAMEWORKS} from './types.js'

/**
 * The compliance view as carried in the `audit --framework X --json` report (its `compliance`
 * field): one row per guideline item of the framework, judged from the run's findings.
 */
const text = z.strictObject({ja: z.string(), en: z.string()})

export const guidelineItemSchema = z.strictObject({
  id: z.string(),
  framework: z.enum(FRAMEWORKS),
  volume: z.string(),
  volumeTitle: text,
  number: z.string(),
  title: text,
  source: z.strictObject({title: z.string(), url: z.string(), seenAt: z.string().optional()}),
  // False: the number could not be confirmed against a source; reports mark it.
  confirmed: z.boolean(),
  kind: z.enum(['auto', 'manual']),
  // MANUAL items: the evidence an auditor expects (documents, records).
  evidence: text.optional(),
})

// MANUAL: people and paper evidence it. NOT_RUN: no check that evidences it ran (filters, or none selected).
export const complianceStatusSchema = z.enum(['PASS', 'FAIL', 'ERROR', 'MUTED', 'MANUAL', 'NOT_RUN'])

export const complianceRowSchema = z.strictObject({
  item: guidelineItemSchema,
  status: complianceStatusSchema,
  checks: z.array(z.string()),
  requirements: z.array(z.string()),
  counts: z.strictObject({
    pass: z.number().int(),
    fail: z.number().int(),
    error: z.number().int(),
    muted: z.number().int(),
  }),
  // The FAIL and ERROR findings behind a non-PASS status.
  failing: z.array(
    z.strictObject({
      checkId: z.string(),
      resourceId: z.string(),
      status: z.enum(['FAIL', 'ERROR']),
      message: z.string(),
    }),
  ),
})

export const complianceSummarySchema = z.strictObject({
  items: z.number().int(),
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  muted: z.number().int(),
  manual: z.number().int(),
  notRun: z.number().int(),
  // Items whose number is not confirmed against a source.
  unconfirmed: z.number().int(),
})

export const complianceViewSchema = z.strictObject({
  framework: z.enum(FRAMEWORKS),
  title: text,
  items: z.array(complianceRowSchema),
  summary: complianceSummarySchema,
})

export type ComplianceStatus = z.infer<typeof complianceStatusSchema>
export type ComplianceRow = z.infer<typeof complianceRowSchema>
export type ComplianceView = z.infer<typeof complianceViewSchema>
