import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {GUIDELINE_ITEMS, itemsOfFramework} from '../../../src/guidelines/catalogue.js'
import {
  KNOWN_REQUIREMENTS,
  REQUIREMENT_GUIDELINES,
  guidelineItemsOfCheck,
  guidelineItemsOfRequirement,
  requirementsOfItem,
  validateMapping,
} from '../../../src/guidelines/mapping.js'
import {FRAMEWORKS} from '../../../src/guidelines/types.js'

describe('guideline catalogue', () => {
  it('gives every item a source title and an https URL, and a source page where the number was read', () => {
    for (const i of GUIDELINE_ITEMS) {
      expect(i.source.title, i.id).toMatch(/ガイドライン 第\d\.\d版$/)
      expect(i.source.url, i.id).toMatch(/^https:\/\/www\.(mhlw|meti)\.go\.jp\//)
      expect(i.source.seenAt, i.id).toMatch(/^https:\/\//)
      expect(i.title.ja.trim(), i.id).not.toBe('')
      expect(i.title.en.trim(), i.id).not.toBe('')
    }
  })

  it('has unique ids, each prefixed by its framework and volume', () => {
    const ids = GUIDELINE_ITEMS.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const i of GUIDELINE_ITEMS) {
      expect(FRAMEWORKS).toContain(i.framework)
      expect(i.id.startsWith(`${i.framework}:${i.volume}:`), i.id).toBe(true)
    }
  })

  it('holds the sections the issue names, with the numbers read in the sources', () => {
    const mhlw = new Map(itemsOfFramework('mhlw-6.0').map((i) => [`${i.volume}:${i.number}`, i]))
    expect(mhlw.get('system-operation:13')?.title.ja).toBe('ネットワークに関する安全管理措置')
    expect(mhlw.get('system-operation:12.2')?.title.ja).toBe('バックアップの管理')
    expect(mhlw.get('system-operation:18')?.title.ja).toBe('外部からの攻撃に対する安全管理措置')
    expect(mhlw.get('planning:5')).toMatchObject({title: {ja: '安全管理におけるエビデンス'}, confirmed: true})
    // Not seen with its number: shown as unconfirmed, never as fact.
    expect(mhlw.get('system-operation:17')).toMatchObject({
      title: {ja: '証跡のレビュー、システム監査'},
      confirmed: false,
    })
    expect(itemsOfFramework('mhlw-6.0').length).toBeGreaterThanOrEqual(15)
    expect(itemsOfFramework('meti-mic-1.1').length).toBeGreaterThanOrEqual(8)
  })

  it('gives every MANUAL item the evidence an auditor expects, in both languages, and no auto item any', () => {
    for (const i of GUIDELINE_ITEMS) {
      if (i.kind === 'manual') {
        expect(i.evidence?.ja.trim(), i.id).toBeTruthy()
        expect(i.evidence?.en.trim(), i.id).toBeTruthy()
      } else expect(i.evidence, i.id).toBeUndefined()
    }
    const manual = GUIDELINE_ITEMS.filter((i) => i.kind === 'manual').map((i) => i.evidence!.en)
    for (const topic of [/risk assessment/i, /training/i, /incident/i, /contract/i, /data centres/i])
      expect(
        manual.some((e) => topic.test(e)),
        String(topic),
      ).toBe(true)
  })
})

describe('requirement → guideline mapping', () => {
  const known = {requirements: KNOWN_REQUIREMENTS, items: GUIDELINE_ITEMS}

  it('names only known requirements and known auto items', () => {
    expect(validateMapping(REQUIREMENT_GUIDELINES, known)).toEqual([])
  })

  it('refuses a mapping to an unknown item, an unknown requirement or a MANUAL item', () => {
    const bad = {
      'rds.encryption': ['mhlw-6.0:system-operation:99'],
      'no.such.requirement': ['mhlw-6.0:system-operation:13'],
      'rds.multi-az': ['mhlw-6.0:governance:2'],
    }
    expect(validateMapping(bad, known)).toEqual([
      'rds.encryption: unknown guideline item mhlw-6.0:system-operation:99',
      'no.such.requirement: not a requirement of the design or the baseline',
      'rds.multi-az: mhlw-6.0:governance:2 is a MANUAL item; no check can evidence it',
    ])
  })

  it('has every auto item evidenced by at least one registered check', () => {
    for (const item of GUIDELINE_ITEMS.filter((i) => i.kind === 'auto')) {
      const by = CHECKS.filter((c) => guidelineItemsOfCheck(c).some((i) => i.id === item.id))
      expect(by.length, item.id).toBeGreaterThan(0)
    }
  })

  it('maps every registered check to at least one MHLW 6.0 item', () => {
    for (const c of CHECKS) expect(guidelineItemsOfCheck(c, 'mhlw-6.0').length, c.id).toBeGreaterThan(0)
  })

  it('answers per requirement, per check (union of its requirements) and per item', () => {
    expect(guidelineItemsOfRequirement('rds.backup-retention', 'mhlw-6.0').map((i) => i.number)).toEqual([
      '12.2',
      'シQ-31',
    ])
    expect(guidelineItemsOfRequirement('rds.backup-retention', 'meti-mic-1.1').map((i) => i.id)).toEqual([
      'meti-mic-1.1:main:6-preservation',
    ])
    expect(guidelineItemsOfRequirement('no.such')).toEqual([])
    const backup = CHECKS.find((c) => c.id === 'aurora-backup')!
    expect(guidelineItemsOfCheck(backup, 'mhlw-6.0').map((i) => i.id)).toEqual([
      'mhlw-6.0:system-operation:12.2',
      'mhlw-6.0:qa:sq-31',
      'mhlw-6.0:qa:backup-generations',
    ])
    expect(requirementsOfItem('mhlw-6.0:planning:5')).toEqual(
      expect.arrayContaining(['eks.logging', 'baseline.rds.audit-logging', 'baseline.waf.logging']),
    )
    expect(requirementsOfItem('mhlw-6.0:governance:1')).toEqual([])
  })
})
