import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {findingId} from '../../../src/audit/finding-id.js'
import {runChecks} from '../../../src/audit/run.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

const audit = (mutate: (inv: ReturnType<typeof cleanInventory>) => void = () => {}) => {
  const inventory = cleanInventory()
  mutate(inventory)
  return runChecks({
    checks: CHECKS,
    inventory,
    design: devDesign(),
    exceptions: [],
    today: new Date('2026-12-01T00:00:00Z'),
    filters: {},
  })
}

describe('stable finding ids in every audit result', () => {
  it('every finding of the recorded environment has an id, unique, made of check, resource, requirements and field', () => {
    const findings = audit()
    expect(findings.every((f) => typeof f.id === 'string')).toBe(true)
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length)
    // A check that judges a resource field by field: one id per field, no position in it.
    const sub = findings.filter((f) => f.checkId === 'subnet-layout' && f.field === 'cidrBlock')
    expect(sub.length).toBeGreaterThan(0)
    for (const f of sub) expect(f.id).toBe(findingId(f))
    expect(sub[0]!.id).toMatch(/^subnet-layout\|AWS::EC2::Subnet\|subnet-[0-9a-f]+\|subnet\.[a-z0-9-]+\|cidrBlock$/)
  })

  it('a drifted field keeps the id it had while it passed, so the diff sees PASS -> FAIL on one finding', () => {
    const clean = audit()
    const drifted = audit((inv) => {
      for (const item of inv.items.values())
        for (const f of item.fields)
          if (item.type === 'AWS::EC2::Subnet' && f.path === 'cidrBlock' && f.ok) {
            f.ok = false
            f.actual = '10.9.9.0/24'
            return
          }
    })
    const failed = drifted.filter((f) => f.status === 'FAIL' && f.field === 'cidrBlock')
    expect(failed).toHaveLength(1)
    const before = clean.find((f) => f.id === failed[0]!.id)
    expect(before?.status).toBe('PASS')
    expect(new Set(drifted.map((f) => f.id))).toEqual(new Set(clean.map((f) => f.id)))
  })
})
