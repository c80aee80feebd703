import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {withIds} from '../../../src/audit/finding-id.js'
import type {AuditReport, Finding} from '../../../src/audit/report-schema.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {ExitCode} from '../../../src/errors.js'
import {REPORTING_CALLS, reportRun} from '../../../src/notify/reporting.js'
import {asffId, productArn, toAsff} from '../../../src/securityhub/asff.js'
import {BATCH_LIMIT, GENERATORS_PER_QUERY, importToSecurityHub} from '../../../src/securityhub/import.js'
import {ROOT} from '../../helpers/cli.js'

const hub = mockClient(SecurityHubClient)
const credentials = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const reporting = () => new AwsAccess({credentials, allowMutating: REPORTING_CALLS})
const REGION = 'ap-northeast-1'

const night1 = (): AuditReport => {
  const r = JSON.parse(readFileSync(join(ROOT, 'test/unit/history/fixtures/night-1.json'), 'utf8')) as AuditReport
  return {...r, findings: withIds(r.findings)}
}
const PRODUCT = productArn(REGION, '111122223333')
type WithId = Finding & {id: string}

/** `n` FAIL findings of one check on distinct resources. */
function manyFindings(n: number): AuditReport {
  const base = night1()
  const f = base.findings[0]!
  const findings = Array.from({length: n}, (_, i) => ({
    ...f,
    resource: {...f.resource, id: `key-${i}`},
  }))
  return {...base, findings: withIds(findings.map(({id: _id, ...rest}) => rest as Finding))}
}

beforeEach(() => {
  hub.reset()
  hub.on(GetFindingsCommand).resolves({Findings: []})
  hub.on(BatchImportFindingsCommand).callsFake((input: {Findings: unknown[]}) => ({
    SuccessCount: input.Findings.length,
    FailedCount: 0,
    FailedFindings: [],
  }))
})

describe('ASFF mapping', () => {
  const ctx = {env: 'prod', account: '111122223333', region: REGION, updatedAt: '2026-11-21T02:00:00.000Z'}
  const byStatus = (s: string) => night1().findings.find((f) => f.status === s) as WithId

  it('a FAIL: stable id, check as GeneratorId, requirements, design section, resource, Workflow NEW', () => {
    const f = byStatus('FAIL')
    const a = toAsff(f, ctx)
    expect(a).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: `platform/prod/${f.id.replace(/\|/g, '%7C')}`,
      ProductArn: 'arn:aws:securityhub:ap-northeast-1:111122223333:product/111122223333/default',
      GeneratorId: f.checkId,
      AwsAccountId: '111122223333',
      CreatedAt: f.firstSeen,
      UpdatedAt: ctx.updatedAt,
      Severity: {Label: 'HIGH', Original: 'high'},
      Compliance: {Status: 'FAILED', RelatedRequirements: f.requirements},
      ProductFields: {'platform/findingId': f.id, 'platform/env': 'prod', 'platform/designSection': 'baseline'},
      Resources: [{Type: 'Other', Id: f.resource.id, Region: REGION}],
      RecordState: 'ACTIVE',
      Workflow: {Status: 'NEW'},
    })
    expect(a.Types).toHaveLength(1)
  })

  it('ERROR is NOT_AVAILABLE and MANUAL is WARNING (never PASSED); PASS is PASSED, INFORMATIONAL', () => {
    expect(toAsff(byStatus('ERROR'), ctx).Compliance?.Status).toBe('NOT_AVAILABLE')
    expect(toAsff(byStatus('MANUAL'), ctx).Compliance?.Status).toBe('WARNING')
    const pass = toAsff(byStatus('PASS'), ctx)
    expect(pass.Compliance?.Status).toBe('PASSED')
    expect(pass.Severity?.Label).toBe('INFORMATIONAL')
  })

  it('MUTED stays FAILED with Workflow SUPPRESSED; an existing finding keeps CreatedAt and gets no Workflow', () => {
    const f = {
      ...byStatus('FAIL'),
      status: 'MUTED' as const,
      exception: {reason: 'r', owner: 'o', expires: '2027-01-01'},
    }
    expect(toAsff(f, ctx)).toMatchObject({Compliance: {Status: 'FAILED'}, Workflow: {Status: 'SUPPRESSED'}})
    const again = toAsff(f, {...ctx, existing: {CreatedAt: '2026-01-01T00:00:00.000Z'} as AwsSecurityFinding})
    expect(again.CreatedAt).toBe('2026-01-01T00:00:00.000Z')
    expect(again.Workflow).toBeUndefined()
  })

  it('the id escapes | and % one-to-one', () => {
    expect(asffId('dev', 'a|b%7Cc')).toBe('platform/dev/a%7Cb%257Cc')
    expect(asffId('dev', 'a|b')).not.toBe(asffId('dev', 'a%7Cb'))
  })
})

