import {createHash} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {CreateKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

/**
 * Nights cannot be waited for: each run's time comes from PLATFORM_TEST_NOW, which the tool
 * honours only against the local emulator (src/history/clock.ts). The audits run against an
 * empty account (every resource absent: FAIL findings, which is what history is about).
 */
// Three audits (each a CLI process against moto) per scenario: more than the default minute on a shared machine.
vi.setConfig({testTimeout: 240_000, hookTimeout: 240_000})

let moto: Moto
let s3: S3Client
const BUCKET = 'medical-ai-evidence'
const CONFIG = ['--config', `${ROOT}/config/local-dev.yaml`]

const at = (now: string) => emulatorEnv(moto.url, {PLATFORM_TEST_NOW: now})
const night = (day: string) => `2026-11-${day}T02:00:00.000Z`

interface Report {
  startedAt: string
  findings: {id: string; status: string; firstSeen?: string}[]
  comparison?: {new: unknown[]; resolved: unknown[]; stillFailing: {id: string; firstSeen: string; ageDays: number}[]}
  stored?: {url: string; runId: string; manifestSha256: string; previous: {key: string; manifestSha256: string} | null}
}
interface Chain {
  intact: boolean
  runs: {key: string; status: string; trust?: string; problems: string[]}[]
  missingNights: {expected: string}[]
  problems: string[]
}

async function audit(prefix: string, day: string, extra: string[] = []): Promise<Report> {
  const r = await runCli(
    [
      'audit',
      '--env',
      'dev',
      ...CONFIG,
      '--store',
      `s3://${BUCKET}/${prefix}`,
      '--compare-to',
      'last',
      '--json',
      ...extra,
    ],
    {env: at(night(day))},
  )
  // An empty account: FAIL findings, exit 1; never "could not run".
  expect(r.code, r.stderr).toBe(1)
  return r.json<Report>()
}

async function verify(prefix: string, now: string, trust: string[] = ['--allow-unsigned']) {
  const r = await runCli(
    ['evidence', 'verify', '--chain', `s3://${BUCKET}/${prefix}`, '--env', 'dev', ...trust, '--json'],
    {env: at(now)},
  )
  return {code: r.code, stderr: r.stderr, result: r.json<Chain>()}
}

const keyOf = (url: string) => url.replace(`s3://${BUCKET}/`, '')
const getBytes = async (key: string) =>
  Buffer.from(await (await s3.send(new GetObjectCommand({Bucket: BUCKET, Key: key}))).Body!.transformToByteArray())
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function threeNights(prefix: string, days = ['27', '28', '29'], extra: string[] = []): Promise<Report[]> {
  const out: Report[] = []
  for (const d of days) out.push(await audit(prefix, d, extra))
  return out
}

beforeAll(async () => {
  moto = await startMoto()
  s3 = new S3Client({
    region: 'ap-northeast-1',
    endpoint: moto.url,
    forcePathStyle: true,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
  })
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      ObjectLockEnabledForBucket: true,
      CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'},
    }),
  )
})
afterAll(async () => {
  s3?.destroy()
  await moto?.stop()
})

