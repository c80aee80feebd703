import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
} from '@aws-sdk/client-securityhub'
import type {AuditReport} from '../audit/report-schema.js'
import type {AwsAccess} from '../aws/clients.js'
import {archived, asffId, productArn, reportFindings, toAsff} from './asff.js'
import type {SecurityHubResult} from './schema.js'

/**
 * BatchImportFindings takes at most 100 findings per request:
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html
 * ("Findings ... Array Members: Minimum number of 1 item. Maximum number of 100 items.")
 */
export const BATCH_LIMIT = 100
/**
 * GetFindings: "You can filter by up to 10 finding attributes. For each attribute, you can
 * provide up to 20 filter values." (GetFindings Filters, Security Hub API reference:
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetFindings.html). The check ids
 * go 20 to a query; 4 attributes are used.
 */
export const GENERATORS_PER_QUERY = 20

export const chunk = <T>(xs: T[], n: number): T[][] =>
  Array.from({length: Math.ceil(xs.length / n)}, (_, i) => xs.slice(i * n, i * n + n))

/**
 * Imports tonight's findings by stable id (a finding already there is updated in place) and
 * archives the ones an earlier run imported that tonight's run no longer reports. Only checks
 * that ran tonight (`checkIds`) may archive: a `--check` run must not archive everything else.
 * Never throws for a refused finding: every failure is returned, and the caller makes it an ERROR.
 */
export async function importToSecurityHub(opts: {
  aws: AwsAccess
  report: AuditReport
  checkIds: string[]
  region: string
}): Promise<SecurityHubResult> {
  const {report, region} = opts
  const hub = opts.aws.client(SecurityHubClient, region)
  const product = productArn(region, report.account)
  const now = report.startedAt
  const result: SecurityHubResult = {productArn: product, region, imported: 0, archived: 0, batches: 0, failed: []}

  const existing = await activeFindings(hub, product, report.env, opts.checkIds)
  const tonight = reportFindings(report).map((f) =>
    toAsff(f, {
      env: report.env,
      account: report.account,
      region,
      updatedAt: now,
      existing: existing.get(asffId(report.env, f.id)),
    }),
  )
  const tonightIds = new Set(tonight.map((f) => f.Id))
  const gone = [...existing.values()].filter((f) => !tonightIds.has(f.Id)).map((f) => archived(f, now))

  const all = [...tonight, ...gone]
  const archivedIds = new Set(gone.map((f) => f.Id))
  for (const batch of chunk(all, BATCH_LIMIT)) {
    result.batches++
    try {
      const out = await hub.send(new BatchImportFindingsCommand({Findings: batch}))
      const failed = new Set((out.FailedFindings ?? []).map((f) => f.Id))
      for (const f of out.FailedFindings ?? [])
        result.failed.push({id: f.Id ?? '?', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? ''})
      // FailedCount without the list (never seen, but the API has both): still an ERROR.
      const unlisted = (out.FailedCount ?? 0) - (out.FailedFindings?.length ?? 0)
      if (unlisted > 0)
        result.failed.push({id: '?', code: 'FailedCount', message: `${unlisted} finding(s) refused without details`})
      for (const f of batch) {
        if (failed.has(f.Id)) continue
        if (archivedIds.has(f.Id)) result.archived++
        else result.imported++
      }
    } catch (err) {
      const e = err as {name?: string; message?: string}
      for (const f of batch)
        result.failed.push({id: f.Id ?? '?', code: e.name ?? 'Error', message: e.message ?? String(err)})
    }
  }
  return result
}

/**
 * This environment's ACTIVE findings of the given checks, by Id. The filters are sent as AWS
 * applies them, and applied again here: moto 5.2.1's GetFindings ignores Filters (returns all).
 */
async function activeFindings(
  hub: SecurityHubClient,
  product: string,
  env: string,
  checkIds: string[],
): Promise<Map<string, AwsSecurityFinding>> {
  const found = new Map<string, AwsSecurityFinding>()
  const wanted = new Set(checkIds)
  for (const generators of chunk([...wanted].sort(), GENERATORS_PER_QUERY)) {
    const Filters: AwsSecurityFindingFilters = {
      ProductArn: [{Value: product, Comparison: 'EQUALS'}],
      RecordState: [{Value: 'ACTIVE', Comparison: 'EQUALS'}],
      GeneratorId: generators.map((g) => ({Value: g, Comparison: 'EQUALS'})),
      ProductFields: [{Key: 'platform/env', Value: env, Comparison: 'EQUALS'}],
    }
    let NextToken: string | undefined
    do {
      const out = await hub.send(new GetFindingsCommand({Filters, MaxResults: 100, NextToken}))
      for (const f of out.Findings ?? [])
        if (
          f.Id &&
          f.ProductArn === product &&
          f.RecordState === 'ACTIVE' &&
          f.ProductFields?.['platform/env'] === env &&
          f.GeneratorId &&
          generators.includes(f.GeneratorId)
        )
          found.set(f.Id, f)
      NextToken = out.NextToken
    } while (NextToken)
  }
  return found
}
