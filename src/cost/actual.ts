import {CostExplorerClient, GetCostAndUsageCommand, type Expression} from '@aws-sdk/client-cost-explorer'
import type {AwsAccess} from '../aws/clients.js'
import {errorCode, toPlatformError} from '../aws/errors.js'
import type {ResolvedDesign} from '../design/types.js'

/**
 * What Cost Explorer says the environment cost in the last full calendar month, read by the
 * audit (one read-only call) and judged by checks/cost/cost-budget.ts. Cost Explorer's API has
 * one endpoint, https://ce.us-east-1.amazonaws.com (its API reference's service endpoint), and
 * filters by tags whose cost allocation status is Active
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_CostAllocationTag.html),
 * from their activation on unless a backfill (StartCostAllocationTagBackfill, up to twelve
 * months back) was requested.
 */
export type CostReading =
  | {
      state: 'read'
      /** The month, as Cost Explorer's TimePeriod: Start inclusive, End exclusive. */
      period: {start: string; end: string}
      amountUsd: number
      /** Cost Explorer marks a period still being finalised as estimated. */
      estimated: boolean
      filter: Record<string, string>
    }
  | {state: 'empty'; period: {start: string; end: string}; filter: Record<string, string>}
  | {state: 'error'; period: {start: string; end: string}; error: {code: string; message: string}}

export const CE_REGION = 'us-east-1'

/** The last full calendar month before `now`, in UTC (Cost Explorer's days are UTC). */
export function lastFullMonth(now: Date): {start: string; end: string} {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1))
  return {start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10)}
}

/** The environment's ownership tags, as provision sets them on everything it creates. */
export function costFilter(design: ResolvedDesign): Record<string, string> {
  return {project: design.project, environment: design.env}
}

export async function readCostExplorer(aws: AwsAccess, design: ResolvedDesign, now: Date): Promise<CostReading> {
  const period = lastFullMonth(now)
  const filter = costFilter(design)
  const Filter: Expression = {
    And: Object.entries(filter).map(([Key, v]) => ({Tags: {Key, Values: [v], MatchOptions: ['EQUALS']}})),
  }
  try {
    const ce = aws.client(CostExplorerClient, CE_REGION)
    const res = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: {Start: period.start, End: period.end},
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter,
      }),
    )
    const months = res.ResultsByTime ?? []
    const amounts = months.map((m) => m.Total?.UnblendedCost).filter((x) => x?.Amount !== undefined)
    if (amounts.length === 0) return {state: 'empty', period, filter}
    const foreign = amounts.find((a) => a!.Unit && a!.Unit !== 'USD')
    if (foreign)
      return {
        state: 'error',
        period,
        error: {code: 'UnexpectedUnit', message: `Cost Explorer answered in ${foreign.Unit}, not USD`},
      }
    return {
      state: 'read',
      period,
      amountUsd: amounts.reduce((s, a) => s + Number(a!.Amount), 0),
      estimated: months.some((m) => m.Estimated === true),
      filter,
    }
  } catch (err) {
    return {state: 'error', period, error: {code: errorCode(err), message: toPlatformError(err).message}}
  }
}
