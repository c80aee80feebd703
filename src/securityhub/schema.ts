import {z} from 'zod'

/** What `audit --security-hub` did, as carried in the `--json` report. */
export const securityHubResultSchema = z.strictObject({
  productArn: z.string(),
  region: z.string(),
  // Findings of tonight imported (created or updated by their stable id).
  imported: z.number().int(),
  // Findings active in Security Hub from an earlier run, gone tonight: imported again as ARCHIVED.
  archived: z.number().int(),
  // BatchImportFindings calls (chunks of at most 100 findings).
  batches: z.number().int(),
  // FailedFindings of every batch, or the error of a call that failed whole: any entry is an ERROR.
  failed: z.array(z.strictObject({id: z.string(), code: z.string(), message: z.string()})),
})

export type SecurityHubResult = z.infer<typeof securityHubResultSchema>