describe('importToSecurityHub', () => {
  it('250 findings go in 3 BatchImportFindings calls of at most 100', async () => {
    const report = manyFindings(250)
    const r = await importToSecurityHub({aws: reporting(), report, checkIds: ['kms-rotation'], region: REGION})
    expect(BATCH_LIMIT).toBe(100)
    expect(r).toMatchObject({imported: 250, archived: 0, batches: 3, failed: []})
    const sizes = hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!.length)
    expect(sizes).toEqual([100, 100, 50])
  })

  it('reads ACTIVE findings by product, generator and env, and archives only those of checks run tonight', async () => {
    const report = night1()
    const gone = (generator: string, env = 'prod'): AwsSecurityFinding => ({
      SchemaVersion: '2018-10-08',
      AwsAccountId: '111122223333',
      Title: 't',
      Description: 'd',
      Resources: [{Type: 'Other', Id: 'r'}],
      Id: `platform/${env}/${generator}%7Cold`,
      ProductArn: PRODUCT,
      GeneratorId: generator,
      RecordState: 'ACTIVE',
      ProductFields: {'platform/env': env},
      Workflow: {Status: 'NEW'},
      CreatedAt: '2026-11-01T00:00:00.000Z',
      UpdatedAt: '2026-11-20T00:00:00.000Z',
    })
    // moto ignores Filters and returns everything: the tool filters again.
    hub
      .on(GetFindingsCommand)
      .resolves({Findings: [gone('kms-rotation'), gone('vpc-cidr'), gone('kms-rotation', 'dev')]})
    const r = await importToSecurityHub({aws: reporting(), report, checkIds: ['kms-rotation'], region: REGION})
    expect(r).toMatchObject({imported: report.findings.length, archived: 1, failed: []})
    expect(hub).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: {
        ProductArn: [{Value: PRODUCT, Comparison: 'EQUALS'}],
        RecordState: [{Value: 'ACTIVE', Comparison: 'EQUALS'}],
        GeneratorId: [{Value: 'kms-rotation', Comparison: 'EQUALS'}],
        ProductFields: [{Key: 'platform/env', Value: 'prod', Comparison: 'EQUALS'}],
      },
    })
    const sent = hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings!)
    const archived = sent.filter((f) => f.RecordState === 'ARCHIVED')
    expect(archived.map((f) => f.Id)).toEqual(['platform/prod/kms-rotation%7Cold'])
    expect(archived[0]).toMatchObject({UpdatedAt: report.startedAt, CreatedAt: '2026-11-01T00:00:00.000Z'})
    expect(archived[0]!.Workflow).toBeUndefined()
  })

  it('check ids go at most 20 to a GetFindings query (the API takes up to 20 values per attribute)', async () => {
    const checkIds = Array.from({length: 45}, (_, i) => `check-${String(i).padStart(2, '0')}`)
    await importToSecurityHub({aws: reporting(), report: night1(), checkIds, region: REGION})
    const queries = hub.commandCalls(GetFindingsCommand).map((c) => c.args[0].input.Filters!.GeneratorId!.length)
    expect(GENERATORS_PER_QUERY).toBe(20)
    expect(queries).toEqual([20, 20, 5])
  })

  it('FailedFindings are returned with their reasons; a call that fails whole fails every finding in it', async () => {
    const report = night1()
    const first = asffId('prod', report.findings[0]!.id!)
    hub.on(BatchImportFindingsCommand).resolves({
      SuccessCount: report.findings.length - 1,
      FailedCount: 1,
      FailedFindings: [{Id: first, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding must contain a resource'}],
    })
    const r = await importToSecurityHub({aws: reporting(), report, checkIds: [], region: REGION})
    expect(r.failed).toEqual([{id: first, code: 'InvalidInput', message: 'Finding must contain a resource'}])
    expect(r.imported).toBe(report.findings.length - 1)

    hub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('not subscribed'), {name: 'InvalidAccessException'}))
    const r2 = await importToSecurityHub({aws: reporting(), report, checkIds: [], region: REGION})
    expect(r2.failed).toHaveLength(report.findings.length)
    expect(r2.failed[0]).toMatchObject({code: 'InvalidAccessException', message: 'not subscribed'})
    expect(r2.imported).toBe(0)
  })
})

describe('reportRun: a Security Hub failure is an ERROR, never silence', () => {
  const run = (exitCode: number) =>
    reportRun({
      report: night1(),
      exitCode,
      access: reporting,
      region: REGION,
      securityHub: true,
      checkIds: ['kms-rotation'],
      targets: [],
      always: false,
      config: {},
      env: {},
    })

  it('FailedCount > 0: exit 3 (INCOMPLETE) with the reasons on stderr; a FAIL (exit 1) stays 1', async () => {
    hub.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 0,
      FailedCount: 1,
      FailedFindings: [{Id: 'x', ErrorCode: 'InvalidInput', ErrorMessage: 'bad'}],
    })
    const r = await run(ExitCode.OK)
    expect(r.exitCode).toBe(ExitCode.INCOMPLETE)
    expect(r.stderr.join('\n')).toContain('x: InvalidInput bad')
    expect(r.report.securityHub?.failed).toHaveLength(1)
    expect((await run(ExitCode.FINDINGS)).exitCode).toBe(ExitCode.FINDINGS)
  })

  it('GetFindings refused (Security Hub not enabled): exit 3, nothing imported', async () => {
    hub
      .on(GetFindingsCommand)
      .rejects(Object.assign(new Error('Account is not subscribed'), {name: 'InvalidAccessException'}))
    const r = await run(ExitCode.OK)
    expect(r.report.securityHub).toMatchObject({imported: 0, failed: [{code: 'InvalidAccessException'}]})
    expect(hub).not.toHaveReceivedCommand(BatchImportFindingsCommand)
    expect(r.exitCode).toBe(ExitCode.INCOMPLETE)
  })
})
