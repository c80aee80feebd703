import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {DescribeKeyCommand, GetPublicKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {GetObjectCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../src/aws/clients.js'
import {exportEvidence} from '../../src/evidence/export.js'
import {MANIFEST, SIGNATURE} from '../../src/evidence/manifest.js'
import {verifyPath} from '../../src/evidence/open.js'
import {anchorFromKms, kmsLookupRegion, trustResolver} from '../../src/evidence/trust.js'
import {lintDesign} from '../../src/design/lint.js'
import {devDesign} from '../helpers/fixture.js'
import {cleanup, KEY_A, makeBundle, signer, tempRoot} from './bundle.js'

const s3 = mockClient(S3Client)
const kms = mockClient(KMSClient)
const dirs: string[] = []
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const aws = () => new AwsAccess({credentials: creds, readOnly: true})
const platformTemps = () =>
  readdirSync(tmpdir())
    .filter((f) => /^platform-(verify|evidence)-/.test(f))
    .sort()
beforeEach(() => {
  s3.reset()
  kms.reset()
})
afterEach(() => cleanup(dirs))

/** Serves a bundle directory as S3 objects under `prefix`, plus whatever hostile keys are added. */
function serve(dir: string, prefix: string, hostile: Record<string, string>) {
  const objects: Record<string, Buffer> = {}
  for (const f of [MANIFEST, SIGNATURE, ...readdirSync(dir).filter((f) => f !== MANIFEST && f !== SIGNATURE)])
    if (existsSync(join(dir, f))) objects[prefix + f] = readFileSync(join(dir, f))
  for (const [k, v] of Object.entries(hostile)) objects[k] = Buffer.from(v)
  s3.on(ListObjectsV2Command).resolves({
    Contents: Object.entries(objects).map(([Key, b]) => ({Key, Size: b.length})),
  })
  for (const [Key, b] of Object.entries(objects))
    s3.on(GetObjectCommand, {Key}).callsFake(() => ({Body: Readable.from([b])}))
}

describe('verify s3://... writes only inside its own temporary directory', () => {
  it('keys with "..", absolute paths and folder markers are reported, never written; the temporary directory is removed', async () => {
    const A = signer(KEY_A)
    const dir = await makeBundle(tempRoot(dirs), A)
    const tag = `${process.pid}-${Date.now()}`
    serve(dir, 'dev/', {
      [`dev/../../../../tmp/escaped-${tag}`]: 'x',
      [`dev//tmp/absolute-${tag}`]: 'x',
      'dev/inventory/': '',
      'dev/a\u001b[31mred': 'x',
    })
    const before = platformTemps()
    const r = await verifyPath('s3://evidence-bucket/dev/', {
      aws,
      trust: [{keyId: KEY_A, publicKeyDer: A.spki, source: 'A'}],
    })
    expect(r.status).toBe('BROKEN')
    const text = r.problems.join('\n')
    expect(text).toContain(
      `object key refused (a ".." path segment), not written: "dev/../../../../tmp/escaped-${tag}"`,
    )
    expect(text).toContain(`object key refused (an absolute path), not written: "dev//tmp/absolute-${tag}"`)
    expect(text).toContain('object key refused (a folder marker (a name ending in "/")), not written: "dev/inventory/"')
    expect(text).toContain('object key refused (a control character in the name)')
    expect(existsSync(`/tmp/escaped-${tag}`)).toBe(false)
    expect(existsSync(`/tmp/absolute-${tag}`)).toBe(false)
    expect(platformTemps()).toEqual(before)
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {Bucket: 'evidence-bucket', Prefix: 'dev/'})
    expect(s3).not.toHaveReceivedCommandWith(GetObjectCommand, {Key: `dev/../../../../tmp/escaped-${tag}`})
    expect(s3).not.toHaveReceivedCommandWith(GetObjectCommand, {Key: 'dev/inventory/'})
    // The genuine files were still verified: only the refused keys are problems.
    expect(r.altered).toEqual([])
    expect(r.signature).toBe('valid')
  })

  it('a clean prefix verifies, and its temporary directory is removed too', async () => {
    const A = signer(KEY_A)
    const dir = await makeBundle(tempRoot(dirs), A)
    serve(dir, 'dev/', {})
    const before = platformTemps()
    const r = await verifyPath('s3://evidence-bucket/dev/', {
      aws,
      trust: [{keyId: KEY_A, publicKeyDer: A.spki, source: 'A'}],
    })
    expect(r).toMatchObject({status: 'INTACT', trust: 'trusted', path: 's3://evidence-bucket/dev/'})
    expect(platformTemps()).toEqual(before)
  })
})

describe('--key-id: the trusted public key comes from KMS GetPublicKey', () => {
  it('asks KMS for the key and keeps the key ARN KMS names', async () => {
    const A = signer(KEY_A)
    kms.on(GetPublicKeyCommand).resolves({KeyId: KEY_A, PublicKey: A.spki, KeyUsage: 'SIGN_VERIFY'})
    const anchor = await anchorFromKms(aws(), KEY_A)
    expect(anchor).toMatchObject({keyId: KEY_A, publicKeyDer: A.spki})
    expect(kms).toHaveReceivedCommandWith(GetPublicKeyCommand, {KeyId: KEY_A})
  })

  it('the emulator answers with a bare key id: only in emulator mode is its ARN looked up (DescribeKey)', async () => {
    const A = signer(KEY_A)
    kms.on(GetPublicKeyCommand).resolves({KeyId: 'aaaaaaaa-0000-0000-0000-000000000001', PublicKey: A.spki})
    kms.on(DescribeKeyCommand).resolves({KeyMetadata: {KeyId: 'aaaaaaaa-0000-0000-0000-000000000001', Arn: KEY_A}})
    delete process.env.PLATFORM_EMULATOR
    expect((await anchorFromKms(aws(), 'alias/x')).keyId).toBe('aaaaaaaa-0000-0000-0000-000000000001')
    expect(kms).not.toHaveReceivedCommand(DescribeKeyCommand)
    process.env.PLATFORM_EMULATOR = 'moto'
    try {
      expect((await anchorFromKms(aws(), 'alias/x')).keyId).toBe(KEY_A)
    } finally {
      delete process.env.PLATFORM_EMULATOR
    }
  })

  it('an encryption key is refused (exit 2)', async () => {
    kms.on(GetPublicKeyCommand).resolves({KeyId: KEY_A, PublicKey: signer(KEY_A).spki, KeyUsage: 'ENCRYPT_DECRYPT'})
    await expect(anchorFromKms(aws(), 'alias/x')).rejects.toMatchObject({exitCode: 2})
  })
})

describe('--key-id alias/... or a bare key id is looked up in the right Region', () => {
  const KEY_EU = 'arn:aws:kms:eu-west-1:111122223333:key/eeeeeeee-0000-0000-0000-000000000003'
  /** The Region of the client each GetPublicKey was sent with (the mock sees the real client). */
  const regionsAsked = () =>
    Promise.all(kms.commandCalls(GetPublicKeyCommand).map((c) => (c.thisValue as KMSClient).config.region()))

  it('kmsLookupRegion: the ARN, else --region, else the key the bundle names, else the primary region', () => {
    expect(kmsLookupRegion(KEY_EU, {region: 'us-west-2', bundleKeyId: KEY_A})).toBe('eu-west-1')
    expect(kmsLookupRegion('arn:aws:kms:us-east-2:111122223333:alias/evidence')).toBe('us-east-2')
    expect(kmsLookupRegion('alias/evidence', {region: 'us-west-2', bundleKeyId: KEY_EU})).toBe('us-west-2')
    expect(kmsLookupRegion('alias/evidence', {bundleKeyId: KEY_EU})).toBe('eu-west-1')
    expect(kmsLookupRegion('eeeeeeee-0000-0000-0000-000000000003', {bundleKeyId: 'not an arn'})).toBe('ap-northeast-1')
    expect(kmsLookupRegion('alias/evidence')).toBe('ap-northeast-1')
  })

  it('an alias is resolved in the Region of the key the bundle names: the client asks eu-west-1, and the bundle verifies', async () => {
    const E = signer(KEY_EU)
    const dir = await makeBundle(tempRoot(dirs), E)
    kms.on(GetPublicKeyCommand).resolves({KeyId: KEY_EU, PublicKey: E.spki, KeyUsage: 'SIGN_VERIFY'})
    const r = await verifyPath(dir, {resolveTrust: trustResolver({keyId: 'alias/evidence', aws})})
    expect(r).toMatchObject({
      status: 'INTACT',
      trust: 'trusted',
      trustedBy: 'KMS GetPublicKey alias/evidence in eu-west-1',
    })
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 1)
    expect(kms).toHaveReceivedCommandWith(GetPublicKeyCommand, {KeyId: 'alias/evidence'})
    expect(await regionsAsked()).toEqual(['eu-west-1'])
  })

  it("--region wins over the bundle's claim; an ARN wins over --region; a bad --region is exit 2", async () => {
    const E = signer(KEY_EU)
    const dir = await makeBundle(tempRoot(dirs), E)
    kms.on(GetPublicKeyCommand).resolves({KeyId: KEY_EU, PublicKey: E.spki, KeyUsage: 'SIGN_VERIFY'})
    const viaFlag = await verifyPath(dir, {
      resolveTrust: trustResolver({keyId: 'eeeeeeee-0000-0000-0000-000000000003', region: 'us-west-2', aws}),
    })
    expect(viaFlag.status).toBe('INTACT')
    const viaArn = await verifyPath(dir, {resolveTrust: trustResolver({keyId: KEY_EU, region: 'us-west-2', aws})})
    expect(viaArn.trustedBy).toBe(`KMS GetPublicKey ${KEY_EU}`)
    expect(await regionsAsked()).toEqual(['us-west-2', 'eu-west-1'])
    expect(() => trustResolver({keyId: 'alias/evidence', region: 'eu-west-1/../x', aws})).toThrow(
      expect.objectContaining({exitCode: 2, message: '--region eu-west-1/../x is not an AWS Region name'}),
    )
  })

  it('an alias unknown in that Region is exit 2 naming the Region, not "AWS call failed"', async () => {
    const dir = await makeBundle(tempRoot(dirs), signer(KEY_EU))
    const before = platformTemps()
    kms
      .on(GetPublicKeyCommand)
      .rejects(Object.assign(new Error('Alias alias/evidence is not found.'), {name: 'NotFoundException'}))
    await expect(verifyPath(dir, {resolveTrust: trustResolver({keyId: 'alias/evidence', aws})})).rejects.toMatchObject({
      exitCode: 2,
      message: 'KMS key alias/evidence was not found in eu-west-1',
    })
    expect(await regionsAsked()).toEqual(['eu-west-1'])
    expect(platformTemps()).toEqual(before)
  })
})

