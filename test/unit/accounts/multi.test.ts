import {describe, expect, it} from 'vitest'
import {auditEnvironments, multiAuditText, multiExitCode} from '../../../src/audit/multi.js'
import type {AuditReport} from '../../../src/audit/report-schema.js'
import {PlatformError} from '../../../src/errors.js'

function report(env: string, findings: AuditReport['findings'], account = '123456789012'): AuditReport {
  const n = (s: string) => findings.filter((f) => f.status === s).length
  return {
    env,
    account,
    callerArn: `arn:aws:sts::${account}:user/moto`,
    regions: ['ap-northeast-1'],
    startedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: '2026-12-01T00:00:01.000Z',
    summary: {pass: n('PASS'), fail: n('FAIL'), error: n('ERROR'), manual: n('MANUAL'), muted: n('MUTED')},
    findings,
    calls: {total: 0, mutating: 0, readOnly: 0, byOperation: {}},
  } as unknown as AuditReport
}
const finding = (status: 'PASS' | 'FAIL' | 'ERROR', severity: 'high' | 'low' = 'high') =>
  ({
    id: `f-${status}`,
    checkId: 'c',
    status,
    severity,
    requirements: [],
    resource: {type: 't', id: 'r', region: 'ap-northeast-1'},
    expected: null,
    actual: null,
    message: 'm',
    remediation: {platform: 'p', manual: 'm'},
  }) as unknown as AuditReport['findings'][number]

describe('auditEnvironments', () => {
  it('isolates a failing environment: ERROR with its reason, the others complete, exit 3', async () => {
    const report3 = await auditEnvironments({
      envs: ['dev', 'prod', 'staging'],
      concurrency: 2,
      failOn: 'low',
      accountOf: (env) => (env === 'prod' ? '111111111111' : '123456789012'),
      auditOne: async (env) => {
        if (env === 'prod')
          throw new PlatformError('Assuming arn:aws:iam::111111111111:role/x (sts:AssumeRole): Access denied', {
            code: 'ASSUME_ROLE',
            remedy: 'Check the trust policy.',
          })
        return report(env, [finding('PASS'), finding(env === 'dev' ? 'FAIL' : 'PASS')])
      },
    })
    expect(report3.environments.map((e) => [e.env, e.status, e.exitCode])).toEqual([
      ['dev', 'AUDITED', 1],
      ['prod', 'ERROR', 3],
      ['staging', 'AUDITED', 0],
    ])
    expect(report3.environments[1]).toEqual({
      env: 'prod',
      status: 'ERROR',
      account: '111111111111',
      exitCode: 3,
      error: {
        code: 'ASSUME_ROLE',
        message: 'Assuming arn:aws:iam::111111111111:role/x (sts:AssumeRole): Access denied',
        remedy: 'Check the trust policy.',
      },
    })
    expect(report3.summary).toEqual({
      environments: 3,
      audited: 2,
      error: 1,
      findings: {pass: 3, fail: 1, error: 0, manual: 0, muted: 0},
      exitCode: 3,
    })
    const text = multiAuditText(report3, (r) => `table of ${r.env}`)
    expect(text).toEqual([
      '== dev (account 123456789012) ==',
      'table of dev',
      '',
      '== prod (account 111111111111) ==',
      'ERROR: could not audit prod: Assuming arn:aws:iam::111111111111:role/x (sts:AssumeRole): Access denied',
      '  remedy: Check the trust policy.',
      '',
      '== staging (account 123456789012) ==',
      'table of staging',
      '',
      'Environments: 3 (2 audited, 1 could not be audited). Findings: 1 FAIL, 0 ERROR, 3 PASS, 0 MUTED, 0 MANUAL. Exit 3.',
    ])
  })

  it('never runs more environments at once than the concurrency', async () => {
    let inFlight = 0
    let peak = 0
    const gates: (() => void)[] = []
    const run = auditEnvironments({
      envs: ['a1', 'b1', 'c1', 'd1', 'e1'],
      concurrency: 2,
      failOn: 'low',
      auditOne: async (env) => {
        peak = Math.max(peak, ++inFlight)
        await new Promise<void>((r) => gates.push(r))
        inFlight--
        return report(env, [finding('PASS')])
      },
    })
    // Release the environments one by one as they start.
    while (gates.length || inFlight) {
      await new Promise((r) => setImmediate(r))
      gates.shift()?.()
    }
    const out = await run
    expect(peak).toBe(2)
    expect(out.environments.map((e) => e.env)).toEqual(['a1', 'b1', 'c1', 'd1', 'e1'])
    expect(out.summary.exitCode).toBe(0)
  })

  it('worst wins: FINDINGS over INCOMPLETE over OK when every environment was audited', () => {
    const audited = (exitCode: number) =>
      ({env: 'x', status: 'AUDITED', account: '1', exitCode, report: report('x', [])}) as const
    expect(multiExitCode([audited(0), audited(3), audited(1)])).toBe(1)
    expect(multiExitCode([audited(0), audited(3)])).toBe(3)
    expect(multiExitCode([audited(0), audited(0)])).toBe(0)
    expect(
      multiExitCode([audited(1), {env: 'y', status: 'ERROR', exitCode: 3, error: {code: 'C', message: 'm'}}]),
    ).toBe(3)
  })

  it('an unexpected error (not a PlatformError) is also an ERROR outcome', async () => {
    const out = await auditEnvironments({
      envs: ['dev', 'qa'],
      concurrency: 2,
      failOn: 'low',
      auditOne: async (env) => {
        if (env === 'qa') throw new TypeError('boom')
        return report(env, [finding('PASS')])
      },
    })
    expect(out.environments[1]).toEqual({
      env: 'qa',
      status: 'ERROR',
      exitCode: 3,
      error: {code: 'UNEXPECTED', message: 'boom'},
    })
  })
})
