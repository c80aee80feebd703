import {describe, expect, it} from 'vitest'
import {estimateCost} from '../../../src/cost/estimate.js'
import {fargateSize} from '../../../src/cost/fargate.js'
import {costOf} from '../../../src/cost/prices.js'
import {SNAPSHOT} from '../../../src/cost/snapshot.js'
import {resolveDesign} from '../../../src/design/resolve.js'

const line = (e: ReturnType<typeof estimateCost>, id: string) =>
  e.rows.flatMap((r) => r.lines).find((l) => l.id === id)!

describe("Fargate's billed pod size: requests + 256 MiB, rounded up to a Fargate combination", () => {
  it.each([
    ['500m', '1Gi', 0.5, 2], // 1.25 GB -> 2 GB
    ['2000m', '4Gi', 2, 5], // 4.25 GB -> 5 GB
    ['1000m', '2Gi', 1, 3],
    ['100m', '70Mi', 0.25, 0.5],
    ['250m', '1792Mi', 0.25, 2], // exactly 2 GB with the 256 MiB
    ['1', '8Gi', 2, 9], // no 1 vCPU with 9 GB: the vCPU goes up (AWS's own example)
    ['4', '30Gi', 8, 32],
  ])('%s / %s -> %s vCPU, %s GB', (cpu, mem, vcpu, gb) => {
    expect(fargateSize(cpu, mem)).toEqual({vcpu, memoryGb: gb})
  })

  it('refuses what no combination holds', () => {
    expect(() => fargateSize('32', '1Gi')).toThrow(/no Fargate size/)
  })
})

describe('tiered prices', () => {
  it('cost tier by tier', () => {
    const cf = SNAPSHOT.prices['cloudfront.transfer']
    expect(costOf(cf, 1024)).toBeCloseTo(116.736, 6)
    expect(costOf(cf, 20480)).toBeCloseTo(10240 * 0.114 + 10240 * 0.089, 6)
    expect(costOf(SNAPSHOT.prices['nat.hours'], 10)).toBeCloseTo(0.62, 9)
  })
})

describe('the estimate follows the resolved design', () => {
  const today = new Date('2026-12-01T00:00:00Z')

  it('dev with one NAT gateway, the evidence key and the origin secret', () => {
    const dev = resolveDesign(
      {environments: {dev: {natGateways: 1, evidenceSigningKey: true, albOriginLockdown: true, eksVersion: '1.34'}}},
      'dev',
    )
    const e = estimateCost(dev, SNAPSHOT.prices, today)
    expect(line(e, 'nat.hours').quantity).toBe(730)
    expect(line(e, 'vpc.publicIpv4').quantity).toBe((1 + 3) * 730)
    expect(line(e, 'kms.keys').quantity).toBe(2)
    expect(line(e, 'secrets').quantity).toBe(2)
    expect(line(e, 'eks.extendedSupport')).toMatchObject({quantity: 0, usd: 0})
    expect(line(e, 'eks.extendedSupport').note).toMatch(/1\.34 is in standard support until 2026-12-02/)
  })

  it('extended support is billed only for a version in extended support with supportType EXTENDED', () => {
    const ext = resolveDesign({environments: {prod: {eksVersion: '1.32', eksSupportType: 'EXTENDED'}}}, 'prod')
    const e = estimateCost(ext, SNAPSHOT.prices, today)
    expect(line(e, 'eks.extendedSupport')).toMatchObject({quantity: 730, usd: 365})
    expect(e.rows.find((r) => r.id === 'other')!.lines).toContainEqual(
      expect.objectContaining({id: 'eks.extendedSupport'}),
    )
    const std = resolveDesign({environments: {prod: {eksVersion: '1.32'}}}, 'prod')
    const s = line(estimateCost(std, SNAPSHOT.prices, today), 'eks.extendedSupport')
    expect(s).toMatchObject({quantity: 0, usd: 0})
    expect(s.note).toMatch(/supportType STANDARD upgrades the cluster/)
  })

  it("the design's own 1.28 is past extended support: nothing billed, and the line says why", () => {
    const e = estimateCost(resolveDesign({}, 'prod'), SNAPSHOT.prices, today)
    expect(line(e, 'eks.extendedSupport').note).toMatch(/past the end of extended support \(2025-11-26\)/)
  })

  it('marks what the design table leaves out and states every assumption', () => {
    const e = estimateCost(resolveDesign({}, 'prod'), SNAPSHOT.prices, today)
    const omitted = e.rows
      .flatMap((r) => r.lines)
      .filter((l) => !l.inDesign)
      .map((l) => l.id)
    for (const id of [
      'waf.webAcl',
      'vpc.publicIpv4',
      'logs.eks',
      'logs.flow',
      'kms.keys',
      'secrets',
      'dr.s3',
      'dr.transfer',
      'eks.extendedSupport',
    ])
      expect(omitted).toContain(id)
    expect(e.assumptions.find((a) => a.id === 'hours')).toMatchObject({value: 730})
    expect(e.assumptions.find((a) => a.id === 'cloudfrontGb')).toMatchObject({value: 1024, basis: 'design 9.1'})
    expect(e.notPriced.length).toBeGreaterThan(3)
  })
})
