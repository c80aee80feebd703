import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {UsageError} from '../../../src/errors.js'
import {runClock} from '../../../src/history/clock.js'
import {findLastRun, newRunKey, parseStore, requireObjectLock, runOfKey} from '../../../src/history/store.js'

const s3 = mockClient(S3Client)
const aws = () => new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})
const loc = parseStore('s3://medical-ai-evidence/nightly')
const body = (text: string) =>
  ({transformToByteArray: async () => new TextEncoder().encode(text)}) as unknown as GetObjectCommandOutput['Body']
const noSuchKey = Object.assign(new Error('The specified key does not exist.'), {name: 'NoSuchKey'})

describe('the store layout', () => {
  it('a run key is PREFIX/ENV/YYYY/MM/DD/RUNID/ with the UTC start in the run id, and parses back', () => {
    const {runId, key} = newRunKey(loc, 'prod', new Date('2026-11-30T17:05:09.123Z'))
    expect(runId).toMatch(/^20261130T170509Z-[0-9a-f]{6}$/)
    expect(key).toBe(`nightly/prod/2026/11/30/${runId}/`)
    expect(runOfKey('nightly/prod/', `${key}evidence/manifest.json`)).toEqual({
      run: {key, runId, keyTime: '2026-11-30T17:05:09Z', dateConsistent: true},
      rest: 'evidence/manifest.json',
    })
    // A run filed under another day than its id says is flagged, not silently accepted.
    expect(runOfKey('nightly/prod/', `nightly/prod/2026/11/29/${runId}/report.json`)?.run.dateConsistent).toBe(false)
    expect(runOfKey('nightly/prod/', 'nightly/prod/notes.txt')).toBeUndefined()
  })
})

describe('requireObjectLock', () => {
  beforeEach(() => s3.reset())

  it('refuses a bucket without Object Lock (ObjectLockConfigurationNotFoundError) before anything is written', async () => {
    s3.on(GetObjectLockConfigurationCommand).rejects(
      Object.assign(new Error('Object Lock configuration does not exist for this bucket'), {
        name: 'ObjectLockConfigurationNotFoundError',
      }),
    )
    const err = await requireObjectLock(aws(), 'ap-northeast-1', loc).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toContain('s3://medical-ai-evidence has no Object Lock')
    expect(s3).toHaveReceivedCommandWith(GetObjectLockConfigurationCommand, {Bucket: 'medical-ai-evidence'})
  })

  it('accepts a bucket whose Object Lock is Enabled', async () => {
    s3.on(GetObjectLockConfigurationCommand).resolves({ObjectLockConfiguration: {ObjectLockEnabled: 'Enabled'}})
    await expect(requireObjectLock(aws(), 'ap-northeast-1', loc)).resolves.toBeUndefined()
  })
})

describe('findLastRun', () => {
  beforeEach(() => s3.reset())

  it('walks year/month/day newest first and skips a run without its manifest (interrupted)', async () => {
    const pre = 'nightly/dev/'
    const list = (prefix: string, children: string[]) =>
      s3
        .on(ListObjectsV2Command, {Prefix: prefix, Delimiter: '/'})
        .resolves({CommonPrefixes: children.map((c) => ({Prefix: `${prefix}${c}/`}))})
    list(pre, ['2025', '2026'])
    list(`${pre}2026/`, ['11'])
    list(`${pre}2026/11/`, ['29', '30'])
    list(`${pre}2026/11/30/`, ['20261130T020000Z-aaaaaa'])
    list(`${pre}2026/11/29/`, ['20261129T020000Z-bbbbbb'])
    const interrupted = `${pre}2026/11/30/20261130T020000Z-aaaaaa/`
    const complete = `${pre}2026/11/29/20261129T020000Z-bbbbbb/`
    s3.on(GetObjectCommand, {Key: `${interrupted}evidence/manifest.json`}).rejects(noSuchKey)
    s3.on(GetObjectCommand, {Key: `${complete}evidence/manifest.json`}).resolves({Body: body('{"m":1}')})
    const last = await findLastRun(aws(), 'ap-northeast-1', loc, 'dev')
    expect(last?.key).toBe(complete)
    expect(last?.manifestBytes.toString()).toBe('{"m":1}')
    // The older year was never listed: the newest complete run was found first.
    expect(s3).not.toHaveReceivedCommandWith(ListObjectsV2Command, {Prefix: `${pre}2025/`})
  })

  it('no run at all: undefined (the first night starts the chain)', async () => {
    s3.on(ListObjectsV2Command).resolves({})
    await expect(findLastRun(aws(), 'ap-northeast-1', loc, 'dev')).resolves.toBeUndefined()
  })
})

describe('runClock', () => {
  const saved = {...process.env}
  afterEach(() => {
    process.env = {...saved}
  })

  it('PLATFORM_TEST_NOW sets the run time against the local emulator only', () => {
    process.env.PLATFORM_TEST_NOW = '2026-11-28T02:00:00Z'
    process.env.PLATFORM_EMULATOR = 'moto'
    expect(runClock('http://127.0.0.1:5000')().toISOString()).toBe('2026-11-28T02:00:00.000Z')
    // Against AWS (no emulator, or a non-loopback endpoint) the clock is the real one.
    expect(runClock('https://s3.ap-northeast-1.amazonaws.com')().toISOString()).not.toBe('2026-11-28T02:00:00.000Z')
    delete process.env.PLATFORM_EMULATOR
    expect(runClock('http://127.0.0.1:5000')().toISOString()).not.toBe('2026-11-28T02:00:00.000Z')
  })
})
