import {z} from 'zod'

/**
 * Tonight vs last night, as carried in `platform audit --json` (report.comparison) and printed
 * by `platform audit diff --json`. Written once as zod so the JSON Schema in schema/ follows.
 * Kept apart from report-schema.ts so that file only gains the fields that point here.
 */
const status = z.enum(['PASS', 'FAIL', 'ERROR', 'MANUAL', 'MUTED'])

export const diffEntrySchema = z.strictObject({
  id: z.string(),
  checkId: z.string(),
  severity: z.string(),
  requirements: z.array(z.string()),
  resource: z.strictObject({type: z.string(), id: z.string()}),
  field: z.string().optional(),
  message: z.string(),
  // Tonight's status; 'absent': the finding is not in tonight's report at all (not proof of a pass).
  status: z.union([status, z.literal('absent')]),
  // Last night's status; 'absent': not in last night's report.
  previousStatus: z.union([status, z.literal('absent')]),
  expected: z.unknown(),
  actual: z.unknown(),
  previousExpected: z.unknown().optional(),
  previousActual: z.unknown().optional(),
  // Still failing: when it first failed, and how many whole days ago that is.
  firstSeen: z.iso.datetime().optional(),
  ageDays: z.number().int().nonnegative().optional(),
})

export const auditDiffSchema = z.strictObject({
  // The report compared against: a file, an s3:// URL, or the stored run `last` resolved to.
  against: z.string(),
  againstStartedAt: z.iso.datetime(),
  startedAt: z.iso.datetime(),
  // FAIL or ERROR tonight, and not last night.
  new: z.array(diffEntrySchema),
  // FAIL or ERROR last night, and not tonight (status says what it is now, 'absent' included).
  resolved: z.array(diffEntrySchema),
  // FAIL or ERROR on both nights.
  stillFailing: z.array(diffEntrySchema),
  // In both reports with a different expected or actual value (any status).
  changed: z.array(diffEntrySchema),
})

export const storedRunSchema = z.strictObject({
  url: z.string(),
  runId: z.string(),
  manifestSha256: z.string(),
  previous: z.strictObject({key: z.string(), manifestSha256: z.string()}).nullable(),
})

export type DiffEntry = z.infer<typeof diffEntrySchema>
export type AuditDiff = z.infer<typeof auditDiffSchema>
export type StoredRun = z.infer<typeof storedRunSchema>
