import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3'
import {DescribeDBClustersCommand} from '@aws-sdk/client-rds'
import {PutSecretValueCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {CreateTagsCommand, DescribeVpcsCommand} from '@aws-sdk/client-ec2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BASELINE} from '../../src/design/baseline.js'
import {renderInChromium} from '../helpers/chromium.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let c: Clients
let work: string
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const PLANTED = {
  dbPassword: 'PLANTED-db-password-9f31c',
  sessionToken: 'PLANTED-session-token-77aa1',
  secretKey: 'PLANTED-secret-access-key-5d2e',
  tagSecret: 'PLANTED-tag-password-0b9',
}
const env = (extra: Record<string, string> = {}) =>
  emulatorEnv(moto.url, {AWS_SECRET_ACCESS_KEY: PLANTED.secretKey, AWS_SESSION_TOKEN: PLANTED.sessionToken, ...extra})
const cli = (args: string[]) => runCli(args, {env: env()})

function allFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  )
}

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  work = mkdtempSync(join(tmpdir(), 'platform-evidence-'))
  const r = await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])
  expect(r.code, r.stderr).toBe(0)
  await applyManifests(moto, CONFIG[1]!)
  // Known secret values where a careless exporter would pick them up.
  const cluster = (await c.rds.send(new DescribeDBClustersCommand({DBClusterIdentifier: 'medical-ai-dev-aurora'})))
    .DBClusters![0]!
  const sm = new SecretsManagerClient({
    region: 'ap-northeast-1',
    endpoint: moto.url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
  })
  await sm.send(
    new PutSecretValueCommand({
      SecretId: cluster.MasterUserSecret!.SecretArn,
      SecretString: JSON.stringify({username: 'platform_admin', password: PLANTED.dbPassword}),
    }),
  )
  const vpc = (
    await c.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'tag:environment', Values: ['dev']}]}))
  ).Vpcs!.find((v) => v.Tags?.some((t) => t.Key === 'environment' && t.Value === 'dev'))!
  await c.ec2.send(
    new CreateTagsCommand({Resources: [vpc.VpcId!], Tags: [{Key: 'db-password', Value: PLANTED.tagSecret}]}),
  )
})
afterAll(async () => {
  await moto?.stop()
  rmSync(work, {recursive: true, force: true})
})

