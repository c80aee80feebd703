import {z} from 'zod'

/** The `platform audit --json` document; schema/audit-report.schema.json is generated from it. */
const status = z.enum(['PASS', 'FAIL', 'ERROR', 'MANUAL', 'MUTED'])
const severity = z.enum(['critical', 'high', 'medium', 'low', 'info'])

export const findingSchema = z.strictObject({
  checkId: z.string(),
  status,
  severity,
  requirements: z.array(z.string()),
  resource: z.strictObject({type: z.string(), id: z.string(), arn: z.string().optional(), region: z.string()}),
  expected: z.unknown(),
  actual: z.unknown(),
  message: z.string(),
  remediation: z.strictObject({platform: z.string(), manual: z.string()}),
  exception: z.strictObject({reason: z.string(), owner: z.string(), expires: z.string()}).optional(),
})

export const auditReportSchema = z.strictObject({
  env: z.string(),
  account: z.string(),
  callerArn: z.string(),
  regions: z.array(z.string()),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  summary: z.strictObject({
    pass: z.number().int(),
    fail: z.number().int(),
    error: z.number().int(),
    manual: z.number().int(),
    muted: z.number().int(),
  }),
  findings: z.array(findingSchema),
  calls: z.strictObject({
    total: z.number().int(),
    mutating: z.number().int(),
    readOnly: z.number().int(),
    byOperation: z.record(z.string(), z.number().int()),
  }),
})
