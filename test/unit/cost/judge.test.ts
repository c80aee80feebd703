import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import type {CostReading} from '../../../src/cost/actual.js'
import {estimateCost} from '../../../src/cost/estimate.js'
import {costBand, judgeCost} from '../../../src/cost/judge.js'
import {SNAPSHOT} from '../../../src/cost/snapshot.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

const prod = estimateCost(resolveDesign({}, 'prod'), SNAPSHOT.prices, new Date('2026-11-01T00:00:00Z'))
const period = {start: '2026-11-01', end: '2026-12-01'}
const filter = {project: 'medical-ai', environment: 'prod'}
const read = (amountUsd: number): CostReading => ({state: 'read', period, amountUsd, estimated: false, filter})

describe('the cost band', () => {
  it('is the estimate +- (10% + every usage line): fixed lines are known, usage lines are assumptions', () => {
    const b = costBand(prod)
    expect(b.fixedUsd + b.usageUsd).toBeCloseTo(prod.total.estimateUsd, 2)
    expect(b.usageUsd).toBeGreaterThan(200)
    expect(b.lowUsd).toBeCloseTo(prod.total.estimateUsd * 0.9 - b.usageUsd, 1)
    expect(b.highUsd).toBeCloseTo(prod.total.estimateUsd * 1.1 + b.usageUsd, 1)
  })
})

describe('judgeCost', () => {
  const b = costBand(prod)
  it('PASS inside the band, FAIL above or below, with the month and the band', () => {
    expect(judgeCost(prod, read(1500)).status).toBe('PASS')
    const high = judgeCost(prod, read(b.highUsd + 1))
    expect(high.status).toBe('FAIL')
    expect(high.message).toMatch(/2026-11-01\.\.2026-12-01: USD .* above USD/)
    expect(high.expected).toEqual({
      estimateUsd: prod.total.estimateUsd,
      bandUsd: [b.lowUsd, b.highUsd],
      designUsd: 1215,
    })
    expect(judgeCost(prod, read(b.lowUsd - 1)).status).toBe('FAIL')
  })

  it('MANUAL, never PASS, when Cost Explorer cannot show the month', () => {
    expect(judgeCost(prod, undefined).status).toBe('MANUAL')
    const denied = judgeCost(prod, {state: 'error', period, error: {code: 'AccessDeniedException', message: 'no'}})
    expect(denied).toMatchObject({status: 'MANUAL', actual: null})
    expect(denied.message).toMatch(/AccessDeniedException.*ce:GetCostAndUsage/)
    expect(judgeCost(prod, {state: 'empty', period, filter}).message).toMatch(/cost allocation tags/)
    expect(judgeCost(prod, read(0)).status).toBe('MANUAL')
  })
})

describe('the cost-budget check', () => {
  const check = CHECKS.find((c) => c.id === 'cost-budget')!
  it('judges the cost of the inventory against the estimate of the design; MANUAL without a reading', () => {
    const inv = cleanInventory()
    const design = devDesign()
    expect(check.requirements).toEqual(['cost.monthly'])
    expect(check.run(inv, design).map((r) => r.status)).toEqual(['MANUAL'])
    const dev = estimateCost(design, SNAPSHOT.prices, new Date('2026-11-01T00:00:00Z'))
    const r = check.run({...inv, costs: read(dev.total.estimateUsd)}, design)
    expect(r).toEqual([
      expect.objectContaining({status: 'PASS', resource: {type: 'cost', id: 'medical-ai-dev', region: 'us-east-1'}}),
    ])
    expect(check.run({...inv, costs: read(dev.total.estimateUsd * 3)}, design)[0]!.status).toBe('FAIL')
  })
})