describe('export leaves no complete-looking bundle when a step fails', () => {
  it('a signing or upload failure leaves neither --out nor a staging directory nor an archive', async () => {
    const root = tempRoot(dirs)
    const design = devDesign()
    const base = {
      report: {
        env: 'dev',
        account: '1',
        callerArn: 'a',
        regions: ['ap-northeast-1'],
        startedAt: '2026-11-29T00:00:00.000Z',
        finishedAt: '2026-11-29T00:00:01.000Z',
        summary: {pass: 0, fail: 0, error: 0, manual: 0, muted: 0},
        findings: [],
        calls: {total: 0, mutating: 0, readOnly: 0, byOperation: {}},
      },
      design,
      lint: lintDesign(design),
      tool: {name: 'platform', version: 't'},
      commandLine: [],
      archive: true,
    }
    await expect(
      exportEvidence({...base, outDir: join(root, 'signed'), sign: () => Promise.reject(new Error('KMS down'))}),
    ).rejects.toThrow('KMS down')
    await expect(
      exportEvidence({...base, outDir: join(root, 'uploaded'), publish: () => Promise.reject(new Error('S3 down'))}),
    ).rejects.toThrow('S3 down')
    expect(readdirSync(root)).toEqual([])
    const ok = await exportEvidence({...base, outDir: join(root, 'ok')})
    expect(readdirSync(root).sort()).toEqual([ok.archive!.split('/').pop(), 'ok'].sort())
  })
})
