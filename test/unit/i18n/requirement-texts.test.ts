import {describe, expect, it} from 'vitest'
import {BASELINE} from '../../../src/design/baseline.js'
import {REQUIREMENTS} from '../../../src/design/requirements.js'
import {REQUIREMENT_TEXTS_JA, requirementText} from '../../../src/i18n/requirement-texts.js'

// {p}, {env}, {n}: the templates evidence resolves per environment (controls.ts resolvedText).
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/

describe('requirement texts in Japanese', () => {
  const all = [...REQUIREMENTS, ...BASELINE]

  it('every requirement and baseline item has one, in Japanese, with the placeholders of the English text', () => {
    for (const r of all) {
      const ja = REQUIREMENT_TEXTS_JA[r.id]
      expect(ja, r.id).toBeDefined()
      expect(ja!, r.id).toMatch(japanese)
      expect(placeholders(ja!), r.id).toEqual(placeholders(r.text))
    }
  })

  it('names no requirement the catalogue does not have', () => {
    const ids = new Set(all.map((r) => r.id))
    expect(Object.keys(REQUIREMENT_TEXTS_JA).filter((id) => !ids.has(id))).toEqual([])
  })

  it('uses the design document’s own words', () => {
    const rds = REQUIREMENTS.find((r) => r.id === 'rds.backup-retention')!
    expect(requirementText(rds.id, rds.text, 'ja')).toBe('バックアップ保持期間: 35日')
    expect(requirementText('s3.models.lifecycle', 'x', 'ja')).toBe('models: 古いバージョンは90日後に削除')
    expect(requirementText('eks.name', 'x', 'ja')).toContain('{p}-{env}-eks')
  })

  it('returns the English text unchanged in English', () => {
    for (const r of all) expect(requirementText(r.id, r.text, 'en')).toBe(r.text)
  })
})
