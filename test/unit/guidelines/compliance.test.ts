import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {runChecks} from '../../../src/audit/run.js'
import {auditReportSchema} from '../../../src/audit/report-schema.js'
import type {Finding} from '../../../src/audit/types.js'
import {complianceView} from '../../../src/guidelines/compliance.js'
import {complianceViewSchema} from '../../../src/guidelines/schema.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

function finding(checkId: string, status: Finding['status'], resourceId: string, requirements?: string[]): Finding {
  const check = CHECKS.find((c) => c.id === checkId)!
  return {
    checkId,
    status,
    severity: check.severity,
    requirements: requirements ?? check.requirements,
    resource: {type: 'test', id: resourceId, region: 'ap-northeast-1'},
    expected: true,
    actual: status === 'PASS',
    message: `${checkId} on ${resourceId}: ${status}`,
    remediation: check.remediation,
  }
}

const rowOf = (view: ReturnType<typeof complianceView>, id: string) => view.items.find((r) => r.item.id === id)!
const BACKUP = 'mhlw-6.0:system-operation:12.2'

describe('complianceView', () => {
  it('judges an item by its worst finding: FAIL > ERROR > MUTED > PASS, and lists what fails', () => {
    const pass = finding('aurora-backup', 'PASS', 'cluster-dev')
    const fail = finding('s3-versioning', 'FAIL', 'bucket-data', ['s3.data.versioning'])
    const view = complianceView([pass, fail], CHECKS, 'mhlw-6.0')
    const backup = rowOf(view, BACKUP)
    expect(backup.status).toBe('FAIL')
    expect(backup.counts).toEqual({pass: 1, fail: 1, error: 0, muted: 0})
    expect(backup.failing).toEqual([
      {
        checkId: 's3-versioning',
        resourceId: 'bucket-data',
        status: 'FAIL',
        message: 's3-versioning on bucket-data: FAIL',
      },
    ])
    expect(backup.checks).toEqual(expect.arrayContaining(['aurora-backup', 's3-versioning', 'velero-backup']))
    expect(backup.requirements).toEqual(expect.arrayContaining(['rds.backup-retention', 'backup.aurora']))

    const status = (...fs: Finding[]) => rowOf(complianceView(fs, CHECKS, 'mhlw-6.0'), BACKUP).status
    expect(status(pass, finding('aurora-backup', 'ERROR', 'x'), finding('s3-versioning', 'MUTED', 'y'))).toBe('ERROR')
    expect(status(pass, finding('s3-versioning', 'MUTED', 'y'))).toBe('MUTED')
    expect(status(pass)).toBe('PASS')
    expect(status()).toBe('NOT_RUN')
  })

  it('counts a finding only for the items of its own requirements, not of every requirement of its check', () => {
    // iam-roles judges the EKS, Fargate and replication roles: a failing replication role is a backup matter.
    const replicationRole = finding('iam-roles', 'FAIL', 'replication-role', ['backup.s3-replication'])
    const view = complianceView([replicationRole], CHECKS, 'mhlw-6.0')
    expect(rowOf(view, BACKUP).status).toBe('FAIL')
    expect(rowOf(view, 'mhlw-6.0:system-operation:6').status).toBe('NOT_RUN')
  })

  it('shows MANUAL items as MANUAL with no checks, and sums the items in the summary', () => {
    const view = complianceView([finding('aurora-backup', 'FAIL', 'c')], CHECKS, 'meti-mic-1.1')
    expect(view.title.ja).toContain('提供事業者における安全管理ガイドライン')
    const contract = rowOf(view, 'meti-mic-1.1:main:3.2.1')
    expect(contract).toMatchObject({status: 'MANUAL', checks: [], failing: []})
    expect(rowOf(view, 'meti-mic-1.1:main:6-preservation').status).toBe('FAIL')
    const s = view.summary
    expect(s.items).toBe(view.items.length)
    expect(s.pass + s.fail + s.error + s.muted + s.manual + s.notRun).toBe(s.items)
    expect(s.fail).toBe(1)
    expect(s.unconfirmed).toBe(view.items.filter((r) => !r.item.confirmed).length)
    expect(s.unconfirmed).toBeGreaterThan(0)
  })

  it('on the clean dev inventory: every auto item is judged, and the view is valid in the --json report', () => {
    const findings = runChecks({
      checks: CHECKS,
      inventory: cleanInventory(),
      design: devDesign(),
      exceptions: [],
      today: new Date('2026-12-01T00:00:00Z'),
      filters: {},
    })
    const view = complianceView(findings, CHECKS, 'mhlw-6.0')
    for (const r of view.items) {
      if (r.item.kind === 'manual') expect(r.status, r.item.id).toBe('MANUAL')
      else expect(r.status, r.item.id).not.toBe('NOT_RUN')
    }
    expect(view.summary.manual).toBe(view.items.filter((r) => r.item.kind === 'manual').length)
    expect(complianceViewSchema.safeParse(view).success).toBe(true)
    const report = {
      env: 'dev',
      account: '123456789012',
      callerArn: 'arn:aws:iam::123456789012:user/auditor',
      regions: ['ap-northeast-1'],
      startedAt: '2026-12-01T00:00:00.000Z',
      finishedAt: '2026-12-01T00:01:00.000Z',
      summary: {pass: 0, fail: 0, error: 0, manual: 0, muted: 0},
      findings: [],
      calls: {total: 0, mutating: 0, readOnly: 0, byOperation: {}},
      compliance: view,
    }
    expect(auditReportSchema.safeParse(report).success).toBe(true)
    expect(auditReportSchema.safeParse({...report, compliance: {...view, framework: 'iso-27001'}}).success).toBe(false)
  })
})
