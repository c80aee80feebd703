import {describe, expect, it} from 'vitest'
import {formatTime, LANGS, resolveLang, sectionName, translator} from '../../../src/i18n/index.js'
import {DESIGN_SECTIONS} from '../../../src/i18n/design-sections.js'
import {MESSAGES} from '../../../src/i18n/messages/index.js'
import {REQUIREMENTS} from '../../../src/design/requirements.js'

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

describe('messages', () => {
  for (const [ns, byLang] of Object.entries(MESSAGES)) {
    it(`namespace ${ns}: every key exists in every language, non-empty, with the same placeholders`, () => {
      const en = byLang.en as Record<string, string>
      for (const lang of LANGS) {
        const m = byLang[lang] as Record<string, string>
        expect(Object.keys(m).sort(), `${ns} ${lang}`).toEqual(Object.keys(en).sort())
        for (const [key, text] of Object.entries(m)) {
          expect(text.trim(), `${ns}:${key} ${lang}`).not.toBe('')
          expect(placeholders(text), `${ns}:${key} ${lang}`).toEqual(placeholders(en[key]!))
        }
      }
    })
  }

  it('translates, interpolates and refuses a key it does not have', () => {
    expect(translator('ja')('common:status.FAIL')).toBe('不適合')
    expect(translator('en')('common:status.FAIL')).toBe('FAIL')
    expect(() => translator('ja')('common:nope' as never)).toThrow(/No ja message for common:nope/)
  })

  it('names sections in the design document’s own words', () => {
    expect(sectionName('3.2', 'ja')).toBe('3.2 サブネット設計')
    expect(sectionName('5.1', 'ja')).toBe('5.1 Aurora MySQL')
    expect(sectionName('3.2', 'en')).toBe('3.2 Subnet design')
    expect(sectionName('baseline', 'ja')).toBe('セキュリティベースライン（設計書の範囲外）')
    for (const r of REQUIREMENTS) expect(DESIGN_SECTIONS[r.section], r.section).toBeDefined()
  })

  it('shows times in JST in Japanese and in UTC in English', () => {
    expect(formatTime('2026-12-01T15:30:00.000Z', 'ja')).toBe('2026-12-02 00:30:00 JST')
    expect(formatTime('2026-12-01T15:30:00.000Z', 'en')).toBe('2026-12-01T15:30:00Z')
    expect(formatTime('not a time', 'ja')).toBe('not a time')
  })

  it('takes --lang, then the configuration, then English', () => {
    expect(resolveLang('ja', 'en')).toBe('ja')
    expect(resolveLang(undefined, 'ja')).toBe('ja')
    expect(resolveLang(undefined, undefined)).toBe('en')
  })
})

describe('check titles', () => {
  it('every registered check has a Japanese title, and no title names an unknown check', async () => {
    const {CHECKS} = await import('../../../checks/index.js')
    const {CHECK_TITLES_JA, checkTitle} = await import('../../../src/i18n/check-titles.js')
    const ids = CHECKS.map((c) => c.id).sort()
    expect(Object.keys(CHECK_TITLES_JA).sort()).toEqual(ids)
    const vpc = CHECKS.find((c) => c.id === 'vpc-cidr')!
    expect(checkTitle(vpc, 'ja')).toBe('VPC が設計どおりの CIDR ブロックを持つ')
    expect(checkTitle(vpc, 'en')).toBe(vpc.title)
  })
})
