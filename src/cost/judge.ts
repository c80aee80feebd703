import type {CostReading} from './actual.js'
import type {CostEstimate} from './estimate.js'

/** Units of lines whose quantity is hours or months of something the design fixes; the rest rest on usage assumptions. */
const FIXED_UNITS = new Set([
  'hours',
  'pod-hours',
  'instance-hours',
  'address-hours',
  'key-months',
  'secret-months',
  'web ACL-months',
  'rule-months',
])

/** Price drift since the snapshot, partial hours, credits and rounding on the fixed lines. */
export const PRICE_TOLERANCE = 0.1

export interface CostBand {
  estimateUsd: number
  fixedUsd: number
  usageUsd: number
  lowUsd: number
  highUsd: number
}

/**
 * The band a month's real cost should fall in. The fixed lines (running hours of what the
 * design fixes: cluster, pods, instances, gateways, addresses, keys) are known up to price
 * drift, so they get 10%; the usage lines (traffic, storage, logs, I/O) rest on assumptions a
 * real month can miss by their whole amount, so the band widens by all of them. A narrower band
 * would fail months whose traffic simply differs from the assumption; a fixed percentage would
 * not grow with how much of the estimate is a guess.
 */
export function costBand(estimate: CostEstimate): CostBand {
  const lines = estimate.rows.flatMap((r) => r.lines)
  const fixedUsd = round(lines.filter((l) => FIXED_UNITS.has(l.unit)).reduce((s, l) => s + l.usd, 0))
  const usageUsd = round(estimate.total.estimateUsd - fixedUsd)
  const tolerance = PRICE_TOLERANCE * estimate.total.estimateUsd + usageUsd
  return {
    estimateUsd: estimate.total.estimateUsd,
    fixedUsd,
    usageUsd,
    lowUsd: round(Math.max(0, estimate.total.estimateUsd - tolerance)),
    highUsd: round(estimate.total.estimateUsd + tolerance),
  }
}

export interface CostJudgement {
  status: 'PASS' | 'FAIL' | 'MANUAL'
  expected: unknown
  actual: unknown
  message: string
}

/**
 * Cost Explorer's month against the band. Anything that is not a real month's figure is MANUAL
 * (a person compares), never a PASS: unreadable Cost Explorer, no data, or a zero, which is what
 * Cost Explorer answers when the tags were never activated as cost allocation tags.
 */
export function judgeCost(estimate: CostEstimate, reading: CostReading | undefined): CostJudgement {
  const band = costBand(estimate)
  const expected = {
    estimateUsd: band.estimateUsd,
    bandUsd: [band.lowUsd, band.highUsd],
    designUsd: estimate.total.designUsd,
  }
  const tags = (f: Record<string, string>) =>
    Object.entries(f)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')
  if (!reading)
    return {
      status: 'MANUAL',
      expected,
      actual: null,
      message: 'Cost Explorer was not read: compare the bill with `platform cost` by hand.',
    }
  const month = `${reading.period.start}..${reading.period.end}`
  if (reading.state === 'error')
    return {
      status: 'MANUAL',
      expected,
      actual: null,
      message: `Cost Explorer could not be read (${reading.error.code}: ${reading.error.message}); the finance owner compares the bill of ${month} with \`platform cost\` (needs ce:GetCostAndUsage).`,
    }
  if (reading.state === 'empty' || reading.amountUsd === 0)
    return {
      status: 'MANUAL',
      expected,
      actual: reading.state === 'read' ? 0 : null,
      message: `Cost Explorer holds no cost tagged ${tags(reading.filter)} for ${month}: activate project and environment as cost allocation tags (Billing console, or ce:UpdateCostAllocationTagsStatus; Cost Explorer sees a tag from its activation on unless backfilled), or the environment did not run that month.`,
    }
  const usd = round(reading.amountUsd)
  const actual = {usd, month, estimated: reading.estimated}
  const within = usd >= band.lowUsd && usd <= band.highUsd
  const note = reading.estimated ? ' (Cost Explorer still marks the month as estimated)' : ''
  if (within)
    return {
      status: 'PASS',
      expected,
      actual,
      message: `${month}: USD ${usd.toFixed(2)} tagged ${tags(reading.filter)}, within USD ${band.lowUsd.toFixed(2)}-${band.highUsd.toFixed(2)} around the estimate of USD ${band.estimateUsd.toFixed(2)}${note}`,
    }
  return {
    status: 'FAIL',
    expected,
    actual,
    message:
      usd > band.highUsd
        ? `${month}: USD ${usd.toFixed(2)} tagged ${tags(reading.filter)}, above USD ${band.highUsd.toFixed(2)} (estimate ${band.estimateUsd.toFixed(2)} plus every usage line again plus 10%): something runs or transfers that the design does not${note}`
        : `${month}: USD ${usd.toFixed(2)} tagged ${tags(reading.filter)}, below USD ${band.lowUsd.toFixed(2)}: parts of the environment did not run (or were untagged) for the whole month${note}`,
  }
}

const round = (n: number) => Math.round(n * 100) / 100
