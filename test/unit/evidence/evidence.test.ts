import {createHash, generateKeyPairSync, sign} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {runChecks, summarize} from '../../../src/audit/run.js'
import {verifySignature} from '../../../src/aws/signing.js'
import {lintDesign} from '../../../src/design/lint.js'
import {BASELINE} from '../../../src/design/baseline.js'
import {controlRows} from '../../../src/evidence/controls.js'
import {exportEvidence} from '../../../src/evidence/export.js'
import {MANIFEST} from '../../../src/evidence/manifest.js'
import {REDACTED, redact} from '../../../src/evidence/redact.js'
import {verifyBundle} from '../../../src/evidence/verify.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

afterEach(() => delete process.env.PLATFORM_EMULATOR)

describe('redaction', () => {
  it('by key name, by known secret value, and presigned URLs; ARNs of secrets stay', () => {
    expect(
      redact({
        Tags: [
          {Key: 'db-password', Value: 'x'},
          {Key: 'team', Value: 'ml'},
        ],
      }),
    ).toEqual({
      Tags: [
        {Key: 'db-password', Value: REDACTED},
        {Key: 'team', Value: 'ml'},
      ],
    })
    const out = redact(
      {
        MasterUserSecret: {SecretArn: 'arn:aws:secretsmanager:x:1:secret:rds!c', SecretStatus: 'active'},
        MasterUserPassword: 'hunter2',
        LockToken: 't',
        nested: [{note: 'key AKIAPLANTED12345 used'}],
        url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc',
      },
      ['AKIAPLANTED12345'],
    )
    expect(out).toEqual({
      // Issue 12: SecretStatus describes the secret, it is not one: kept as evidence.
      MasterUserSecret: {SecretArn: 'arn:aws:secretsmanager:x:1:secret:rds!c', SecretStatus: 'active'},
      MasterUserPassword: REDACTED,
      LockToken: REDACTED,
      nested: [{note: `key ${REDACTED} used`}],
      url: REDACTED,
    })
  })
})

describe('controls', () => {
  it('one row per requirement: MANUAL for the manual ones, COVERED for those relying on others', () => {
    const findings = runChecks({
      checks: CHECKS,
      inventory: cleanInventory(),
      design: devDesign(),
      exceptions: [],
      today: new Date('2026-11-29'),
      filters: {},
    })
    const rows = controlRows(findings, () => undefined)
    // Issue 12: the security baseline has rows too (71 requirements + one per baseline item).
    expect(rows).toHaveLength(71 + BASELINE.length)
    expect(rows.find((r) => r.requirement === 'workload.api')?.status).toBe('MANUAL')
    expect(rows.find((r) => r.requirement === 'principle.availability')?.status).toBe('COVERED')
    expect(rows.find((r) => r.requirement === 'rds.backup-retention')).toMatchObject({
      status: 'PASS',
      checks: ['aurora-backup'],
    })
    expect(rows.filter((r) => r.status === 'NOT_RUN')).toEqual([])
  })
})

describe('bundle and verify', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, {recursive: true, force: true})))

  async function bundle() {
    const design = devDesign()
    const inventory = cleanInventory()
    const findings = runChecks({
      checks: CHECKS,
      inventory,
      design,
      exceptions: [],
      today: new Date('2026-11-29'),
      filters: {},
    })
    const report = {
      env: 'dev',
      account: '123456789012',
      callerArn: 'arn:aws:iam::123456789012:user/a',
      regions: ['ap-northeast-1'],
      startedAt: '2026-11-29T00:00:00.000Z',
      finishedAt: '2026-11-29T00:00:01.000Z',
      summary: summarize(findings),
      findings,
      calls: {total: 1, mutating: 0, readOnly: 1, byOperation: {}},
    }
    const root = mkdtempSync(join(tmpdir(), 'ev-'))
    dirs.push(root)
    return exportEvidence({
      outDir: join(root, 'b'),
      report,
      inventory,
      design,
      lint: lintDesign(design),
      tool: {name: 'platform', version: 't'},
      commandLine: ['platform', 'evidence', 'export'],
    })
  }

  it('an intact bundle verifies; a flipped byte in any file is named', async () => {
    const b = await bundle()
    // Issue 12: an unsigned bundle is not intact unless the verifier accepts integrity alone.
    expect(verifyBundle(b.dir)).toMatchObject({intact: false, status: 'UNSIGNED', signature: 'absent'})
    expect(verifyBundle(b.dir, {allowUnsigned: true})).toMatchObject({
      intact: true,
      signature: 'absent',
      trust: 'integrity-only',
      problems: [],
    })
    expect(b.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'controls.csv',
        'findings.csv',
        'findings.json',
        'findings.ocsf.json',
        'report.html',
        'inventory/network__vpc.json',
      ]),
    )
    for (const f of [...b.manifest.files.map((x) => x.path), MANIFEST]) {
      const path = join(b.dir, f)
      const original = readFileSync(path)
      const flipped = Buffer.from(original)
      flipped[Math.floor(flipped.length / 2)]! ^= 0x01
      writeFileSync(path, flipped)
      const r = verifyBundle(b.dir, {allowUnsigned: true})
      expect(r.intact, f).toBe(false)
      if (f !== MANIFEST) expect(r.altered, f).toEqual([f])
      writeFileSync(path, original)
    }
    expect(verifyBundle(b.dir, {allowUnsigned: true}).intact).toBe(true)
  })

  it('a signature made as AWS KMS makes it (ECDSA over SHA-256 of the manifest) verifies offline; one over anything else does not', () => {
    const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
    const spki = publicKey.export({format: 'der', type: 'spki'}).toString('base64')
    const data = Buffer.from('{"manifest": true}')
    const awsForm = sign('sha256', data, privateKey).toString('base64')
    expect(verifySignature(data, awsForm, spki)).toBe(true)
    expect(verifySignature(Buffer.from('{"manifest": false}'), awsForm, spki)).toBe(false)
    // The emulator's form (sha256 of the digest) is accepted only in emulator mode.
    const rehashed = sign('sha256', createHash('sha256').update(data).digest(), privateKey).toString('base64')
    expect(verifySignature(data, rehashed, spki)).toBe(false)
    process.env.PLATFORM_EMULATOR = 'moto'
    expect(verifySignature(data, rehashed, spki)).toBe(true)
  })
})
