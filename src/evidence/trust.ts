import {createPublicKey} from 'node:crypto'
import {DescribeKeyCommand, GetPublicKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import type {AwsAccess} from '../aws/clients.js'
import {emulatorHasGap} from '../aws/emulator.js'
import {toPlatformError} from '../aws/errors.js'
import {PRIMARY_REGION} from '../design/defaults.js'
import {UsageError} from '../errors.js'
import {readLocalBytes} from '../files/local.js'
import {sha256} from './manifest.js'

/**
 * A public key the verifier trusts, as DER SubjectPublicKeyInfo, and the KMS key id (ARN) a
 * bundle must name to be checked against it (undefined: any key id, the key itself decides).
 */
export interface TrustAnchor {
  keyId?: string
  publicKeyDer: Buffer
  /** Where the verifier got it from, for the output: "KMS GetPublicKey", a file, the config. */
  source: string
}

export const publicKeySha256 = (anchor: TrustAnchor) => sha256(anchor.publicKeyDer)

/** A PEM ("-----BEGIN PUBLIC KEY-----") or base64/binary DER SubjectPublicKeyInfo, normalised to DER. */
export function parsePublicKey(text: string | Buffer, where: string): Buffer {
  try {
    const s = Buffer.isBuffer(text) ? text.toString('latin1') : text
    if (s.includes('-----BEGIN')) return createPublicKey({key: s, format: 'pem'}).export({format: 'der', type: 'spki'})
    // Binary DER as read from a file, or its base64 text (as the CLI and the config carry it).
    const der = /^[A-Za-z0-9+/=\s]+$/.test(s)
      ? Buffer.from(s.replace(/\s+/g, ''), 'base64')
      : Buffer.isBuffer(text)
        ? text
        : Buffer.from(s, 'latin1')
    return createPublicKey({key: der, format: 'der', type: 'spki'}).export({format: 'der', type: 'spki'})
  } catch {
    throw new UsageError(
      `${where} is not a public key (PEM or DER SubjectPublicKeyInfo)`,
      'Export it with: aws kms get-public-key --key-id KEY --query PublicKey --output text | base64 -d > key.der',
    )
  }
}

export function anchorFromFile(file: string, keyId?: string): TrustAnchor {
  const text = readLocalBytes(file, {what: '--public-key file', maxBytes: 64 * 1024})
  return {keyId, publicKeyDer: parsePublicKey(text, file), source: `public key file ${file}`}
}

/**
 * The signing key's public half, from KMS. GetPublicKey accepts a key id, key ARN, alias name or
 * alias ARN and answers with KeyId set to the key ARN and PublicKey as DER SubjectPublicKeyInfo
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html); Sign answers with
 * the same key ARN, which export records in the signature file, so the two compare directly.
 * An alias can be re-pointed: the key ARN, not the alias, is what the bundle must name.
 */
export async function anchorFromKms(aws: AwsAccess, keyId: string): Promise<TrustAnchor> {
  const region = /^arn:aws[\w-]*:kms:([a-z0-9-]+):/.exec(keyId)?.[1] ?? PRIMARY_REGION
  const kms = aws.client(KMSClient, region)
  let res
  try {
    res = await kms.send(new GetPublicKeyCommand({KeyId: keyId}))
  } catch (err) {
    throw toPlatformError(err, `Fetching the public key of KMS key ${keyId}`)
  }
  if (res.KeyUsage && res.KeyUsage !== 'SIGN_VERIFY')
    throw new UsageError(
      `KMS key ${keyId} is a ${res.KeyUsage} key, not a signing key`,
      'Pass the evidence signing key.',
    )
  if (!res.PublicKey || !res.KeyId) throw new UsageError(`KMS returned no public key for ${keyId}`)
  let arn = res.KeyId
  if (!arn.startsWith('arn:') && emulatorHasGap('kms-get-public-key-bare-key-id')) {
    const described = await kms.send(new DescribeKeyCommand({KeyId: res.KeyId}))
    arn = described.KeyMetadata?.Arn ?? arn
  }
  return {keyId: arn, publicKeyDer: Buffer.from(res.PublicKey), source: `KMS GetPublicKey ${keyId}`}
}

/** `evidenceTrustedKeys` of the configuration: each a key ARN and its public key. */
export function anchorsFromConfig(
  keys: {keyId: string; publicKey: string}[] | undefined,
  file: string | undefined,
): TrustAnchor[] {
  return (keys ?? []).map((k, i) => ({
    keyId: k.keyId,
    publicKeyDer: parsePublicKey(k.publicKey, `evidenceTrustedKeys[${i}].publicKey in ${file ?? 'the configuration'}`),
    source: `trusted key ${k.keyId} in ${file ?? 'the configuration'}`,
  }))
}

/**
 * The verifier's anchors, from its flags or else its configuration: `--public-key` (offline,
 * with `--key-id` naming the key the bundle must carry), `--key-id` alone (asks KMS), or the
 * configured trusted keys. Empty: no anchor, integrity only.
 */
export async function trustAnchors(opts: {
  keyId?: string
  publicKeyFile?: string
  config?: {keyId: string; publicKey: string}[]
  configFile?: string
  aws: () => AwsAccess
}): Promise<TrustAnchor[]> {
  if (opts.publicKeyFile) return [anchorFromFile(opts.publicKeyFile, opts.keyId)]
  if (opts.keyId) {
    const aws = opts.aws()
    try {
      return [await anchorFromKms(aws, opts.keyId)]
    } finally {
      aws.destroy()
    }
  }
  return anchorsFromConfig(opts.config, opts.configFile)
}
