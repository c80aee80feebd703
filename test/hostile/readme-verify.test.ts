/**
 * The README's "Verifying a bundle as an auditor" is executable: its shell blocks and its YAML
 * are taken from README.md and run with bash as written, against the emulator, with only the
 * placeholders replaced (the key ARN, the example public key). A genuine archive must pass each
 * way the README shows, with the outcome the README describes; a forged one must fail each way.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {GetPublicKeyCommand} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {startMoto, type Moto} from '../helpers/moto.js'
import {auditReport, cleanup, rehash, signer, signManifest, tempRoot} from './bundle.js'

const dirs: string[] = []
let moto: Moto
let c: Clients
let work: string
let keyArn: string
const ARN_PLACEHOLDER = 'arn:aws:kms:ap-northeast-1:111122223333:key/KEY-ID'
const ARCHIVE = 'evidence-prod-20261129T000000Z.tar.gz'

/** The section's fenced blocks, in order: {lang, text}. */
function readmeBlocks(): {lang: string; text: string}[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('#### Verifying a bundle as an auditor')
  const end = readme.indexOf('Verify reads a bundle as hostile input', start)
  expect(start).toBeGreaterThan(0)
  const section = readme.slice(start, end)
  return [...section.matchAll(/^ *```(\w+)\n([\s\S]*?)^ *```$/gm)].map((m) => ({
    lang: m[1]!,
    text: m[2]!.replace(/^ {3}/gm, ''),
  }))
}

/** Runs one README shell block in dir, as written, with `platform` on PATH. */
function sh(block: string, dir: string) {
  const env = {
    ...emulatorEnv(moto.url, {AWS_DEFAULT_REGION: 'ap-northeast-1'}),
    PATH: `${join(work, 'bin')}:${process.env.PATH}`,
  }
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', block.replaceAll(ARN_PLACEHOLDER, keyArn)], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  work = tempRoot(dirs)
  // `platform` as an auditor would have it on PATH.
  mkdirSync(join(work, 'bin'))
  writeFileSync(join(work, 'bin/platform'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
  chmodSync(join(work, 'bin/platform'), 0o755)

  // prod with the evidence signing key (the README's alias), and a prod audit report to export.
  const config = join(work, 'owner.yaml')
  writeFileSync(
    config,
    'environments:\n  prod:\n    eksVersion: "1.34"\n    accountId: "123456789012"\n    evidenceSigningKey: true\n',
  )
  const env = emulatorEnv(moto.url)
  const kms = await runCli(['provision', '--env', 'prod', '--config', config, '--layer', 'kms', '--yes'], {env})
  expect(kms.code, kms.stderr).toBe(0)
  const report = {...auditReport(), env: 'prod'}
  writeFileSync(join(work, 'audit.json'), JSON.stringify(report))
  const out = join(work, 'export')
  const exported = await runCli(
    [
      'evidence',
      'export',
      '--env',
      'prod',
      '--config',
      config,
      '--from',
      join(work, 'audit.json'),
      '--out',
      join(out, 'bundle'),
      '--archive',
      '--sign-key',
      'alias/medical-ai-prod-evidence-signing',
      '--json',
    ],
    {env},
  )
  expect(exported.code, exported.stderr).toBe(0)
  const archive = exported.json<{archive: string}>().archive
  keyArn = (JSON.parse(readFileSync(join(out, 'bundle/manifest.sig.json'), 'utf8')) as {keyId: string}).keyId
  expect(keyArn).toMatch(/^arn:aws:kms:ap-northeast-1:123456789012:key\//)

  // The genuine archive under the README's name, and a forged one (edited, re-hashed, re-signed
  // with another key claiming the real key ARN) under the same name in another directory.
  mkdirSync(join(work, 'genuine'))
  cpSync(archive, join(work, 'genuine', ARCHIVE))
  const forged = join(work, 'forged-src')
  cpSync(join(out, 'bundle'), join(forged, 'bundle'), {recursive: true})
  writeFileSync(join(forged, 'bundle/controls.csv'), 'requirement,status\r\nall,PASS\r\n')
  rehash(join(forged, 'bundle'))
  signManifest(join(forged, 'bundle'), signer(keyArn), keyArn)
  mkdirSync(join(work, 'forged'))
  execFileSync('tar', ['-czf', join(work, 'forged', ARCHIVE), '-C', forged, 'bundle'])
}, 180_000)

afterAll(async () => {
  await moto?.stop()
  cleanup(dirs)
})

describe("the README's auditor steps, run as written", () => {
  it('step 1 fetches the DER public key KMS holds and prints its fingerprint; each way of step 2 verifies the genuine archive as the README says and fails the forged one', async () => {
    const blocks = readmeBlocks()
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'sh', 'sh', 'yaml', 'sh'])
    const [fetchKey, offline, viaKms, yaml, viaConfig] = blocks.map((b) => b.text) as [
      string,
      string,
      string,
      string,
      string,
    ]

    for (const dir of ['genuine', 'forged'].map((d) => join(work, d))) {
      const step1 = sh(fetchKey, dir)
      expect(step1.code, step1.stderr).toBe(0)
      const der = readFileSync(join(dir, 'signing-key.der'))
      const fromKms = await c.kms.send(new GetPublicKeyCommand({KeyId: keyArn}))
      expect(der.equals(Buffer.from(fromKms.PublicKey!))).toBe(true)
      const fingerprint = createHash('sha256').update(der).digest('hex')
      expect(step1.stdout.trim()).toBe(`${fingerprint}  signing-key.der`)
      // The configuration the README shows, with this key's public key in place of the example.
      writeFileSync(
        join(dir, 'platform.config.yaml'),
        yaml.replaceAll(ARN_PLACEHOLDER, keyArn).replace(/publicKey: \S+/, `publicKey: ${der.toString('base64')}`),
      )

      const genuine = dir.endsWith('genuine')
      const runs = {
        offline: sh(offline, dir),
        viaKms: sh(viaKms, dir),
        viaConfig: sh(viaConfig, dir),
      }
      for (const [way, r] of Object.entries(runs)) {
        expect(r.code, `${way}: ${r.stdout}${r.stderr}`).toBe(genuine ? 0 : 1)
        if (genuine) {
          expect(r.stdout, way).toMatch(new RegExp(`^INTACT  ${ARCHIVE}: `))
          expect(r.stdout, way).toContain(`trusted public key sha256:${fingerprint}`)
        } else expect(r.stdout, way).toMatch(new RegExp(`^BROKEN  ${ARCHIVE}:`))
      }
      if (genuine) {
        expect(runs.offline.stdout).toContain('signed by a trusted key: public key file signing-key.der')
        expect(runs.viaKms.stdout).toContain(
          'signed by a trusted key: KMS GetPublicKey alias/medical-ai-prod-evidence-signing in ap-northeast-1',
        )
        expect(runs.viaConfig.stdout).toContain(
          `signed by a trusted key: trusted key ${keyArn} in ${join(dir, 'platform.config.yaml')}`,
        )
      } else for (const r of Object.values(runs)) expect(r.stdout).toContain('or it was signed by another key than')
      // Verify wrote nothing beside the archive but what the README's own steps wrote.
      expect(readdirSync(dir).sort()).toEqual([ARCHIVE, 'platform.config.yaml', 'signing-key.der'])
      rmSync(join(dir, 'signing-key.der'))
    }
  })
})
