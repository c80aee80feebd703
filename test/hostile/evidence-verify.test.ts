import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {MANIFEST, SIGNATURE} from '../../src/evidence/manifest.js'
import {verifyPath} from '../../src/evidence/open.js'
import {anchorFromFile, parsePublicKey} from '../../src/evidence/trust.js'
import {verifyBundle} from '../../src/evidence/verify.js'
import {evidenceVerifyText} from '../../src/report/evidence-text.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'
import {cleanup, craftTar, KEY_A, KEY_B, makeBundle, rehash, signer, signManifest, tempRoot} from './bundle.js'

const dirs: string[] = []
afterEach(() => cleanup(dirs))
const A = signer(KEY_A)
const B = signer(KEY_B)
const trustA = () => [{keyId: KEY_A, publicKeyDer: A.spki, source: 'test key A'}]
const platformTemps = () =>
  readdirSync(tmpdir())
    .filter((f) => /^platform-(verify|evidence)-/.test(f))
    .sort()

describe('a trust anchor decides who signed, not the key inside the bundle', () => {
  it('a genuine bundle signed by the trusted key: INTACT, trusted', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const r = verifyBundle(dir, {trust: trustA()})
    expect(r).toMatchObject({status: 'INTACT', intact: true, signature: 'valid', trust: 'trusted'})
    expect(evidenceVerifyText(r).join('\n')).toContain('signed by a trusted key: test key A')
  })

  it('a forged bundle (edited, re-hashed, re-signed with another key claiming key A) fails against the trusted key', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const f = join(dir, 'findings.json')
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"status": "FAIL"/g, '"status": "PASS"'))
    rehash(dir)
    signManifest(dir, B, KEY_A)
    // Without an anchor the forgery is self-consistent: verify says integrity only, never "trusted".
    const loose = verifyBundle(dir)
    expect(loose).toMatchObject({intact: true, signature: 'valid', trust: 'integrity-only'})
    expect(evidenceVerifyText(loose).join('\n')).toContain('integrity only')
    const r = verifyBundle(dir, {trust: trustA()})
    expect(r).toMatchObject({status: 'BROKEN', intact: false, signature: 'invalid', trust: 'integrity-only'})
    expect(r.problems.join('\n')).toContain('signed by another key than test key A')
  })

  it('a bundle naming another key id than the trusted one fails, whatever its signature', async () => {
    const dir = await makeBundle(tempRoot(dirs), B)
    const r = verifyBundle(dir, {trust: trustA()})
    expect(r.intact).toBe(false)
    expect(r.problems).toContain(`signed by key ${KEY_B}, which is not a trusted key (trusted: ${KEY_A})`)
  })

  it('--public-key accepts PEM and DER; a file that is no key is exit 2, not a crash', () => {
    const root = tempRoot(dirs)
    writeFileSync(join(root, 'a.pem'), A.pem)
    writeFileSync(join(root, 'a.der'), A.spki)
    expect(anchorFromFile(join(root, 'a.pem')).publicKeyDer).toEqual(A.spki)
    expect(anchorFromFile(join(root, 'a.der'), KEY_A)).toMatchObject({keyId: KEY_A, publicKeyDer: A.spki})
    expect(() => parsePublicKey('not a key', 'x.pem')).toThrow(expect.objectContaining({exitCode: 2}))
  })

  it('CLI: the forged bundle fails with --public-key/--key-id (exit 1) and the genuine one passes', async () => {
    const root = tempRoot(dirs)
    writeFileSync(join(root, 'a.pem'), A.pem)
    const genuine = await makeBundle(join(root), A)
    const forged = join(root, 'forged')
    cpSync(genuine, forged, {recursive: true})
    writeFileSync(join(forged, 'controls.csv'), 'requirement,status\r\nall,PASS\r\n')
    rehash(forged)
    signManifest(forged, B, KEY_A)
    const env = emulatorEnv(undefined)
    const trusted = ['--public-key', join(root, 'a.pem'), '--key-id', KEY_A]
    const ok = await runCli(['evidence', 'verify', genuine, ...trusted], {env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('signed by a trusted key')
    const bad = await runCli(['evidence', 'verify', forged, ...trusted], {env})
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('BROKEN')
  })
})

