import type {AwsAccess} from '../aws/clients.js'
import type {ResolvedDesign} from '../design/types.js'
import {estimateCost, type CostEstimate} from './estimate.js'
import {loadPrices, type PriceSource} from './price-list.js'
import type {PriceTable} from './prices.js'
import {SNAPSHOT} from './snapshot.js'

export type {CostEstimate} from './estimate.js'

/** Used when neither --jpy-rate nor costJpyPerUsd is given; shown as such, never as a market rate. */
export const DEFAULT_JPY_PER_USD = 150

export interface CostResult extends CostEstimate {
  prices: {
    source: PriceSource['source']
    date: string
    fallback?: string
    /** Where the snapshot's prices do not fit this environment (another Region or instance class). */
    warnings: string[]
    table: PriceTable
  }
  jpy: {
    perUsd: number
    rateSource: 'flag' | 'config' | 'default'
    totalJpy: number
    designJpy: number
  }
}

/** The estimate of `design` with live prices when the Price List answers, the snapshot's otherwise. */
export async function runCost(opts: {
  aws: AwsAccess
  design: ResolvedDesign
  now: Date
  jpy: {perUsd: number; source: CostResult['jpy']['rateSource']}
}): Promise<CostResult> {
  const {design} = opts
  const prices = await loadPrices(
    opts.aws,
    {region: design.region, drRegion: design.drRegion, instanceClass: design.rds.instanceClass},
    opts.now,
  )
  const estimate = estimateCost(design, prices.table, opts.now)
  const warnings: string[] = []
  if (prices.source === 'snapshot') {
    if (design.region !== SNAPSHOT.region || design.drRegion !== SNAPSHOT.drRegion)
      warnings.push(
        `the snapshot holds ${SNAPSHOT.region} and ${SNAPSHOT.drRegion} prices; this environment uses ${design.region} and ${design.drRegion}`,
      )
    if (design.rds.instanceClass !== 'db.r6g.large')
      warnings.push(`the snapshot prices db.r6g.large; this environment uses ${design.rds.instanceClass}`)
  }
  const yen = (usd: number) => Math.round(usd * opts.jpy.perUsd)
  return {
    ...estimate,
    prices: {
      source: prices.source,
      date: prices.date,
      ...(prices.fallback ? {fallback: prices.fallback} : {}),
      warnings,
      table: prices.table,
    },
    jpy: {
      perUsd: opts.jpy.perUsd,
      rateSource: opts.jpy.source,
      totalJpy: yen(estimate.total.estimateUsd),
      designJpy: yen(estimate.total.designUsd),
    },
  }
}
