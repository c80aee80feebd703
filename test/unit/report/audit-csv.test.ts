import {describe, expect, it} from 'vitest'
import {auditCsv} from '../../../src/report/audit/csv.js'
import {oneFailReport} from './audit-fixture.js'

describe('audit CSV', () => {
  const r = oneFailReport()

  it('en: the headers scripts already read', () => {
    const [header] = auditCsv(r).split('\r\n')
    expect(header).toBe(
      'checkId,status,severity,requirements,resourceType,resourceId,resourceArn,region,expected,actual,message,remediation',
    )
  })

  it('ja: headers in Japanese (with a BOM for Excel), values unchanged', () => {
    const ja = auditCsv(r, 'ja')
    expect(ja.startsWith('\uFEFF')).toBe(true)
    const lines = ja.slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'チェックID,判定,重要度,要件,リソース種別,リソースID,リソースARN,リージョン,期待値,実際値,メッセージ,対処',
    )
    // Every data row is the same as in English: machine-readable values do not change with the language.
    expect(lines.slice(1)).toEqual(auditCsv(r).split('\r\n').slice(1))
    expect(lines.find((l) => l.startsWith('s3-public-access-block,FAIL,critical'))).toBeDefined()
    expect(ja).not.toMatch(/audit:|common:/)
  })
})
