import {describe, expect, it} from 'vitest'
import {lintDesign} from '../../../src/design/lint.js'
import {resolveDesign} from '../../../src/design/resolve.js'

const codes = (env: string, auroraDrBackup?: boolean) =>
  lintDesign(
    resolveDesign(auroraDrBackup === undefined ? {} : {environments: {[env]: {auroraDrBackup}}}, env),
  ).findings.filter((f) => ['aurora-no-dr-copy', 'backups-not-write-once'].includes(f.code))

describe('design lint: recovery advisories (8.1, MHLW)', () => {
  it('as designed: no Aurora copy outside the region and nothing write-once, each naming the opt-in', () => {
    const f = codes('prod')
    expect(f.map((x) => [x.code, x.level])).toEqual([
      ['aurora-no-dr-copy', 'advisory'],
      ['backups-not-write-once', 'advisory'],
    ])
    for (const x of f) expect(x.message).toContain('environments.prod.auroraDrBackup: true')
    expect(f[0]!.message).toContain('ap-northeast-3')
    expect(f[0]!.requirements).toContain('dr.targets')
  })

  it('with the opt-in set, both advisories go', () => {
    expect(codes('staging', true)).toEqual([])
    expect(codes('staging', false)).toHaveLength(2)
  })

  it('the opt-in is off by default', () => {
    expect(resolveDesign({}, 'prod').backup.enabled).toBe(false)
  })
})
