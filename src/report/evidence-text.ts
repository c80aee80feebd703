import type {EvidenceExportOutput} from '../evidence/run.js'
import type {VerifyResult} from '../evidence/verify.js'
import {oneLine} from './terminal.js'

/** The text beside `evidence export --json`: where the bundle went, the audit's counts, how to verify it. */
export function evidenceExportText(out: EvidenceExportOutput): string[] {
  const lines = [`Evidence bundle: ${out.dir} (${out.files} files + manifest${out.signed ? ', signed' : ''})`]
  if (out.archive) lines.push(`Archive: ${out.archive}`)
  for (const u of out.uploaded)
    lines.push(`Uploaded s3 object ${u.key} version ${u.versionId}, locked (COMPLIANCE) until ${u.retainUntil}`)
  const s = out.summary
  lines.push(
    `Audit: ${s.fail} FAIL, ${s.error} ERROR, ${s.pass} PASS, ${s.muted} MUTED, ${s.manual} MANUAL. Verify with: platform evidence verify ${out.archive ?? out.dir}`,
  )
  return lines
}

/**
 * The text beside `evidence verify --json`: INTACT with the signer and what the signature proves
 * (a trusted key, or integrity only), UNSIGNED, or BROKEN with one line per problem.
 */
export function evidenceVerifyText(result: VerifyResult): string[] {
  if (!result.intact)
    return [`${result.status}  ${oneLine(result.path)}:`, ...result.problems.map((p) => `  ${oneLine(p)}`)]
  const signer = result.signedBy
    ? ` (key ${oneLine(result.signedBy.keyId)}, public key sha256:${result.signedBy.publicKeySha256.slice(0, 16)}...)`
    : ''
  const line = `INTACT  ${oneLine(result.path)}: ${result.files} files match the manifest; signature ${result.signature}${signer}`
  if (result.trust === 'trusted') {
    const lines = [line, `  signed by a trusted key: ${oneLine(result.trustedBy ?? '')}`]
    if (result.trustedKey) {
      lines.push(
        `  trusted public key sha256:${result.trustedKey.publicKeySha256} (SHA-256 of its DER SubjectPublicKeyInfo)`,
      )
      if (!result.trustedKey.keyIdChecked)
        lines.push(
          `  the bundle's key id claim (${oneLine(result.signedBy?.keyId ?? '')}) was not checked: pass --key-id KEY-ARN with --public-key, or pair keyId with publicKey in evidenceTrustedKeys`,
        )
    }
    return lines
  }
  return [
    line,
    result.signature === 'absent'
      ? '  integrity only: the bundle is unsigned (--allow-unsigned), so nothing shows who wrote it'
      : '  integrity only: the signature was checked against the key inside the bundle, which a forger can replace; pass --key-id or --public-key (or configure evidenceTrustedKeys) to check who signed it',
  ]
}
