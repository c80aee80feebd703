import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {auditDiffSchema} from '../../../src/audit/diff-schema.js'
import {carryFirstSeen, diffIsEmpty, diffReports} from '../../../src/audit/diff.js'
import {withIds} from '../../../src/audit/finding-id.js'
import {auditReportSchema, type AuditReport} from '../../../src/audit/report-schema.js'
import {parseReport} from '../../../src/history/load.js'
import {diffText} from '../../../src/history/text.js'
import {ROOT} from '../../helpers/cli.js'

const fixture = (name: string): AuditReport =>
  parseReport(readFileSync(join(ROOT, 'test/unit/history/fixtures', name), 'utf8'), name)
const night1 = () => fixture('night-1.json')
const night2 = () => fixture('night-2.json')

/** A deterministic shuffle (no randomness in tests): every third, then the rest reversed. */
const reorder = <T>(xs: T[]): T[] => [
  ...xs.filter((_, i) => i % 3 === 0),
  ...xs.filter((_, i) => i % 3 !== 0).reverse(),
]

const ids = (entries: {id: string}[]) => entries.map((e) => e.id)

describe('audit diff: tonight vs last night', () => {
  it('two nights give the expected new, resolved, still failing and changed sets', () => {
    const d = diffReports(night1(), night2(), 'night-1.json')
    expect(auditDiffSchema.safeParse(d).success).toBe(true)
    expect(ids(d.new)).toEqual([
      'cloudfront-viewer-https|AWS::CloudFront::Distribution|E2QWRUHAPOMQZL|baseline.cloudfront.viewer-https',
      'waf-logging|AWS::WAFv2::WebACL|web-acl|baseline.waf.logging|logging',
    ])
    expect(d.new.map((e) => [e.previousStatus, e.status])).toEqual([
      ['absent', 'ERROR'],
      ['PASS', 'FAIL'],
    ])
    expect(ids(d.resolved)).toEqual([
      'eks-logging|AWS::EKS::Cluster|medical-ai-prod-eks|baseline.eks.logging',
      's3-public-access-block|AWS::S3::Bucket|medical-ai-prod-data|baseline.s3.public-access-block|publicAccessBlock',
    ])
    // Gone from tonight's report is said as such: not a PASS.
    expect(d.resolved.map((e) => [e.previousStatus, e.status])).toEqual([
      ['ERROR', 'absent'],
      ['FAIL', 'PASS'],
    ])
    expect(
      d.stillFailing.map((e) => ({id: e.id, firstSeen: e.firstSeen, ageDays: e.ageDays, actual: e.actual})),
    ).toEqual([
      {
        id: 'aurora-backup|AWS::RDS::DBCluster|arn:aws:rds:ap-northeast-1:111122223333:cluster:medical-ai-prod-aurora|rds.backup|backupRetentionPeriod',
        // Last night's report had no first-seen for it: it failed at least since last night.
        firstSeen: '2026-11-29T02:00:00.000Z',
        ageDays: 1,
        actual: 1,
      },
      {
        id: 'kms-rotation|AWS::KMS::Key|1234abcd-12ab-34cd-56ef-1234567890ab|baseline.kms.rotation|rotation',
        // Carried from last night's report.
        firstSeen: '2026-11-20T02:00:00.000Z',
        ageDays: 10,
        actual: false,
      },
    ])
    expect(d.changed.map((e) => [e.id.split('|')[0], e.previousActual, e.actual])).toEqual([
      ['aurora-backup', 7, 1],
      ['s3-public-access-block', {BlockPublicAcls: false}, {BlockPublicAcls: true}],
      ['waf-logging', 'aws-waf-logs-medical-ai-prod', null],
    ])
    expect(diffIsEmpty(d)).toBe(false)
    expect(d).toMatchObject({
      against: 'night-1.json',
      againstStartedAt: '2026-11-29T02:00:00.000Z',
      startedAt: '2026-11-30T02:05:00.000Z',
    })
  })

  it('the same findings in another order give an empty diff, and the order of either side changes nothing', () => {
    const n2 = night2()
    const shuffled = {...n2, findings: reorder(n2.findings)}
    expect(shuffled.findings.map((f) => f.checkId)).not.toEqual(n2.findings.map((f) => f.checkId))
    const same = diffReports(n2, shuffled, 'night-2.json')
    expect(diffIsEmpty(same)).toBe(true)
    expect([same.new, same.resolved, same.changed]).toEqual([[], [], []])
    // What fails on both is still failing, not new.
    expect(same.stillFailing).toHaveLength(n2.findings.filter((f) => ['FAIL', 'ERROR'].includes(f.status)).length)
    const n1 = night1()
    const base = diffReports(n1, n2, 'x')
    expect(diffReports({...n1, findings: reorder(n1.findings)}, shuffled, 'x')).toEqual(base)
  })

  it('ids do not depend on position, on the order of requirements, or on a finding judged twice', () => {
    const n1 = night1()
    const a = withIds(n1.findings)
    const b = withIds(reorder(n1.findings))
    const byMessage = (fs: typeof a) => new Map(fs.map((f) => [f.message, f.id]))
    expect(byMessage(b)).toEqual(byMessage(a))
    const f = n1.findings[0]!
    const twoReqs = {...f, requirements: ['b.req', 'a.req']}
    expect(withIds([twoReqs])[0]!.id).toBe(withIds([{...f, requirements: ['a.req', 'b.req']}])[0]!.id)
    // A check that reports one field twice: both kept apart, the same suffix whatever the order.
    const dupA = {...f, expected: 1, message: 'one'}
    const dupB = {...f, expected: 2, message: 'two'}
    const x = withIds([dupA, dupB])
    const y = withIds([dupB, dupA])
    expect(new Set(x.map((g) => g.id)).size).toBe(2)
    expect(x.find((g) => g.message === 'two')!.id).toBe(y.find((g) => g.message === 'two')!.id)
  })

  it('first-seen is carried from last night, starts tonight for a new failure, and is dropped once it passes', () => {
    const carried = carryFirstSeen(night2(), night1())
    const seen = new Map(carried.findings.map((f) => [f.checkId, f.firstSeen]))
    expect(seen.get('kms-rotation')).toBe('2026-11-20T02:00:00.000Z')
    expect(seen.get('aurora-backup')).toBe('2026-11-29T02:00:00.000Z')
    expect(seen.get('waf-logging')).toBe('2026-11-30T02:05:00.000Z')
    expect(seen.get('cloudfront-viewer-https')).toBe('2026-11-30T02:05:00.000Z')
    expect(carried.findings.filter((f) => f.status === 'PASS' && f.firstSeen)).toEqual([])
    // The report with first-seen is still a valid --json document.
    expect(auditReportSchema.safeParse(carried).success).toBe(true)
    // Night three: a finding that passed in between starts again.
    const night3 = {...night2(), startedAt: '2026-12-01T02:00:00.000Z'}
    const again = carryFirstSeen(night3, carried)
    expect(again.findings.find((f) => f.checkId === 'kms-rotation')!.firstSeen).toBe('2026-11-20T02:00:00.000Z')
    const passedInBetween = carryFirstSeen(night1(), {...night2(), findings: []})
    expect(passedInBetween.findings.find((f) => f.checkId === 'kms-rotation')!.firstSeen).toBe(
      '2026-11-29T02:00:00.000Z',
    )
  })

  it('the text names each set and each finding, with first-seen and age', () => {
    const lines = diffText(diffReports(night1(), night2(), 'night-1.json'))
    expect(lines[0]).toBe(
      'Compared with night-1.json (started 2026-11-29T02:00:00.000Z): 2 new, 2 resolved, 2 still failing, 3 changed',
    )
    expect(lines).toContain('Still failing:')
    expect(lines.some((l) => l.includes('kms-rotation') && l.includes('first seen 2026-11-20 (10 days)'))).toBe(true)
    expect(lines.some((l) => l.includes('eks-logging') && l.includes('no longer reported (was ERROR)'))).toBe(true)
  })

  it('a report whose summary does not add up is refused, naming it', () => {
    const text = readFileSync(join(ROOT, 'test/unit/history/fixtures/night-1.json'), 'utf8').replace(
      '"fail": 3',
      '"fail": 0',
    )
    expect(() => parseReport(text, 'edited.json')).toThrow(/edited.json .*summary/)
  })
})

describe('audit diff: a stored (redacted) report against tonight (not yet redacted)', () => {
  it('a secret-like key redacted in the stored report is not a change', () => {
    const tonight = night1()
    const f = tonight.findings[0]!
    const withKey = (v: string): AuditReport => ({
      ...tonight,
      findings: [{...f, expected: {secretsEncryptionKey: v}}, ...tonight.findings.slice(1)],
    })
    const d = diffReports(withKey('[REDACTED]'), withKey('as designed'), 'stored')
    expect(d.changed).toEqual([])
    expect(diffIsEmpty(d)).toBe(true)
    // A real change of a non-secret value still counts.
    const other = {...tonight, findings: [{...f, actual: {changed: true}}, ...tonight.findings.slice(1)]}
    expect(diffReports(tonight, other, 'stored').changed.map((e) => [e.checkId, e.resource.id])).toEqual([
      [f.checkId, f.resource.id],
    ])
  })
})
