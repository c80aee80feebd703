import type {AwsAccess} from '../aws/clients.js'
import {callerIdentity} from '../aws/identity.js'
import type {ResolvedDesign} from '../design/types.js'
import type {LayerDef} from '../reconcile/types.js'
import type {AuditException} from './exceptions.js'
import {collectInventory} from './inventory.js'
import type {AuditReport} from './report-schema.js'
import {runChecks, summarize, type AuditFilters} from './run.js'
import type {CheckDefinition, Inventory} from './types.js'

/** The report's type is inferred from its zod schema, so the two cannot disagree. */
export type {AuditReport} from './report-schema.js'

/** Read everything once (read-only access only), judge it with pure checks, report. */
export async function runAudit(opts: {
  aws: AwsAccess
  design: ResolvedDesign
  layers: LayerDef[]
  checks: readonly CheckDefinition[]
  exceptions: AuditException[]
  filters: AuditFilters
  concurrency: number
  now?: () => Date
}): Promise<{report: AuditReport; inventory: Inventory}> {
  const now = opts.now ?? (() => new Date())
  const startedAt = now()
  const identity = await callerIdentity(opts.aws, opts.design.region)
  const inventory = await collectInventory({
    aws: opts.aws,
    design: opts.design,
    layers: opts.layers,
    identity,
    concurrency: opts.concurrency,
  })
  const findings = runChecks({
    checks: opts.checks,
    inventory,
    design: opts.design,
    exceptions: opts.exceptions,
    today: startedAt,
    filters: opts.filters,
  })
  const order = {FAIL: 0, ERROR: 1, MUTED: 2, PASS: 3, MANUAL: 4}
  findings.sort((a, b) => order[a.status] - order[b.status] || a.checkId.localeCompare(b.checkId))
  return {
    report: {
      env: opts.design.env,
      account: identity.account,
      callerArn: identity.arn,
      regions: inventory.regions,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      summary: summarize(findings),
      findings,
      calls: opts.aws.recorder.summary(),
    },
    inventory,
  }
}