describe('--public-key without --key-id: the key decides, and the output says the key id claim was not checked', () => {
  const keyOnly = () => [{publicKeyDer: A.spki, source: 'public key file a.pem'}]
  const fingerprint = (der: Buffer) => createHash('sha256').update(der).digest('hex')

  it('a genuine bundle: INTACT, trusted, naming the trusted key fingerprint and the unchecked claim', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const r = verifyBundle(dir, {trust: keyOnly()})
    expect(r).toMatchObject({
      status: 'INTACT',
      trust: 'trusted',
      trustedKey: {publicKeySha256: fingerprint(A.spki), keyIdChecked: false},
    })
    const text = evidenceVerifyText(r)
    expect(text).toContain(
      `  trusted public key sha256:${fingerprint(A.spki)} (SHA-256 of its DER SubjectPublicKeyInfo)`,
    )
    expect(text).toContain(
      `  the bundle's key id claim (${KEY_A}) was not checked: pass --key-id KEY-ARN with --public-key, or pair keyId with publicKey in evidenceTrustedKeys`,
    )
  })

  it('re-signed with another key (claiming key A, embedding its own key): BROKEN', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    signManifest(dir, B, KEY_A)
    const r = verifyBundle(dir, {trust: keyOnly()})
    expect(r).toMatchObject({status: 'BROKEN', signature: 'invalid', trust: 'integrity-only'})
    expect(r.trustedKey).toBeUndefined()
    expect(r.problems.join('\n')).toContain('or it was signed by another key than public key file a.pem')
  })

  it('signed by the trusted key but embedding another public key: BROKEN, both fingerprints named', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    signManifest(dir, A, KEY_A, B.spki)
    // Integrity only, the embedded key B does not verify A's signature.
    expect(verifyBundle(dir).intact).toBe(false)
    const r = verifyBundle(dir, {trust: keyOnly()})
    expect(r).toMatchObject({status: 'BROKEN', trust: 'integrity-only'})
    expect(r.problems).toContain(
      `${SIGNATURE} embeds public key sha256:${fingerprint(B.spki)}, not the trusted key sha256:${fingerprint(A.spki)} the signature verifies under`,
    )
  })

  it('a signature file whose publicKeySha256 is not the hash of its publicKey: BROKEN', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const sig = JSON.parse(readFileSync(join(dir, SIGNATURE), 'utf8')) as {publicKeySha256: string}
    sig.publicKeySha256 = fingerprint(B.spki)
    writeFileSync(join(dir, SIGNATURE), JSON.stringify(sig))
    for (const trust of [undefined, keyOnly()]) {
      const r = verifyBundle(dir, {trust})
      expect(r.status).toBe('BROKEN')
      expect(r.problems).toContain(`${SIGNATURE} is inconsistent: publicKeySha256 is not the SHA-256 of its publicKey`)
    }
  })

  it('CLI: --public-key alone passes a genuine bundle (exit 0, claim unchecked), fails a forged one and an embedded-key swap (exit 1); an alias with --public-key is exit 2', async () => {
    const root = tempRoot(dirs)
    writeFileSync(join(root, 'a.der'), A.spki)
    const genuine = await makeBundle(join(root), A)
    const forged = join(root, 'forged')
    cpSync(genuine, forged, {recursive: true})
    writeFileSync(join(forged, 'controls.csv'), 'requirement,status\r\nall,PASS\r\n')
    rehash(forged)
    signManifest(forged, B, KEY_A)
    const swapped = join(root, 'swapped')
    cpSync(genuine, swapped, {recursive: true})
    signManifest(swapped, A, KEY_A, B.spki)
    const env = emulatorEnv(undefined)
    const key = ['--public-key', join(root, 'a.der')]
    const ok = await runCli(['evidence', 'verify', genuine, ...key], {env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain(`trusted public key sha256:${fingerprint(A.spki)}`)
    expect(ok.stdout).toContain(`the bundle's key id claim (${KEY_A}) was not checked`)
    const bad = await runCli(['evidence', 'verify', forged, ...key], {env})
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^BROKEN /)
    expect(bad.stdout).toContain(`or it was signed by another key than public key file ${join(root, 'a.der')}`)
    const swap = await runCli(['evidence', 'verify', swapped, ...key], {env})
    expect(swap.code).toBe(1)
    expect(swap.stdout).toContain(`embeds public key sha256:${fingerprint(B.spki)}, not the trusted key`)
    const alias = await runCli(['evidence', 'verify', genuine, ...key, '--key-id', 'alias/evidence'], {env})
    expect(alias.code).toBe(2)
    expect(alias.stderr).toContain('--key-id alias/evidence with --public-key must be a key ARN')
  })
})

