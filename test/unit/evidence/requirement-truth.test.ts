import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {runChecks} from '../../../src/audit/run.js'
import type {Inventory} from '../../../src/audit/types.js'
import {REQUIREMENTS} from '../../../src/design/requirements.js'
import {controlRows} from '../../../src/evidence/controls.js'
import {cleanInventory, devDesign, readsOf} from '../../helpers/fixture.js'

/** A value that differs from v, of the same shape where there is one. */
function drift(v: unknown): unknown {
  if (typeof v === 'number') return v - 1
  if (typeof v === 'string') return `${v}-drift`
  if (typeof v === 'boolean') return !v
  if (Array.isArray(v)) return v.length > 0 ? v.slice(0, -1) : ['drift']
  if (v && typeof v === 'object') return {...v, drift: true}
  return 'drift'
}

const design = devDesign()
const rowsOf = (inventory: Inventory) =>
  controlRows(
    runChecks({checks: CHECKS, inventory, design, exceptions: [], today: new Date('2026-11-29'), filters: {}}),
    () => undefined,
  )
const statusOf = (inventory: Inventory, req: string) => rowsOf(inventory).find((r) => r.requirement === req)!.status
/** Requirements that rely on `req`, directly or through another covered one. */
const relying = (req: string): string[] => {
  const direct = REQUIREMENTS.filter((r) => r.verification.kind === 'covered' && r.verification.by.includes(req))
  return direct.flatMap((r) => [r.id, ...relying(r.id)])
}

const fieldsByRequirement = new Map<string, {item: string; path: string}[]>()
for (const item of cleanInventory().items.values())
  for (const f of item.fields)
    if (f.requirement)
      fieldsByRequirement.set(f.requirement, [
        ...(fieldsByRequirement.get(f.requirement) ?? []),
        {item: item.id, path: f.path},
      ])

describe('evidence rows tell the truth per requirement', () => {
  it('the clean environment: no requirement row is FAIL, none NOT_RUN', () => {
    const rows = rowsOf(cleanInventory())
    expect(rows.filter((r) => r.status === 'FAIL' || r.status === 'NOT_RUN')).toEqual([])
  })

  it('Aurora backup retention 35 -> 34 fails rds.backup-retention and backup.aurora ("kept 35 days")', () => {
    const inv = cleanInventory()
    const f = [...inv.items.values()].flatMap((i) => i.fields).find((x) => x.path === 'backupRetentionPeriod')!
    Object.assign(f, {actual: 34, ok: false})
    expect(statusOf(inv, 'rds.backup-retention')).toBe('FAIL')
    expect(statusOf(inv, 'backup.aurora')).toBe('FAIL')
  })

  for (const r of REQUIREMENTS) {
    const fields = fieldsByRequirement.get(r.id) ?? []
    if (r.verification.kind === 'manual') {
      it(`${r.id}: MANUAL (people verify it), never PASS`, () => {
        expect(statusOf(cleanInventory(), r.id)).toBe('MANUAL')
      })
    } else if (fields.length > 0) {
      it(`${r.id}: a drift of each of its ${fields.length} value(s) fails its row and every row relying on it`, () => {
        for (const {item, path} of fields) {
          const inv = cleanInventory()
          const f = inv.items.get(item)!.fields.find((x) => x.path === path)!
          Object.assign(f, {actual: drift(f.actual), ok: false})
          const rows = rowsOf(inv)
          for (const req of [r.id, ...relying(r.id)])
            expect(rows.find((x) => x.requirement === req)!.status, `${req} after ${item} ${path} drifted`).toBe('FAIL')
        }
      })
    } else if (r.verification.kind === 'covered') {
      const by = r.verification.by
      it(`${r.id}: covered by ${by.join(', ')}; a drift of any of them fails it`, () => {
        for (const dep of by) {
          const {item, path} = (fieldsByRequirement.get(dep) ?? [])[0] ?? {}
          expect(item, `${dep} has a value to drift`).toBeDefined()
          const inv = cleanInventory()
          const f = inv.items.get(item!)!.fields.find((x) => x.path === path)!
          Object.assign(f, {actual: drift(f.actual), ok: false})
          expect(statusOf(inv, r.id), `${r.id} after ${dep} drifted`).toBe('FAIL')
        }
      })
    } else {
      it(`${r.id}: judged from what its checks read; a drift of it fails its row`, () => {
        const checks = CHECKS.filter((c) => c.requirements.includes(r.id))
        expect(checks.length, `a check judges ${r.id}`).toBeGreaterThan(0)
        const inv = cleanInventory()
        const read = new Set(checks.flatMap((c) => [...readsOf(inv, (i) => c.run(i, design))]))
        for (const id of read) {
          const item = inv.items.get(id)!
          item.region = `${item.region}-drift`
          for (const f of item.fields) Object.assign(f, {actual: drift(f.actual), ok: false})
        }
        expect(statusOf(inv, r.id)).toBe('FAIL')
      })
    }
  }
})