describe('platform evidence export and verify', () => {
  let dir: string
  let archive: string

  beforeAll(async () => {
    dir = join(work, 'bundle')
    const r = await cli([
      'evidence',
      'export',
      '--env',
      'dev',
      ...CONFIG,
      '--out',
      dir,
      '--archive',
      '--sign-key',
      'alias/medical-ai-dev-evidence-signing',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    archive = r.json<{archive: string}>().archive
    expect(archive).toMatch(/evidence-dev-\d{8}T\d{6}Z\.tar\.gz$/)
  })

  it('writes the self-describing bundle, and verify passes on the directory and the archive', async () => {
    for (const f of [
      'manifest.json',
      'manifest.sig.json',
      'findings.json',
      'findings.ocsf.json',
      'findings.csv',
      'controls.csv',
      'report.html',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true)
    expect(readdirSync(join(dir, 'inventory')).length).toBeGreaterThan(60)
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({
      env: 'dev',
      account: '123456789012',
      designDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      regions: ['ap-northeast-1', 'us-east-1', 'ap-northeast-3'],
      summary: {fail: 0, error: 0},
    })
    expect(manifest.audit.startedAt.jst).toMatch(/\+09:00$/)
    expect(manifest.commandLine).toEqual(expect.arrayContaining(['evidence', '--env', 'dev']))
    // Issue 12: a header, 71 requirement rows and one row per security baseline item.
    expect(readFileSync(join(dir, 'controls.csv'), 'utf8').trim().split('\r\n')).toHaveLength(72 + BASELINE.length)
    for (const path of [dir, archive]) {
      const v = await cli(['evidence', 'verify', path, '--json'])
      expect(v.code, v.stdout).toBe(0)
      expect(v.json()).toMatchObject({intact: true, signature: 'valid', altered: [], missing: [], extra: []})
    }
    // Issue 12: with a trust anchor from KMS GetPublicKey the signer is proven, not just integrity.
    const trusted = await cli(['evidence', 'verify', archive, '--key-id', 'alias/medical-ai-dev-evidence-signing'])
    expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0)
    expect(trusted.stdout).toContain('signed by a trusted key: KMS GetPublicKey alias/medical-ai-dev-evidence-signing')
    const loose = await cli(['evidence', 'verify', dir])
    expect(loose.stdout).toContain('integrity only')
  })

  it('a flipped byte, a deleted file, an added file: verify exits 1 naming each', async () => {
    const copy = join(work, 'tampered')
    execFileSync('cp', ['-r', dir, copy])
    const f = join(copy, 'inventory', readdirSync(join(copy, 'inventory'))[3]!)
    const bytes = readFileSync(f)
    bytes[10]! ^= 0x20
    writeFileSync(f, bytes)
    rmSync(join(copy, 'findings.csv'))
    writeFileSync(join(copy, 'notes.txt'), 'added later')
    const v = await cli(['evidence', 'verify', copy])
    expect(v.code).toBe(1)
    expect(v.stdout).toContain(`altered: inventory/${f.split('/').pop()}`)
    expect(v.stdout).toContain('missing: findings.csv')
    expect(v.stdout).toContain('extra (not in the manifest): notes.txt')
  })

  it('a signed bundle fails after the manifest is edited', async () => {
    const copy = join(work, 'edited')
    execFileSync('cp', ['-r', dir, copy])
    const m = join(copy, 'manifest.json')
    writeFileSync(m, readFileSync(m, 'utf8').replace('"fail": 0', '"fail": 1'))
    const v = await cli(['evidence', 'verify', copy])
    expect(v.code).toBe(1)
    expect(v.stdout).toContain('the signature does not match manifest.json')
  })

  it('no secret reaches the bundle: planted values are in no file, archive included', () => {
    const unpacked = join(work, 'unpacked')
    execFileSync('mkdir', ['-p', unpacked])
    execFileSync('tar', ['xzf', archive, '-C', unpacked])
    const files = [...allFiles(dir), ...allFiles(unpacked)]
    expect(files.length).toBeGreaterThan(140)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const [what, value] of Object.entries(PLANTED))
        expect(text.includes(value), `${what} in ${file}`).toBe(false)
    }
    // The tag itself is kept, its value redacted: the evidence shows the tag exists.
    expect(readFileSync(join(dir, 'inventory/network__vpc.json'), 'utf8')).toContain('"db-password"')
  })

  it('uploads write-once into an Object Lock bucket: the object cannot be deleted before its retention date', async () => {
    await c.s3.send(
      new CreateBucketCommand({
        Bucket: 'medical-ai-evidence',
        ObjectLockEnabledForBucket: true,
        CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'},
      }),
    )
    expect(
      (await c.s3.send(new GetObjectLockConfigurationCommand({Bucket: 'medical-ai-evidence'}))).ObjectLockConfiguration
        ?.ObjectLockEnabled,
    ).toBe('Enabled')
    const out = join(work, 'uploaded')
    const r = await cli([
      'evidence',
      'export',
      '--env',
      'dev',
      ...CONFIG,
      '--out',
      out,
      '--archive',
      '--sign-key',
      'alias/medical-ai-dev-evidence-signing',
      '--upload',
      's3://medical-ai-evidence/dev/',
      '--retention-days',
      '30',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    const uploaded = r.json<{uploaded: {key: string; versionId: string; retainUntil: string}[]}>().uploaded
    expect(uploaded).toHaveLength(1)
    const [obj] = uploaded
    expect(obj!.key).toMatch(/^dev\/evidence-dev-\d{8}T\d{6}Z\.tar\.gz$/)
    const head = await c.s3.send(
      new HeadObjectCommand({Bucket: 'medical-ai-evidence', Key: obj!.key, VersionId: obj!.versionId}),
    )
    expect(head.ObjectLockMode).toBe('COMPLIANCE')
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000)
    await expect(
      c.s3.send(new DeleteObjectCommand({Bucket: 'medical-ai-evidence', Key: obj!.key, VersionId: obj!.versionId})),
    ).rejects.toMatchObject({name: 'AccessDenied'})
    const v = await cli(['evidence', 'verify', 's3://medical-ai-evidence/dev/', '--json'])
    expect(v.code, v.stdout).toBe(0)
    expect(v.json()).toMatchObject({intact: true, signature: 'valid'})
  })

  it('report.html renders in headless Chromium, and its summary figures equal findings.json', () => {
    const {dom, pngBytes} = renderInChromium(join(dir, 'report.html'), join(work, 'report.png'), '1200,1600')
    expect(pngBytes).toBeGreaterThan(10_000)
    const figure = (id: string) => Number(new RegExp(`id="summary-${id}">(\\d+)<`).exec(dom)?.[1])
    const summary = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).summary
    expect({
      pass: figure('pass'),
      fail: figure('fail'),
      error: figure('error'),
      manual: figure('manual'),
      muted: figure('muted'),
    }).toEqual(summary)
    expect(dom).toContain('<svg')
  })
})

describe('evidence export --from', () => {
  it('takes a saved `platform audit --json` instead of running one; verify passes', async () => {
    const audit = await cli(['audit', '--env', 'dev', ...CONFIG, '--json'])
    const file = join(work, 'audit.json')
    writeFileSync(file, audit.stdout)
    const out = join(work, 'from')
    const r = await cli(['evidence', 'export', '--env', 'dev', ...CONFIG, '--out', out, '--from', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')).summary).toEqual(
      audit.json<{summary: unknown}>().summary,
    )
    expect(existsSync(join(out, 'inventory'))).toBe(false)
    // Issue 12: an unsigned bundle fails verify unless integrity alone is accepted.
    expect((await cli(['evidence', 'verify', out])).code).toBe(1)
    expect((await cli(['evidence', 'verify', out, '--allow-unsigned'])).code).toBe(0)
    const bad = join(work, 'bad.json')
    writeFileSync(bad, '{"env": "dev"}')
    const refused = await cli([
      'evidence',
      'export',
      '--env',
      'dev',
      ...CONFIG,
      '--out',
      join(work, 'bad'),
      '--from',
      bad,
    ])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('is not a platform audit --json document')
  })
})
