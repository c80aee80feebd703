import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {CostExplorerClient, GetCostAndUsageCommand} from '@aws-sdk/client-cost-explorer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {estimateCost} from '../../src/cost/estimate.js'
import type {CostResult} from '../../src/cost/index.js'
import {SNAPSHOT} from '../../src/cost/snapshot.js'
import {loadConfig} from '../../src/design/config.js'
import {resolveDesign} from '../../src/design/resolve.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let env: Record<string, string>
const LOCAL_DEV = join(ROOT, 'config/local-dev.yaml')

beforeAll(async () => {
  moto = await startMoto()
  env = emulatorEnv(moto.url)
})
afterAll(async () => moto?.stop())

/** The last full month before today, as the audit asks Cost Explorer for it. */
function lastMonth(): {Start: string; End: string} {
  const now = new Date()
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1))
  return {Start: start.toISOString().slice(0, 10), End: end.toISOString().slice(0, 10)}
}

/** moto's Cost Explorer answers GetCostAndUsage from a queue (one result per distinct request), filled here. */
async function queueCostResults(amounts: number[]): Promise<void> {
  const results = amounts.map((a) => ({
    ResultsByTime: [
      {
        TimePeriod: lastMonth(),
        Total: {UnblendedCost: {Amount: a.toFixed(4), Unit: 'USD'}},
        Groups: [],
        Estimated: false,
      },
    ],
  }))
  const res = await fetch(`${moto.url}/moto-api/static/ce/cost-and-usage-results`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({results}),
  })
  expect(res.ok).toBe(true)
}

describe('platform cost (built CLI, against the emulator: no Price List there)', () => {
  it('prod --json: every line beside its design row, 1,215 designed in total, prices from the dated snapshot and why', async () => {
    const r = await runCli(['cost', '--env', 'prod', '--json'], {env})
    expect(r.code).toBe(0)
    const out = r.json<CostResult>()
    expect(out.prices.source).toBe('snapshot')
    expect(out.prices.date).toBe(SNAPSHOT.date)
    expect(out.prices.fallback).toMatch(/^the Price List API could not be read: /)
    expect(r.stderr).toContain(`Prices from the offline snapshot of ${SNAPSHOT.date}`)
    expect(out.rows.map((x) => [x.service, x.designUsd])).toEqual([
      ['EKS', 500],
      ['Aurora', 400],
      ['ALB', 50],
      ['NAT Gateway', 150],
      ['S3', 15],
      ['CloudFront', 100],
      ['Not in the design (9.1)', 0],
    ])
    expect(out.total.designUsd).toBe(1215)
    for (const row of out.rows)
      for (const l of row.lines) {
        expect(l.row).toBe(row.id)
        expect(l.usd).toBeCloseTo(l.quantity * l.unitUsd, 1)
      }
    const lines = out.rows.flatMap((x) => x.lines)
    expect(lines.length).toBeGreaterThan(25)
    // The same lines as the snapshot gives in-process: the CLI adds nothing and drops nothing.
    const design = resolveDesign({}, 'prod')
    expect(out.rows).toEqual(estimateCost(design, SNAPSHOT.prices, new Date()).rows)
    expect(out.total.estimateUsd).toBe(1479.78)
    expect(out.jpy).toMatchObject({perUsd: 150, rateSource: 'default', designJpy: 182250})
  })

  it('human output: the table with the design beside the estimate, the assumptions and what is not priced', async () => {
    const r = await runCli(['cost', '--env', 'prod'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Prices: offline snapshot of \d{4}-\d\d-\d\d \(the Price List API could not be read/m)
    expect(r.stdout).toMatch(/^Aurora \(db\.r6g\.large x 2\)\s+400\.00\s+492\.98\s+\+92\.98$/m)
    expect(r.stdout).toMatch(/^Total\s+1,215\.00\s+1,479\.78\s+\+264\.78$/m)
    expect(r.stdout).toContain('hours: 730 hours/month')
    expect(r.stdout).toContain('Not priced:')
  })

  it('JPY: --jpy-rate wins over costJpyPerUsd in the configuration, which wins over the default', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'platform-cost-'))
    writeFileSync(join(cwd, 'platform.config.yaml'), 'costJpyPerUsd: 140\n')
    const fromConfig = (await runCli(['cost', '--env', 'prod', '--json'], {env, cwd})).json<CostResult>()
    expect(fromConfig.jpy).toEqual({
      perUsd: 140,
      rateSource: 'config',
      totalJpy: Math.round(1479.78 * 140),
      designJpy: 170100,
    })
    const fromFlag = (
      await runCli(['cost', '--env', 'prod', '--json', '--jpy-rate', '155.5'], {env, cwd})
    ).json<CostResult>()
    expect(fromFlag.jpy).toMatchObject({perUsd: 155.5, rateSource: 'flag', totalJpy: Math.round(1479.78 * 155.5)})
    const bad = await runCli(['cost', '--env', 'prod', '--jpy-rate', 'abc'], {env, cwd})
    expect(bad.code).toBe(2)
  })
})

describe("the audit's cost row against Cost Explorer (moto's injectable GetCostAndUsage)", () => {
  const audit = async (envName: string) => {
    const r = await runCli(['audit', '--env', envName, '--check', 'cost-budget', '--json', '--config', LOCAL_DEV], {
      env,
    })
    return {code: r.code, finding: r.json<AuditReport>().findings.find((f) => f.checkId === 'cost-budget')!}
  }

  it('PASS within the band, FAIL above it, MANUAL when Cost Explorer has nothing for the tags', async () => {
    const {config, file} = loadConfig({path: LOCAL_DEV})
    const estimate = (e: string) =>
      estimateCost(resolveDesign(config, e, file), SNAPSHOT.prices, new Date(`${lastMonth().Start}T00:00:00Z`)).total
        .estimateUsd
    // One result per distinct request: dev's tags take the first, staging's the second.
    await queueCostResults([estimate('dev') * 1.05, estimate('staging') * 3])

    const dev = await audit('dev')
    expect(dev.finding).toMatchObject({status: 'PASS', requirements: ['cost.monthly']})
    expect(dev.finding.message).toContain('tagged project=medical-ai, environment=dev')
    expect(dev.code).toBe(0)

    const staging = await audit('staging')
    expect(staging.finding.status).toBe('FAIL')
    expect(staging.finding.message).toMatch(/above USD/)
    expect(staging.code).toBe(1)

    const prod = await audit('prod')
    expect(prod.finding.status).toBe('MANUAL')
    expect(prod.finding.message).toMatch(/cost allocation tags/)
    expect(prod.code).toBe(0)

    // An independent read: what the emulator answers for dev's request is what the audit judged.
    const ce = new CostExplorerClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    const res = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: lastMonth(),
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: {
          And: [
            {Tags: {Key: 'project', Values: ['medical-ai'], MatchOptions: ['EQUALS']}},
            {Tags: {Key: 'environment', Values: ['dev'], MatchOptions: ['EQUALS']}},
          ],
        },
      }),
    )
    const amount = Number(res.ResultsByTime?.[0]?.Total?.UnblendedCost?.Amount)
    expect((dev.finding.actual as {usd: number}).usd).toBeCloseTo(amount, 2)
  })
})
