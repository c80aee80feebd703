import {describe, expect, it} from 'vitest'
import type {EvidenceExportOutput} from '../../../src/evidence/run.js'
import type {VerifyResult} from '../../../src/evidence/verify.js'
import {evidenceExportText, evidenceVerifyText} from '../../../src/report/evidence-text.js'

const exported: EvidenceExportOutput = {
  dir: '/work/evidence',
  signed: false,
  files: 69,
  summary: {pass: 120, fail: 2, error: 1, manual: 4, muted: 3},
  uploaded: [],
}

describe('evidenceExportText', () => {
  it('says where the bundle is, the audit counts, and how to verify it', () => {
    expect(evidenceExportText(exported)).toEqual([
      'Evidence bundle: /work/evidence (69 files + manifest)',
      'Audit: 2 FAIL, 1 ERROR, 120 PASS, 3 MUTED, 4 MANUAL. Verify with: platform evidence verify /work/evidence',
    ])
  })

  it('names the archive (verified instead of the directory), the signature and each locked upload', () => {
    const archive = '/work/evidence-dev-20261129T000000Z.tar.gz'
    const lines = evidenceExportText({
      ...exported,
      archive,
      signed: true,
      uploaded: [{key: 'dev/evidence.tar.gz', versionId: 'v1', retainUntil: '2033-11-29T00:00:00.000Z'}],
    })
    expect(lines).toEqual([
      'Evidence bundle: /work/evidence (69 files + manifest, signed)',
      `Archive: ${archive}`,
      'Uploaded s3 object dev/evidence.tar.gz version v1, locked (COMPLIANCE) until 2033-11-29T00:00:00.000Z',
      `Audit: 2 FAIL, 1 ERROR, 120 PASS, 3 MUTED, 4 MANUAL. Verify with: platform evidence verify ${archive}`,
    ])
  })
})

describe('evidenceVerifyText', () => {
  const intact: VerifyResult = {
    path: 's3://medical-ai-evidence/dev/',
    status: 'INTACT',
    intact: true,
    trust: 'integrity-only',
    files: 69,
    altered: [],
    missing: [],
    extra: [],
    signature: 'valid',
    signedBy: {keyId: 'arn:aws:kms:ap-northeast-1:123456789012:key/k1', publicKeySha256: 'ab'.repeat(32)},
    problems: [],
  }

  // Issue 12: INTACT now says what the signature proves: a trusted key, or integrity only.
  it('INTACT names the path as given and the signing key, and what the signature proves', () => {
    expect(evidenceVerifyText(intact)).toEqual([
      'INTACT  s3://medical-ai-evidence/dev/: 69 files match the manifest; signature valid (key arn:aws:kms:ap-northeast-1:123456789012:key/k1, public key sha256:abababababababab...)',
      '  integrity only: the signature was checked against the key inside the bundle, which a forger can replace; pass --key-id or --public-key (or configure evidenceTrustedKeys) to check who signed it',
    ])
    expect(evidenceVerifyText({...intact, trust: 'trusted', trustedBy: 'KMS GetPublicKey alias/x'})[1]).toBe(
      '  signed by a trusted key: KMS GetPublicKey alias/x',
    )
    expect(evidenceVerifyText({...intact, signature: 'absent', signedBy: undefined})).toEqual([
      'INTACT  s3://medical-ai-evidence/dev/: 69 files match the manifest; signature absent',
      '  integrity only: the bundle is unsigned (--allow-unsigned), so nothing shows who wrote it',
    ])
  })

  it('a trusted key is named by its full fingerprint; an anchor without a key id says the claim went unchecked', () => {
    const trusted = {...intact, trust: 'trusted' as const, trustedBy: 'public key file k.der'}
    expect(
      evidenceVerifyText({...trusted, trustedKey: {publicKeySha256: 'cd'.repeat(32), keyIdChecked: true}}),
    ).toEqual([
      evidenceVerifyText(intact)[0],
      '  signed by a trusted key: public key file k.der',
      `  trusted public key sha256:${'cd'.repeat(32)} (SHA-256 of its DER SubjectPublicKeyInfo)`,
    ])
    expect(
      evidenceVerifyText({...trusted, trustedKey: {publicKeySha256: 'cd'.repeat(32), keyIdChecked: false}})[3],
    ).toBe(
      "  the bundle's key id claim (arn:aws:kms:ap-northeast-1:123456789012:key/k1) was not checked: pass --key-id KEY-ARN with --public-key, or pair keyId with publicKey in evidenceTrustedKeys",
    )
  })

  it('BROKEN lists every problem', () => {
    const broken = {
      ...intact,
      status: 'BROKEN' as const,
      intact: false,
      problems: ['altered: findings.csv', 'missing: controls.csv'],
    }
    expect(evidenceVerifyText(broken)).toEqual([
      'BROKEN  s3://medical-ai-evidence/dev/:',
      '  altered: findings.csv',
      '  missing: controls.csv',
    ])
  })
})