describe('evidenceTrustedKeys pairs a key ARN with its public key, and the pair is checked', () => {
  it('trusting A and B: a bundle signed by B claiming A fails; signed by B claiming B passes with the claim checked', async () => {
    const root = tempRoot(dirs)
    const config = join(root, 'platform.yaml')
    writeFileSync(
      config,
      `evidenceTrustedKeys:\n  - keyId: ${KEY_A}\n    publicKey: ${A.spki.toString('base64')}\n  - keyId: ${KEY_B}\n    publicKey: |\n${B.pem
        .trim()
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}\n`,
    )
    const claimsA = await makeBundle(join(root, 'claims-a'), B)
    signManifest(claimsA, B, KEY_A)
    const honest = await makeBundle(join(root, 'honest'), B)
    const env = emulatorEnv(undefined)
    const bad = await runCli(['evidence', 'verify', claimsA, '--config', config], {env})
    expect(bad.code, bad.stderr).toBe(1)
    expect(bad.stdout).toContain(`or it was signed by another key than trusted key ${KEY_A} in ${config}`)
    const ok = await runCli(['evidence', 'verify', honest, '--config', config], {env})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain(`signed by a trusted key: trusted key ${KEY_B} in ${config}`)
    expect(ok.stdout).not.toContain('was not checked')
  })
})

describe('unsigned is not intact', () => {
  it('an unsigned, re-hashed bundle is UNSIGNED (exit 1) unless --allow-unsigned', async () => {
    const root = tempRoot(dirs)
    const dir = await makeBundle(root)
    writeFileSync(join(dir, 'findings.csv'), 'checkId,status\r\nx,PASS\r\n')
    rehash(dir)
    const env = emulatorEnv(undefined)
    const r = await runCli(['evidence', 'verify', dir], {env})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^UNSIGNED /)
    expect(r.stdout).toContain('--allow-unsigned')
    const allowed = await runCli(['evidence', 'verify', dir, '--allow-unsigned'], {env})
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toContain('integrity only: the bundle is unsigned')
  })
})

describe('only regular files are read, never followed', () => {
  it('a symlink, a FIFO and a character device in the bundle are problems; none is opened', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    rmSync(join(dir, 'findings.csv'))
    symlinkSync('/etc/passwd', join(dir, 'findings.csv'))
    execFileSync('mkfifo', [join(dir, 'pipe')])
    execFileSync('mknod', [join(dir, 'zero'), 'c', '1', '5'])
    const r = verifyBundle(dir, {trust: trustA()}) // would hang on the FIFO or read /dev/zero for ever
    expect(r.intact).toBe(false)
    expect(r.problems).toEqual(
      expect.arrayContaining([
        'not a regular file (symbolic link), not read: findings.csv',
        'not a regular file (FIFO), not read: pipe',
        'not a regular file (character device), not read: zero',
      ]),
    )
  })

  it('a symlinked manifest is refused, not followed', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const real = join(dir, '..', 'elsewhere.json')
    cpSync(join(dir, MANIFEST), real)
    rmSync(join(dir, MANIFEST))
    symlinkSync(real, join(dir, MANIFEST))
    const r = verifyBundle(dir)
    expect(r.status).toBe('BROKEN')
    expect(r.problems[0]).toMatch(/^manifest\.json cannot be opened \(ELOOP\)/)
  })

  it('an archive with a symlink, hard link, FIFO, device, ".." and absolute entries: each refused, nothing created outside', async () => {
    const root = tempRoot(dirs)
    const before = platformTemps()
    const file = join(root, 'evil.tar.gz')
    craftTar(
      file,
      [
        "add('b/manifest.json', b'{}')",
        "add('b/link', type=tarfile.SYMTYPE, link='/etc/passwd')",
        "add('b/hard', type=tarfile.LNKTYPE, link='/etc/passwd')",
        "add('b/fifo', type=tarfile.FIFOTYPE)",
        "add('b/dev', type=tarfile.CHRTYPE)",
        `add('b/../../hostile-escaped-${process.pid}', b'x')`,
        `add('/tmp/hostile-absolute-${process.pid}', b'x')`,
      ].join('\n'),
    )
    const r = await verifyPath(file, {})
    expect(r.status).toBe('BROKEN')
    const text = r.problems.join('\n')
    for (const p of [
      'not a regular file (SymbolicLink), not extracted: b/link',
      'not a regular file (Link), not extracted: b/hard',
      'not a regular file (FIFO), not extracted: b/fifo',
      'not a regular file (CharacterDevice), not extracted: b/dev',
      'archive entry refused (a ".." path segment)',
      'archive entry refused (an absolute path)',
    ])
      expect(text).toContain(p)
    expect(existsSync(join(tmpdir(), `hostile-escaped-${process.pid}`))).toBe(false)
    expect(existsSync(`/tmp/hostile-absolute-${process.pid}`)).toBe(false)
    expect(platformTemps()).toEqual(before)
  })

  it('a gzip bomb stops at the size limit with bounded memory; an archive with too many entries is refused', async () => {
    const root = tempRoot(dirs)
    const bomb = join(root, 'bomb.tar.gz')
    craftTar(bomb, "add('b/zeros', bytes(200 * 1024 * 1024))")
    const limits = {maxFiles: 50, maxFileBytes: 1024 ** 3, maxTotalBytes: 8 * 1024 * 1024, maxManifestBytes: 1 << 20}
    const rss = process.memoryUsage().rss
    const r = await verifyPath(bomb, {limits})
    expect(r).toMatchObject({
      status: 'BROKEN',
      problems: [`the archive expands beyond ${8 * 1024 * 1024} bytes: refused`],
    })
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024)
    const twice = join(root, 'twice.tar.gz')
    craftTar(twice, "add('b/findings.json', b'first')\nadd('b/findings.json', b'second')")
    const t = await verifyPath(twice, {limits})
    expect(t.problems).toContain('archive entry appears twice, not extracted again: b/findings.json')
    expect(t.intact).toBe(false)
    const many = join(root, 'many.tar.gz')
    craftTar(many, "for i in range(80): add('b/f%d' % i, b'x')")
    expect(await verifyPath(many, {limits})).toMatchObject({
      status: 'BROKEN',
      problems: ['the archive has more than 50 entries: refused'],
    })
  })

  it('a file over the size limit in a directory is a problem, hashed nowhere near memory', async () => {
    const dir = await makeBundle(tempRoot(dirs), A)
    const r = verifyBundle(dir, {
      limits: {maxFiles: 100, maxFileBytes: 1000, maxTotalBytes: 1 << 30, maxManifestBytes: 1 << 20},
    })
    expect(r.problems.join('\n')).toMatch(/findings\.json is \d+ bytes, over the limit of 1000/)
  })
})

