import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {devDesign} from '../helpers/fixture.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let c: Clients
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const LAYERS = ['--layer', 'kms', '--layer', 'iam', '--layer', 's3']
const bucket = devDesign().s3.buckets[0]!.name
const cli = (args: string[], extra: Record<string, string> = {}) =>
  runCli([...args, ...CONFIG], {env: emulatorEnv(moto.url, extra)})
const exists = async () =>
  c.s3.send(new HeadBucketCommand({Bucket: bucket})).then(
    () => true,
    () => false,
  )

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
})
afterAll(async () => moto?.stop())
beforeEach(async () => moto.reset())

describe('ownership is never inferred from a name alone', () => {
  it('a bucket with our exact name but not our tags: provision refuses without --adopt, destroy never deletes it', async () => {
    // It holds an object, so not even the emulator's crash-leftover tolerance can take it for ours.
    await c.s3.send(
      new CreateBucketCommand({Bucket: bucket, CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'}}),
    )
    await c.s3.send(new PutObjectCommand({Bucket: bucket, Key: 'theirs.txt', Body: 'theirs'}))
    const refused = await cli(['provision', '--env', 'dev', ...LAYERS, '--yes'])
    expect(refused.code, refused.stderr).toBe(4)
    expect(refused.stderr).toContain(`${bucket}`)
    expect(refused.stderr).toContain('--adopt')
    for (const flags of [[], ['--delete-data']]) {
      const d = await cli(['destroy', '--env', 'dev', '--yes', ...flags])
      expect(d.code, d.stderr).toBe(0)
      expect(await exists(), `destroy ${flags.join(' ')}`).toBe(true)
    }
    await expect(c.s3.send(new GetBucketTaggingCommand({Bucket: bucket}))).rejects.toBeDefined()
  })

  it('an empty untagged bucket with our name is never deleted by destroy, even with --delete-data', async () => {
    await c.s3.send(
      new CreateBucketCommand({Bucket: bucket, CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'}}),
    )
    const d = await cli(['destroy', '--env', 'dev', '--yes', '--delete-data'])
    expect(d.code, d.stderr).toBe(0)
    expect(await exists()).toBe(true)
  })

  it('a run killed right after CreateBucket: the re-run finishes the bucket (tags are part of the create call)', async () => {
    const crashed = await cli(['provision', '--env', 'dev', ...LAYERS, '--yes'], {
      PLATFORM_TEST_CRASH_AFTER: 'S3.CreateBucket:1',
    })
    expect(crashed.code).toBe(-1) // SIGKILL right after the bucket was created
    const ours = new Set(devDesign().s3.buckets.flatMap((b) => [b.name, ...(b.replicaName ? [b.replicaName] : [])]))
    const left = ((await c.s3.send(new ListBucketsCommand({}))).Buckets ?? []).filter((b) => ours.has(b.Name!))
    expect(left.length).toBeGreaterThanOrEqual(1) // the parallel creates in flight when it was killed
    const rerun = await cli(['provision', '--env', 'dev', ...LAYERS, '--yes'])
    expect(rerun.code, rerun.stderr).toBe(0)
    for (const b of left) {
      const s3 = b.Name!.includes('-dr') || b.Name!.endsWith('-replica') ? c.s3Dr : c.s3
      const tags = (await s3.send(new GetBucketTaggingCommand({Bucket: b.Name!}))).TagSet ?? []
      expect(tags, b.Name).toEqual(expect.arrayContaining([{Key: 'environment', Value: 'dev'}]))
    }
    const clean = await cli(['provision', '--env', 'dev', ...LAYERS, '--dry-run', '--detailed-exitcode'])
    expect(clean.code, clean.stdout).toBe(0)
  })
})

describe('PLATFORM_EMULATOR applies only to a loopback endpoint', () => {
  it('with a real AWS endpoint the variable is refused, exit 2, before any call', async () => {
    const r = await runCli(['doctor', '--env', 'dev', ...CONFIG], {
      env: emulatorEnv(undefined, {
        PLATFORM_EMULATOR: 'moto',
        AWS_ENDPOINT_URL: 'https://kms.ap-northeast-1.amazonaws.com',
      }),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('not a loopback address')
    const flag = await runCli(['audit', '--env', 'dev', ...CONFIG, '--endpoint-url', 'https://example.com'], {
      env: emulatorEnv(undefined, {PLATFORM_EMULATOR: 'moto'}),
    })
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('PLATFORM_EMULATOR=moto is set but the AWS endpoint is https://example.com')
  })
})
