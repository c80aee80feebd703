import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

/**
 * audit --security-hub against moto: night 1 on an empty account (every resource absent), then
 * the KMS layer provisioned (the KMS "does not exist" findings go, the keys' own findings come),
 * night 2. Independent GetFindings reads check what the tool claims.
 */
vi.setConfig({testTimeout: 240_000, hookTimeout: 240_000})

const REGION = 'ap-northeast-1'
const ACCOUNT = '123456789012'
const PRODUCT = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`
const CONFIG = ['--config', `${ROOT}/config/local-dev.yaml`]
let moto: Moto
let hub: SecurityHubClient

interface Report {
  findings: {id: string; status: string; checkId: string; requirements: string[]}[]
  securityHub?: {productArn: string; imported: number; archived: number; batches: number; failed: unknown[]}
}

const env = (day: string) => emulatorEnv(moto.url, {PLATFORM_TEST_NOW: `2026-11-${day}T02:00:00.000Z`})
async function audit(day: string, extra: string[] = []) {
  const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--security-hub', '--json', ...extra], {env: env(day)})
  return {...r, report: r.json<Report>()}
}

/** Every finding of our product, read page by page (moto ignores Filters: applied here too). */
async function hubFindings(): Promise<Map<string, AwsSecurityFinding>> {
  const out = new Map<string, AwsSecurityFinding>()
  let NextToken: string | undefined
  do {
    const r = await hub.send(
      new GetFindingsCommand({
        Filters: {ProductArn: [{Value: PRODUCT, Comparison: 'EQUALS'}]},
        MaxResults: 100,
        NextToken,
      }),
    )
    for (const f of r.Findings ?? []) if (f.ProductArn === PRODUCT) out.set(f.Id!, f)
    NextToken = r.NextToken
  } while (NextToken)
  return out
}
const asffId = (id: string) => `platform/dev/${id.replace(/%/g, '%25').replace(/\|/g, '%7C')}`
const active = (m: Map<string, AwsSecurityFinding>) => [...m.values()].filter((f) => f.RecordState === 'ACTIVE')

beforeAll(async () => {
  moto = await startMoto()
  hub = new SecurityHubClient({
    region: REGION,
    endpoint: moto.url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
  })
  await hub.send(new EnableSecurityHubCommand({}))
})
afterAll(async () => {
  hub?.destroy()
  await moto?.stop()
})

describe('audit --security-hub: imported, updated by stable id, resolved ones archived', () => {
  let first: Awaited<ReturnType<typeof audit>>
  let afterFirst: Map<string, AwsSecurityFinding>
  let second: Awaited<ReturnType<typeof audit>>
  let afterSecond: Map<string, AwsSecurityFinding>
  beforeAll(async () => {
    first = await audit('27')
    afterFirst = await hubFindings()
    const p = await runCli(['provision', '--env', 'dev', ...CONFIG, '--layer', 'kms', '-y', '--json'], {env: env('28')})
    expect(p.code, p.stderr).toBe(0)
    second = await audit('28')
    afterSecond = await hubFindings()
  })

  it('night 1: every finding imported in ASFF, in batches of at most 100', () => {
    expect(first.code, first.stderr).toBe(1)
    const n = first.report.findings.length
    // 133: one finding per check and resource, the audit-runner check's "not enabled" PASS included.
    expect(n).toBe(133)
    expect(first.report.securityHub).toEqual({
      productArn: PRODUCT,
      region: REGION,
      imported: n,
      archived: 0,
      batches: 2,
      failed: [],
    })
    expect(active(afterFirst)).toHaveLength(n)
    const kms = afterFirst.get(asffId('kms-key|AWS::KMS::Key|environment key|backup.s3-replication+rds.encryption'))!
    expect(kms).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: PRODUCT,
      GeneratorId: 'kms-key',
      AwsAccountId: ACCOUNT,
      Compliance: {Status: 'FAILED', RelatedRequirements: ['rds.encryption', 'backup.s3-replication']},
      ProductFields: {
        'platform/env': 'dev',
        'platform/findingId': 'kms-key|AWS::KMS::Key|environment key|backup.s3-replication+rds.encryption',
        'platform/requirements': 'rds.encryption,backup.s3-replication',
      },
      Workflow: {Status: 'NEW'},
      RecordState: 'ACTIVE',
      UpdatedAt: '2026-11-27T02:00:00.000Z',
    })
    expect(kms.ProductFields!['platform/designSection']).toMatch(/\d/)
    expect(kms.Severity?.Label).toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW)$/)
    expect(kms.Resources).toEqual([expect.objectContaining({Type: 'Other', Id: 'environment key', Region: REGION})])
    // MANUAL findings: a person must judge them, never PASSED.
    const manual = [...afterFirst.values()].filter((f) => f.GeneratorId?.startsWith('manual:'))
    expect(manual.length).toBe(6)
    expect(new Set(manual.map((f) => f.Compliance?.Status))).toEqual(new Set(['WARNING']))
  })

  it('night 2: the same ids updated, the KMS findings no longer reported archived, the new ones imported', () => {
    expect(second.code, second.stderr).toBe(1)
    const gone = [
      'kms-key|AWS::KMS::Key|DR replica key|backup.s3-replication+rds.encryption',
      'kms-key|AWS::KMS::Key|environment key|backup.s3-replication+rds.encryption',
      'kms-rotation|AWS::KMS::Key|DR replica key|baseline.kms.rotation',
      'kms-rotation|AWS::KMS::Key|environment key|baseline.kms.rotation',
    ].map(asffId)
    expect(second.report.securityHub).toMatchObject({imported: second.report.findings.length, archived: 4, failed: []})
    for (const id of gone)
      expect(afterSecond.get(id)).toMatchObject({RecordState: 'ARCHIVED', UpdatedAt: '2026-11-28T02:00:00.000Z'})
    const tonight = new Set(second.report.findings.map((f) => asffId(f.id)))
    expect(new Set(active(afterSecond).map((f) => f.Id))).toEqual(tonight)
    // Updated in place: a finding of both nights is one record, with tonight's UpdatedAt and its first CreatedAt.
    const vpc = [...tonight].find((id) => id.startsWith('platform/dev/vpc-cidr%7C'))!
    expect(afterSecond.get(vpc)).toMatchObject({
      UpdatedAt: '2026-11-28T02:00:00.000Z',
      CreatedAt: '2026-11-27T02:00:00.000Z',
    })
    expect(afterSecond.size).toBe(afterFirst.size + [...tonight].filter((id) => !afterFirst.has(id)).length)
    // The keys now exist: their PASS findings are PASSED, INFORMATIONAL.
    const passed = active(afterSecond).filter((f) => f.GeneratorId === 'kms-rotation')
    expect(passed.length).toBeGreaterThan(0)
    expect(passed.every((f) => f.Compliance?.Status === 'PASSED' && f.Severity?.Label === 'INFORMATIONAL')).toBe(true)
  })

  it('a --check run archives nothing of the checks it did not run', async () => {
    const r = await audit('29', ['--check', 'vpc-cidr'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.report.securityHub).toMatchObject({imported: 1, archived: 0, failed: []})
    const now = await hubFindings()
    expect(
      active(now)
        .map((f) => f.Id)
        .sort(),
    ).toEqual(
      active(afterSecond)
        .map((f) => f.Id)
        .sort(),
    )
  })
})