describe('malformed manifests and signatures are BROKEN (exit 1), never "AWS call failed"', () => {
  const cases: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
    ['not JSON', () => '{"files": [', /not valid JSON/],
    ['no env', ({env: _e, ...m}) => m, /malformed: env: /],
    ['files not an array', (m) => ({...m, files: {}}), /malformed: files: /],
    [
      'a duplicate entry',
      (m) => ({...m, files: [...(m.files as unknown[]), (m.files as unknown[])[0]]}),
      /is listed twice/,
    ],
    [
      'a traversal path',
      (m) => ({...m, files: [{path: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1}]}),
      /an unsafe path/,
    ],
    ['a bad hash', (m) => ({...m, files: [{path: 'x', sha256: 'zz', size: 1}]}), /lowercase hex SHA-256/],
  ]
  for (const [name, mutate, message] of cases)
    it(`manifest: ${name}`, async () => {
      const dir = await makeBundle(tempRoot(dirs))
      const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'))
      const out = mutate(m)
      writeFileSync(join(dir, MANIFEST), typeof out === 'string' ? out : JSON.stringify(out))
      const r = await runCli(['evidence', 'verify', dir, '--allow-unsigned'], {env: emulatorEnv(undefined)})
      expect(r.code, r.stderr).toBe(1)
      expect(r.stdout).toMatch(/^BROKEN /)
      expect(r.stdout).toMatch(message)
      expect(r.stderr).not.toContain('AWS')
    })

  for (const [name, sig] of [
    ['not JSON', 'nope'],
    ['a signature that is not base64', JSON.stringify({keyId: KEY_A, algorithm: 'ECDSA_SHA_256', signature: '%%'})],
  ] as const)
    it(`signature: ${name}`, async () => {
      const dir = await makeBundle(tempRoot(dirs), A)
      writeFileSync(join(dir, SIGNATURE), sig)
      const r = verifyBundle(dir)
      expect(r).toMatchObject({status: 'BROKEN', signature: 'invalid'})
      expect(r.problems[0]).toMatch(/^manifest\.sig\.json is malformed/)
    })

  it('a path that does not exist, or a FIFO given as the bundle, is refused at once', async () => {
    const root = tempRoot(dirs)
    const env = emulatorEnv(undefined)
    const missing = await runCli(['evidence', 'verify', join(root, 'nope')], {env})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('not found')
    mkdirSync(join(root, 'd'))
    execFileSync('mkfifo', [join(root, 'd', 'fifo')])
    const fifo = await runCli(['evidence', 'verify', join(root, 'd', 'fifo')], {env, timeoutMs: 20_000})
    expect(fifo.code).toBe(1)
    expect(fifo.stdout).toContain('is a FIFO: not read')
  })
})
