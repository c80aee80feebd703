import {GetProductsCommand, PricingClient} from '@aws-sdk/client-pricing'
import type {AwsAccess} from '../aws/clients.js'
import {toPlatformError} from '../aws/errors.js'
import {PRICE_KEYS, parsePriceList, priceQueries, type PriceKey, type PriceQuery, type PriceTable} from './prices.js'
import {SNAPSHOT} from './snapshot.js'

/**
 * The Price List Query API has endpoints in a few Regions only, whatever Region is priced: the
 * SDK references name https://api.pricing.us-east-1.amazonaws.com and
 * https://api.pricing.ap-south-1.amazonaws.com (e.g.
 * https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/Pricing/TPricingClient.html; eu-central-1
 * was not confirmed in the sources at hand). The client is pinned to us-east-1.
 */
export const PRICING_REGION = 'us-east-1'

export interface PriceSource {
  table: PriceTable
  source: 'price-list-api' | 'snapshot'
  /** The day the prices were read (API) or compiled (snapshot). */
  date: string
  /** Why the snapshot was used instead of the API. */
  fallback?: string
}

/** One GetProducts query (pages followed, though these filters match a single product). */
export async function getPrice(
  client: PricingClient,
  key: string,
  q: PriceQuery,
): Promise<ReturnType<typeof parsePriceList>> {
  const entries: string[] = []
  let NextToken: string | undefined
  do {
    const res = await client.send(
      new GetProductsCommand({
        ServiceCode: q.serviceCode,
        FormatVersion: 'aws_v1',
        Filters: Object.entries(q.filters).map(([Field, Value]) => ({Type: 'TERM_MATCH', Field, Value})),
        MaxResults: 100,
        NextToken,
      }),
    )
    entries.push(...(res.PriceList ?? []))
    NextToken = res.NextToken || undefined
  } while (NextToken)
  return parsePriceList(key, entries)
}

/**
 * Every price of the estimate from the Price List API, or, when any one of them cannot be
 * read, all of them from the offline snapshot: one source per estimate, so its date means
 * something. The reason for the fallback is reported, never swallowed.
 */
export async function loadPrices(
  aws: AwsAccess,
  where: {region: string; drRegion: string; instanceClass: string},
  now: Date,
): Promise<PriceSource> {
  const snapshot = (fallback: string): PriceSource => ({
    table: SNAPSHOT.prices,
    source: 'snapshot',
    date: SNAPSHOT.date,
    fallback,
  })
  let queries: Record<PriceKey, PriceQuery>
  try {
    queries = priceQueries(where.region, where.drRegion, where.instanceClass)
  } catch (err) {
    return snapshot((err as Error).message)
  }
  const client = aws.client(PricingClient, PRICING_REGION)
  const table: Partial<PriceTable> = {}
  try {
    // A few at a time: the Price List API throttles bursts (the SDK retries those).
    for (let i = 0; i < PRICE_KEYS.length; i += 4) {
      const batch = PRICE_KEYS.slice(i, i + 4)
      const got = await Promise.all(batch.map((k) => getPrice(client, k, queries[k])))
      batch.forEach((k, j) => (table[k] = got[j]))
    }
  } catch (err) {
    // The tool's one reading of SDK failures (an HTML 5xx, a denial, no credentials), never a stack.
    return snapshot(`the Price List API could not be read: ${firstLine(toPlatformError(err).message)}`)
  }
  return {table: table as PriceTable, source: 'price-list-api', date: now.toISOString().slice(0, 10)}
}

const firstLine = (s: string | undefined) => (s ?? '').split('\n')[0]!.slice(0, 200)
