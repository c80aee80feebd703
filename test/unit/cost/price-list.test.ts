import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {GetProductsCommand, PricingClient, type GetProductsCommandOutput} from '@aws-sdk/client-pricing'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {estimateCost} from '../../../src/cost/estimate.js'
import {runCost} from '../../../src/cost/index.js'
import {PRICE_KEYS, parsePriceList} from '../../../src/cost/prices.js'
import {SNAPSHOT} from '../../../src/cost/snapshot.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {ROOT} from '../../helpers/cli.js'

type Recorded = Record<
  string,
  {request: {ServiceCode: string; Filters: {Field: string; Value: string}[]}; response: GetProductsCommandOutput}
>
const RECORDED = JSON.parse(
  readFileSync(join(ROOT, 'test/unit/cost/fixtures/get-products-ap-northeast-1.json'), 'utf8'),
) as Recorded
const pricing = mockClient(PricingClient)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const prod = resolveDesign({}, 'prod')
const NOW = new Date('2026-12-01T00:00:00Z')
const jpy = {perUsd: 150, source: 'default' as const}

/** Answers each GetProducts with the recorded answer of the query that has exactly its filters. */
function answerFromRecording() {
  pricing
    .on(GetProductsCommand)
    .callsFake((input: {ServiceCode: string; Filters: {Field: string; Value: string}[]}) => {
      const hit = Object.entries(RECORDED).find(
        ([k, r]) =>
          k !== '_about' &&
          r.request.ServiceCode === input.ServiceCode &&
          JSON.stringify(r.request.Filters) ===
            JSON.stringify(input.Filters.map(({Field, Value}) => ({Type: 'TERM_MATCH', Field, Value}))),
      )
      return hit ? hit[1].response : {FormatVersion: 'aws_v1', PriceList: []}
    })
}

const run = () => runCost({aws: new AwsAccess({credentials: creds, maxAttempts: 1}), design: prod, now: NOW, jpy})

describe('platform cost with the Price List API (recorded GetProducts answers)', () => {
  beforeEach(() => pricing.reset())

  it('gives the golden estimate of prod: every row beside the design, 1,215 designed, 1,479.78 estimated', async () => {
    answerFromRecording()
    const r = await run()
    expect(r.prices).toMatchObject({source: 'price-list-api', date: '2026-12-01', warnings: []})
    expect(r.prices.fallback).toBeUndefined()
    expect(r.rows.map((x) => [x.id, x.designUsd, x.estimateUsd])).toEqual([
      ['eks', 500, 555.11],
      ['aurora', 400, 492.98],
      ['alb', 50, 25.92],
      ['nat', 150, 148.18],
      ['s3', 15, 12.5],
      ['cloudfront', 100, 128.74],
      ['other', 0, 116.35],
    ])
    expect(r.total).toEqual({designUsd: 1215, estimateUsd: 1479.78, deltaUsd: 264.78})
    const line = (id: string) => r.rows.flatMap((x) => x.lines).find((l) => l.id === id)
    expect(line('aurora.instances')).toMatchObject({quantity: 1460, unitUsd: 0.313, usd: 456.98})
    expect(line('fargate.ml')).toMatchObject({quantity: 1460, unitUsd: 0.12877, usd: 188})
    expect(line('cloudfront.transfer')).toMatchObject({quantity: 1024, unitUsd: 0.114, usd: 116.74})
    expect(line('vpc.publicIpv4')).toMatchObject({quantity: 4380, usd: 21.9})
    expect(r.jpy).toEqual({perUsd: 150, rateSource: 'default', totalJpy: 221967, designJpy: 182250})
  })

  it('sends one GetProducts per price, to us-east-1, with exact TERM_MATCH filters', async () => {
    answerFromRecording()
    await run()
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, PRICE_KEYS.length)
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonRDS',
      FormatVersion: 'aws_v1',
      Filters: [
        {Type: 'TERM_MATCH', Field: 'usagetype', Value: 'APN1-InstanceUsage:db.r6g.large'},
        {Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'Aurora MySQL'},
      ],
    })
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonEKS',
      Filters: [{Type: 'TERM_MATCH', Field: 'usagetype', Value: 'APN1-Fargate-vCPU-Hours:perCPU'}],
    })
    const regions = await Promise.all(pricing.calls().map((c) => (c.thisValue as PricingClient).config.region()))
    expect(new Set(regions)).toEqual(new Set(['us-east-1']))
  })

  it('the offline snapshot gives the same lines as the recorded answers', async () => {
    answerFromRecording()
    const live = await run()
    const offline = estimateCost(prod, SNAPSHOT.prices, NOW)
    expect(live.rows).toEqual(offline.rows)
    expect(live.prices.table).toEqual(SNAPSHOT.prices)
  })

  it('falls back to the snapshot, with its date and the reason, when one price cannot be read', async () => {
    answerFromRecording()
    pricing.on(GetProductsCommand, {ServiceCode: 'awswaf'}).rejects(
      Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), {
        name: 'AccessDeniedException',
        $metadata: {httpStatusCode: 400},
      }),
    )
    const r = await run()
    expect(r.prices.source).toBe('snapshot')
    expect(r.prices.date).toBe(SNAPSHOT.date)
    expect(r.prices.fallback).toMatch(
      /^the Price List API could not be read: Access denied \(AccessDeniedException\): User is not authorized to perform: pricing:GetProducts$/,
    )
    expect(r.total.estimateUsd).toBe(1479.78)
  })

  it('refuses an ambiguous answer (two products for one query) rather than pick one: snapshot, said why', async () => {
    answerFromRecording()
    const two = RECORDED['nat.hours']!.response.PriceList!
    pricing
      .on(GetProductsCommand, {ServiceCode: 'AmazonEC2'})
      .resolves({FormatVersion: 'aws_v1', PriceList: [...two, ...two]})
    const r = await run()
    expect(r.prices.source).toBe('snapshot')
    expect(r.prices.fallback).toMatch(/nat\.(hours|data): expected exactly one product, the Price List answered 2/)
  })
})

describe('parsePriceList', () => {
  it('reads tiers in order, Inf as no end, and refuses non-USD prices', () => {
    const p = parsePriceList('cloudfront.transfer', RECORDED['cloudfront.transfer']!.response.PriceList!)
    expect(p.unit).toBe('GB')
    expect(p.tiers?.slice(0, 2)).toEqual([
      {begin: 0, end: 10240, usd: 0.114},
      {begin: 10240, end: 51200, usd: 0.089},
    ])
    expect(p.tiers?.at(-1)).toEqual({begin: 5242880, end: null, usd: 0.06})
    const notUsd = RECORDED['eks.cluster']!.response.PriceList![0]!.replace('"USD"', '"CNY"')
    expect(() => parsePriceList('eks.cluster', [notUsd])).toThrow(/not in USD/)
    expect(() => parsePriceList('eks.cluster', [])).toThrow(/exactly one product/)
  })
})