describe('nightly history: audit --store and evidence verify --chain', () => {
  let runs: Report[]
  let keyArn: string
  beforeAll(async () => {
    const kms = new KMSClient({
      region: 'ap-northeast-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    keyArn = (await kms.send(new CreateKeyCommand({KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY'}))).KeyMetadata!
      .Arn!
    kms.destroy()
    runs = await threeNights('intact', ['27', '28', '29'], ['--sign-key', keyArn])
  })

  it('three stored runs, signed, form a chain that verify --chain accepts against the trusted key', async () => {
    const v = await verify('intact', '2026-11-29T09:00:00.000Z', ['--key-id', keyArn])
    expect(v.code, JSON.stringify(v.result.problems)).toBe(0)
    expect(v.result).toMatchObject({intact: true, missingNights: [], problems: []})
    expect(v.result.runs.map((r) => [r.key, r.status, r.trust])).toEqual(
      runs.map((r) => [keyOf(r.stored!.url), 'OK', 'trusted']),
    )
  })

  it('each run sits under PREFIX/ENV/YYYY/MM/DD/RUNID/, write-once, and links to the previous manifest by its SHA-256', async () => {
    expect(runs.map((r) => keyOf(r.stored!.url))).toEqual(
      ['27', '28', '29'].map((d) =>
        expect.stringMatching(new RegExp(`^intact/dev/2026/11/${d}/202611${d}T020000Z-[0-9a-f]{6}/$`)),
      ),
    )
    // Independent reads: the link in run 2's manifest is the digest of run 1's manifest as stored.
    const m1 = await getBytes(`${keyOf(runs[0]!.stored!.url)}evidence/manifest.json`)
    const m2 = JSON.parse((await getBytes(`${keyOf(runs[1]!.stored!.url)}evidence/manifest.json`)).toString()) as {
      chain: {previous: {key: string; manifestSha256: string}; reportSha256: string}
    }
    expect(m2.chain.previous).toEqual({key: keyOf(runs[0]!.stored!.url), manifestSha256: sha256(m1)})
    expect(runs[0]!.stored!.previous).toBeNull()
    expect(m2.chain.reportSha256).toBe(sha256(await getBytes(`${keyOf(runs[1]!.stored!.url)}report.json`)))
    const head = await s3.send(
      new HeadObjectCommand({Bucket: BUCKET, Key: `${keyOf(runs[1]!.stored!.url)}report.json`}),
    )
    expect(head.ObjectLockMode).toBe('COMPLIANCE')
    // Signed as `evidence export --sign-key` signs: the link sits inside the signed manifest.
    const sig = JSON.parse((await getBytes(`${keyOf(runs[1]!.stored!.url)}evidence/manifest.sig.json`)).toString()) as {
      keyId: string
      manifestSha256: string
    }
    expect(sig.manifestSha256).toBe(runs[1]!.stored!.manifestSha256)
  })

  it('first-seen is carried run to run in the stored report; --compare-to last reports what still fails and since when', async () => {
    const [r1, , r3] = runs
    const failing = r1!.findings.filter((f) => f.status === 'FAIL')
    expect(failing.length).toBeGreaterThan(0)
    expect(failing.every((f) => f.firstSeen === night('27'))).toBe(true)
    const stored3 = JSON.parse((await getBytes(`${keyOf(r3!.stored!.url)}report.json`)).toString()) as Report
    expect(stored3.findings.filter((f) => f.status === 'FAIL').every((f) => f.firstSeen === night('27'))).toBe(true)
    expect(r3!.comparison!.new).toEqual([])
    expect(r3!.comparison!.resolved).toEqual([])
    expect(r3!.comparison!.stillFailing).toHaveLength(failing.length)
    expect(r3!.comparison!.stillFailing.every((e) => e.firstSeen === night('27') && e.ageDays === 2)).toBe(true)
  })

  it('--compare-to FILE without a store: the comparison and first-seen come from that report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'platform-history-'))
    try {
      const file = join(dir, 'last-night.json')
      writeFileSync(file, JSON.stringify(runs[2]))
      const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--compare-to', file, '--json'], {
        env: at(night('30')),
      })
      expect(r.code, r.stderr).toBe(1)
      const report = r.json<Report>()
      expect(report.stored).toBeUndefined()
      expect(report.comparison).toMatchObject({against: file, new: [], resolved: []})
      expect(report.comparison!.stillFailing.every((e) => e.firstSeen === night('27') && e.ageDays === 3)).toBe(true)
      expect(r.stdout).not.toContain('Stored:')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('audit diff A B on two stored reports: nothing new, the same findings still failing', async () => {
    const r = await runCli(
      ['audit', 'diff', `${runs[0]!.stored!.url}report.json`, `${runs[2]!.stored!.url}report.json`, '--json'],
      {env: at(night('29'))},
    )
    expect(r.code, r.stderr).toBe(0)
    const d = r.json<{new: unknown[]; resolved: unknown[]; changed: unknown[]; stillFailing: unknown[]}>()
    expect([d.new, d.resolved, d.changed]).toEqual([[], [], []])
    expect(d.stillFailing.length).toBeGreaterThan(0)
  })
})

