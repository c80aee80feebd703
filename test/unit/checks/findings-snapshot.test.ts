import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {ROOT} from '../../helpers/cli.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

const SNAPSHOT = join(ROOT, 'test/fixtures/findings-dev.json')

/**
 * Every finding the checks make on the recorded inventory, one line each: a refactoring of
 * the checks, the inventory or the layers must leave them as they are. After a deliberate
 * change, regenerate with UPDATE_FINDINGS=1 and review the diff.
 */
describe('findings on the recorded inventory', () => {
  // eks-supported-version judges against today's date: judge as of a fixed day.
  beforeAll(() => vi.useFakeTimers({now: new Date('2026-12-01T00:00:00Z'), toFake: ['Date']}))
  afterAll(() => vi.useRealTimers())

  it('are the recorded ones', () => {
    const inv = cleanInventory()
    const design = devDesign()
    const lines = CHECKS.flatMap((c) =>
      c
        .run(inv, design)
        .map((r) =>
          [c.id, r.status, r.resource.id, (r.requirements ?? c.requirements).join(','), r.message].join(' | '),
        ),
    ).sort()
    if (process.env.UPDATE_FINDINGS) writeFileSync(SNAPSHOT, JSON.stringify(lines, null, 1) + '\n')
    expect(lines).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')))
  })
})
