import {describe, expect, it} from 'vitest'
import {exceptionRegister} from '../../../src/audit/exception-register.js'
import {exceptionsFileSchema, type AuditException} from '../../../src/audit/exceptions.js'
import {csvCellIsNeutral} from '../../../src/report/csv.js'
import {exceptionRegisterCsv, exceptionRegisterSummary} from '../../../src/report/exception-register.js'

const base = {reason: 'Accepted until the migration ends', owner: 'sre-team'}
const exceptions: AuditException[] = [
  {
    ...base,
    check: 'waf-rate-limit',
    resource: '*',
    expires: '2027-06-30',
    approvedBy: 'CISO 山田',
    approvedOn: '2026-11-01',
    ticket: 'SEC-101',
  },
  {
    ...base,
    check: 's3-versioning',
    resource: 'bucket-a',
    expires: '2026-12-31',
    approvedBy: 'CISO 山田',
    approvedOn: '2026-11-02',
  },
  {...base, check: 'no-open-ingress', resource: 'sg-1', expires: '2026-11-30', approvedBy: 'CISO 山田'},
  {...base, check: 'eks-endpoint', resource: 'cluster', expires: '2027-06-30'},
  {...base, check: 'kms-rotation', resource: '=HYPERLINK("x")', expires: '2026-12-01', approvedBy: 'a'},
]
const NOW = new Date('2026-12-01T23:30:00Z')

describe('exceptionRegister', () => {
  it('gives each exception its status: expired, unapproved, expiring within 30 days, or active', () => {
    const rows = exceptionRegister(exceptions, NOW)
    expect(rows.map((r) => [r.check, r.status, r.daysLeft])).toEqual([
      ['waf-rate-limit', 'active', 211],
      ['s3-versioning', 'expiring', 30],
      ['no-open-ingress', 'expired', -1],
      ['eks-endpoint', 'unapproved', 211],
      // Expiring today still mutes (the audit compares expires >= today): expiring, not expired.
      ['kms-rotation', 'expiring', 0],
    ])
    expect(rows[0]).toMatchObject({
      approvedBy: 'CISO 山田',
      approvedOn: '2026-11-01',
      ticket: 'SEC-101',
      owner: 'sre-team',
    })
    expect(rows[3]).toMatchObject({approvedBy: '', approvedOn: '', ticket: ''})
  })

  it('accepts approvedBy, approvedOn and ticket in the exceptions file, and refuses a bad approval date', () => {
    const file = {exceptions: [{...exceptions[0]!}]}
    expect(exceptionsFileSchema.safeParse(file).success).toBe(true)
    expect(exceptionsFileSchema.safeParse({exceptions: [{...exceptions[0]!, approvedOn: '1 Nov'}]}).success).toBe(false)
    // The fields stay optional: an exceptions file from before the register still loads.
    expect(exceptionsFileSchema.safeParse({exceptions: [exceptions[3]]}).success).toBe(true)
  })
})

describe('exception register CSV', () => {
  const rows = exceptionRegister(exceptions, NOW)

  it('has Japanese headers and statuses with --lang ja, English by default, and neutral cells', () => {
    const ja = exceptionRegisterCsv(rows, 'ja').split('\r\n')
    expect(ja[0]).toBe('\uFEFFチェック,リソース,責任者,理由,承認者,承認日,チケット,有効期限,状態')
    expect(ja[1]).toBe(
      'waf-rate-limit,*,sre-team,Accepted until the migration ends,CISO 山田,2026-11-01,SEC-101,2027-06-30,有効',
    )
    expect(ja[3]).toMatch(/,期限切れ$/)
    expect(ja[4]).toMatch(/,,,2027-06-30,未承認$/)
    const en = exceptionRegisterCsv(rows, 'en').split('\r\n')
    expect(en[0]!.startsWith('\uFEFF')).toBe(false)
    expect(en[0]).toBe('Check,Resource,Owner,Reason,Approved by,Approved on,Ticket,Expires,Status')
    expect(en[2]).toMatch(/,expiring$/)
    const formula = en[5]!.split(',')[1]!
    expect(formula.startsWith('"\'=HYPERLINK')).toBe(true)
    expect(csvCellIsNeutral(formula)).toBe(true)
  })

  it('sums up the statuses in both languages', () => {
    expect(exceptionRegisterSummary(rows, 'en')).toBe('5 exceptions: 1 active, 2 expiring, 1 expired, 1 unapproved')
    expect(exceptionRegisterSummary(rows, 'ja')).toBe('例外 5 件: 有効 1、期限間近 2、期限切れ 1、未承認 1')
  })
})