describe('verify --chain names what was done to the history', () => {
  it('an altered middle run: its changed file, and its rewritten manifest, named by key and date', async () => {
    const runs = await threeNights('altered')
    const middle = keyOf(runs[1]!.stored!.url)
    // Object Lock keeps the original version; a new version is what an attacker can add.
    await s3.send(new PutObjectCommand({Bucket: BUCKET, Key: `${middle}evidence/findings.csv`, Body: 'forged\n'}))
    const manifest = JSON.parse((await getBytes(`${middle}evidence/manifest.json`)).toString()) as {
      summary: {fail: number}
    }
    manifest.summary.fail = 0
    await s3.send(
      new PutObjectCommand({Bucket: BUCKET, Key: `${middle}evidence/manifest.json`, Body: JSON.stringify(manifest)}),
    )
    const v = await verify('altered', '2026-11-29T09:00:00.000Z')
    expect(v.code).toBe(1)
    expect(v.result.intact).toBe(false)
    expect(v.result.runs.map((r) => r.status)).toEqual(['OK', 'ALTERED', 'BROKEN_LINK'])
    const name = `run ${middle} (2026-11-28T02:00:00Z)`
    expect(v.result.problems).toContainEqual(expect.stringMatching(/altered: findings\.csv/))
    expect(v.result.problems.some((p) => p.startsWith(name) && p.includes('findings.csv'))).toBe(true)
    expect(v.result.problems).toContainEqual(`${name}: its manifest is not the one the next run recorded (altered)`)
    expect(v.result.problems).toContainEqual(
      expect.stringMatching(
        new RegExp(`^run ${keyOf(runs[2]!.stored!.url)} .* links to run ${middle} .*now hashes to`),
      ),
    )
  })

  it("a deleted middle run: the run is named deleted and the next run's link broken", async () => {
    const runs = await threeNights('deleted')
    const middle = keyOf(runs[1]!.stored!.url)
    const listed = await s3.send(new ListObjectsV2Command({Bucket: BUCKET, Prefix: middle}))
    // Without a version id, S3 adds a delete marker (the locked version stays, hidden from listings).
    for (const o of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({Bucket: BUCKET, Key: o.Key}))
    expect((await s3.send(new ListObjectsV2Command({Bucket: BUCKET, Prefix: middle}))).KeyCount).toBe(0)
    const v = await verify('deleted', '2026-11-29T09:00:00.000Z')
    expect(v.code).toBe(1)
    expect(v.result.runs.map((r) => [r.key, r.status])).toEqual([
      [keyOf(runs[0]!.stored!.url), 'OK'],
      [middle, 'DELETED'],
      [keyOf(runs[2]!.stored!.url), 'BROKEN_LINK'],
    ])
    expect(v.result.problems).toContainEqual(
      expect.stringContaining(`run ${middle} (2026-11-28T02:00:00Z) was deleted`),
    )
    expect(v.result.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^run ${keyOf(runs[2]!.stored!.url)} .* links to run ${middle} .*deleted`)),
    )
  })

  it('a missing night, and the nights since the last run, are named by date', async () => {
    await threeNights('gap', ['26', '27', '29'])
    const v = await verify('gap', '2026-11-29T09:00:00.000Z')
    expect(v.code).toBe(1)
    expect(v.result.runs.every((r) => r.status === 'OK')).toBe(true)
    expect(v.result.missingNights.map((m) => m.expected)).toEqual(['2026-11-28T02:00:00.000Z'])
    expect(v.result.problems).toEqual([expect.stringMatching(/^missing night 2026-11-28: /)])
    // Two days later with no run since: both nights are missing too (an audit that stopped).
    const later = await verify('gap', '2026-12-01T15:00:00.000Z')
    expect(later.result.missingNights.map((m) => m.expected.slice(0, 10))).toEqual([
      '2026-11-28',
      '2026-11-30',
      '2026-12-01',
    ])
  })

  it('--store refuses a bucket without Object Lock before auditing', async () => {
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'medical-ai-plain',
        CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'},
      }),
    )
    const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--store', 's3://medical-ai-plain/nightly'], {
      env: at(night('29')),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('has no Object Lock')
  })
})
