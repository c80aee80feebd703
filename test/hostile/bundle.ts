import {execFileSync} from 'node:child_process'
import {generateKeyPairSync, sign, type KeyObject} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {CHECKS} from '../../checks/index.js'
import type {AuditReport} from '../../src/audit/index.js'
import {runChecks, summarize} from '../../src/audit/run.js'
import {lintDesign} from '../../src/design/lint.js'
import {exportEvidence} from '../../src/evidence/export.js'
import {MANIFEST, sha256, SIGNATURE, type EvidenceManifest} from '../../src/evidence/manifest.js'
import {cleanInventory, devDesign} from '../helpers/fixture.js'

export const KEY_A = 'arn:aws:kms:ap-northeast-1:111122223333:key/aaaaaaaa-0000-0000-0000-000000000001'
export const KEY_B = 'arn:aws:kms:ap-northeast-1:444455556666:key/bbbbbbbb-0000-0000-0000-000000000002'

export interface Signer {
  keyId: string
  privateKey: KeyObject
  spki: Buffer
  pem: string
}

/** An ECC_NIST_P256 key pair standing in for a KMS signing key (ECDSA over SHA-256, as KMS signs a DIGEST). */
export function signer(keyId: string): Signer {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
  return {
    keyId,
    privateKey,
    spki: publicKey.export({format: 'der', type: 'spki'}),
    pem: publicKey.export({format: 'pem', type: 'spki'}).toString(),
  }
}

/** Signs with `s`, claiming `keyId` and embedding `embed`'s public key (a forger may lie about both). */
export function signManifest(dir: string, s: Signer, keyId = s.keyId, embed: Buffer = s.spki): void {
  const bytes = readFileSync(join(dir, MANIFEST))
  writeFileSync(
    join(dir, SIGNATURE),
    JSON.stringify({
      keyId,
      algorithm: 'ECDSA_SHA_256',
      manifestSha256: sha256(bytes),
      signature: sign('sha256', bytes, s.privateKey).toString('base64'),
      publicKey: embed.toString('base64'),
      publicKeySha256: sha256(embed),
    }),
  )
}

/** What a forger does after editing files: recompute every hash in the manifest. */
export function rehash(dir: string): void {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as EvidenceManifest
  for (const f of m.files) {
    const bytes = readFileSync(join(dir, f.path))
    f.sha256 = sha256(bytes)
    f.size = bytes.length
  }
  writeFileSync(join(dir, MANIFEST), JSON.stringify(m, null, 2) + '\n')
}

export function tempRoot(dirs: string[]): string {
  const d = mkdtempSync(join(tmpdir(), 'hostile-'))
  dirs.push(d)
  return d
}

export const cleanup = (dirs: string[]) => dirs.splice(0).forEach((d) => rmSync(d, {recursive: true, force: true}))

/** The audit report of the clean dev fixture, as `platform audit --json` prints it. */
export function auditReport(inventory = cleanInventory()): AuditReport {
  const findings = runChecks({
    checks: CHECKS,
    inventory,
    design: devDesign(),
    exceptions: [],
    today: new Date('2026-11-29'),
    filters: {},
  })
  return {
    env: 'dev',
    account: '111122223333',
    callerArn: 'arn:aws:iam::111122223333:user/auditor',
    regions: ['ap-northeast-1'],
    startedAt: '2026-11-29T00:00:00.000Z',
    finishedAt: '2026-11-29T00:00:01.000Z',
    summary: summarize(findings),
    findings,
    calls: {total: 1, mutating: 0, readOnly: 1, byOperation: {}},
  }
}

/** A real bundle of the dev fixture (no inventory: small and quick), signed by `by` when given. */
export async function makeBundle(root: string, by?: Signer): Promise<string> {
  const design = devDesign()
  const out = join(root, 'bundle')
  await exportEvidence({
    outDir: out,
    report: auditReport(),
    design,
    lint: lintDesign(design),
    tool: {name: 'platform', version: 't'},
    commandLine: ['platform', 'evidence', 'export'],
  })
  if (by) signManifest(out, by)
  return out
}

/** Archives crafted with Python's tarfile: entry types and names no honest exporter writes. */
export function craftTar(file: string, script: string): void {
  execFileSync('python3', [
    '-c',
    `import tarfile, io\nt = tarfile.open(${JSON.stringify(file)}, 'w:gz')\ndef add(name, data=b'', type=tarfile.REGTYPE, link=''):\n    i = tarfile.TarInfo(name); i.type = type; i.linkname = link; i.size = len(data) if type == tarfile.REGTYPE else 0\n    t.addfile(i, io.BytesIO(data) if type == tarfile.REGTYPE else None)\n${script}\nt.close()\n`,
  ])
}
