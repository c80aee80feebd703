import {describe, expect, it} from 'vitest'
import {checkLink, gap, trailingGap, type ChainRun, type MissingNight} from '../../../src/history/chain.js'

const run = (key: string, time: string): ChainRun => ({key, runId: key, time, status: 'OK', problems: []})
const H = '0'.repeat(64)
const OTHER = 'f'.repeat(64)

describe('missing nights', () => {
  it('a run up to half a period late is late, not missing; beyond that each missed slot is named', () => {
    const out: MissingNight[] = []
    gap(run('a', '2026-11-27T02:00:00Z'), run('b', '2026-11-28T13:59:00Z'), 24, out)
    expect(out).toEqual([])
    gap(run('a', '2026-11-27T02:00:00Z'), run('b', '2026-11-28T14:01:00Z'), 24, out)
    expect(out).toEqual([{expected: '2026-11-28T02:00:00.000Z', after: 'a', before: 'b'}])
    const three: MissingNight[] = []
    gap(run('a', '2026-11-20T02:00:00Z'), run('b', '2026-11-24T02:00:00Z'), 24, three)
    expect(three.map((m) => m.expected.slice(0, 10))).toEqual(['2026-11-21', '2026-11-22', '2026-11-23'])
  })

  it('an hourly schedule counts hours; the time since the last run counts too', () => {
    const out: MissingNight[] = []
    trailingGap(run('a', '2026-11-27T02:00:00Z'), new Date('2026-11-27T05:00:00Z'), 1, out)
    expect(out.map((m) => m.expected)).toEqual(['2026-11-27T03:00:00.000Z', '2026-11-27T04:00:00.000Z'])
    expect(out.every((m) => m.before === null)).toBe(true)
  })
})

describe('a chain link', () => {
  const collect = () => {
    const marks: [string, string][] = []
    return {marks, mark: (s: ChainRun['status'], why: string) => void marks.push([s, why])}
  }

  it('the first run links to none; one that links to something names it as not in the store', () => {
    const ok = collect()
    checkLink('run c', {runKey: 'c', reportSha256: H, previous: null}, undefined, ok.mark)
    expect(ok.marks).toEqual([])
    const bad = collect()
    checkLink('run c', {runKey: 'c', reportSha256: H, previous: {key: 'gone/', manifestSha256: H}}, undefined, bad.mark)
    expect(bad.marks).toEqual([
      ['BROKEN_LINK', 'run c links to gone/, which is not in the store (the first run links to none)'],
    ])
  })

  it('a link to another run than the one before, or to a manifest that changed since, is broken; the changed one is named altered', () => {
    const prev = run('b/', '2026-11-28T02:00:00Z')
    const wrong = collect()
    checkLink(
      'run c',
      {runKey: 'c', reportSha256: H, previous: {key: 'a/', manifestSha256: H}},
      {run: prev, manifestSha256: H},
      wrong.mark,
    )
    expect(wrong.marks).toEqual([
      ['BROKEN_LINK', 'run c links to a/, but the run before it is b/ (2026-11-28T02:00:00Z)'],
    ])
    const changed = collect()
    checkLink(
      'run c',
      {runKey: 'c', reportSha256: H, previous: {key: 'b/', manifestSha256: H}},
      {run: prev, manifestSha256: OTHER},
      changed.mark,
    )
    expect(changed.marks[0]![0]).toBe('BROKEN_LINK')
    expect(prev.status).toBe('ALTERED')
    expect(prev.problems).toEqual([
      'run b/ (2026-11-28T02:00:00Z): its manifest is not the one the next run recorded (altered)',
    ])
    const fine = collect()
    checkLink(
      'run c',
      {runKey: 'c', reportSha256: H, previous: {key: 'b/', manifestSha256: OTHER}},
      {run: run('b/', 't'), manifestSha256: OTHER},
      fine.mark,
    )
    expect(fine.marks).toEqual([])
  })
})
