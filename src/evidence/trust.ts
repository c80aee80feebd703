import {createPublicKey} from 'node:crypto'
import {DescribeKeyCommand, GetPublicKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import type {AwsAccess} from '../aws/clients.js'
import {emulatorHasGap} from '../aws/emulator.js'
import {isNotFound, toPlatformError} from '../aws/errors.js'
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

/** A KMS key ARN, as Sign and GetPublicKey name a key (what a bundle's keyId is compared with). */
export const KEY_ARN_RE = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/

/**
 * `--public-key FILE`, optionally with `--key-id`. Offline, so nothing can turn an alias or a bare
 * key id into the ARN the bundle names: with a file, `--key-id` must be the key ARN. Without
 * `--key-id` the anchor checks the key (the signature must verify under it, and the bundle must
 * embed this very key) but not the bundle's key id claim, and the output says so.
 */
export function anchorFromFile(file: string, keyId?: string): TrustAnchor {
  if (keyId !== undefined && !KEY_ARN_RE.test(keyId))
    throw new UsageError(
      `--key-id ${keyId} with --public-key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): a bundle names the key ARN KMS signed with, and an alias or bare key id cannot be resolved offline`,
      'Pass the key ARN, or drop --public-key to let KMS resolve the alias.',
    )
  const text = readLocalBytes(file, {what: '--public-key file', maxBytes: 64 * 1024})
  return {keyId, publicKeyDer: parsePublicKey(text, file), source: `public key file ${file}`}
}

const arnRegion = (id: string | undefined) => (id ? /^arn:aws[\w-]*:kms:([a-z0-9-]+):/.exec(id)?.[1] : undefined)

/**
 * Where `--key-id` is looked up. KMS keys and aliases are regional: an alias name or bare key id
 * means a different key (or none) in each Region: "The alias must be unique in the account and
 * Region, but you can have aliases with the same name in different Regions"
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html), and a client asks
 * only its own Region. So: the Region of an ARN (key or alias ARN) when
 * one is given; else `--region`; else the Region of the key the bundle names (a forger gains
 * nothing from it: the alias is still resolved in the verifier's own account, and the key ARN KMS
 * answers with must equal the bundle's claim); else the primary region, where provision creates
 * the evidence signing key.
 */
export function kmsLookupRegion(keyId: string, hints: {region?: string; bundleKeyId?: string} = {}): string {
  return arnRegion(keyId) ?? hints.region ?? arnRegion(hints.bundleKeyId) ?? PRIMARY_REGION
}

/**
 * The signing key's public half, from KMS. GetPublicKey accepts a key id, key ARN, alias name or
 * alias ARN and answers with KeyId set to the key ARN and PublicKey as DER SubjectPublicKeyInfo
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html); Sign answers with
 * the same key ARN, which export records in the signature file, so the two compare directly.
 * An alias can be re-pointed: the key ARN, not the alias, is what the bundle must name.
 */
export async function anchorFromKms(
  aws: AwsAccess,
  keyId: string,
  region = kmsLookupRegion(keyId),
): Promise<TrustAnchor> {
  const kms = aws.client(KMSClient, region)
  let res
  try {
    res = await kms.send(new GetPublicKeyCommand({KeyId: keyId}))
  } catch (err) {
    if (isNotFound(err))
      throw new UsageError(
        `KMS key ${keyId} was not found in ${region}`,
        'Keys and aliases are regional: pass the key ARN, or --region with the Region of the signing key.',
      )
    throw toPlatformError(err, `Fetching the public key of KMS key ${keyId} in ${region}`)
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
  return {
    keyId: arn,
    publicKeyDer: Buffer.from(res.PublicKey),
    source: `KMS GetPublicKey ${keyId}${arnRegion(keyId) ? '' : ` in ${region}`}`,
  }
}

/**
 * `evidenceTrustedKeys` of the configuration: each a key ARN paired with its public key. The
 * pair is the anchor: a bundle must name that ARN and verify under that very key, so trusting
 * two keys never lets a bundle signed by one claim the other.
 */
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

/** The verifier's trust: anchors known at once, or found once the bundle's key id claim is read. */
export type TrustResolver = (bundleKeyId: string | undefined) => Promise<TrustAnchor[]>

/**
 * The verifier's anchors, from its flags or else its configuration: `--public-key` (offline,
 * with `--key-id` naming the key the bundle must carry), `--key-id` alone (asks KMS, in the
 * Region kmsLookupRegion picks), or the configured trusted keys. Empty: no anchor, integrity
 * only. Local inputs are checked here, before any bundle is opened (a bad file is exit 2 at
 * once); the KMS lookup runs once the bundle's key id is known.
 */
export function trustResolver(opts: {
  keyId?: string
  publicKeyFile?: string
  region?: string
  config?: {keyId: string; publicKey: string}[]
  configFile?: string
  aws: () => AwsAccess
}): TrustResolver {
  if (opts.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(opts.region))
    throw new UsageError(`--region ${opts.region} is not an AWS Region name`, 'Write it as e.g. eu-west-1.')
  if (opts.publicKeyFile) {
    const anchors = [anchorFromFile(opts.publicKeyFile, opts.keyId)]
    return () => Promise.resolve(anchors)
  }
  const keyId = opts.keyId
  if (keyId)
    return async (bundleKeyId) => {
      const aws = opts.aws()
      try {
        return [await anchorFromKms(aws, keyId, kmsLookupRegion(keyId, {region: opts.region, bundleKeyId}))]
      } finally {
        aws.destroy()
      }
    }
  const anchors = anchorsFromConfig(opts.config, opts.configFile)
  return () => Promise.resolve(anchors)
}
