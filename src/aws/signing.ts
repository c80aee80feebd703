import {createHash, createPublicKey, verify as cryptoVerify} from 'node:crypto'
import {GetPublicKeyCommand, KMSClient, SignCommand} from '@aws-sdk/client-kms'
import type {AwsAccess} from './clients.js'
import {emulatorHasGap} from './emulator.js'
import {toPlatformError} from './errors.js'

/**
 * Signs a digest with an asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256). The private key never
 * leaves KMS; the bundle keeps the signature and the public key, so anyone can verify offline.
 */
export async function signDigest(
  aws: AwsAccess,
  region: string,
  keyId: string,
  data: Buffer,
): Promise<{keyId: string; signature: string; publicKey: string}> {
  const kms = aws.client(KMSClient, region)
  try {
    const digest = createHash('sha256').update(data).digest()
    const [sig, pub] = await Promise.all([
      kms.send(
        new SignCommand({KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256'}),
      ),
      kms.send(new GetPublicKeyCommand({KeyId: keyId})),
    ])
    return {
      keyId: sig.KeyId ?? keyId,
      signature: Buffer.from(sig.Signature!).toString('base64'),
      publicKey: Buffer.from(pub.PublicKey!).toString('base64'),
    }
  } catch (err) {
    throw toPlatformError(err, `Signing with KMS key ${keyId}`)
  }
}

/** KMS ECDSA signatures are DER, and the public key is DER SubjectPublicKeyInfo: Node verifies both as is. */
export function verifySignature(data: Buffer, signatureB64: string, publicKey: string | Buffer): boolean {
  const der = typeof publicKey === 'string' ? Buffer.from(publicKey, 'base64') : publicKey
  const key = createPublicKey({key: der, format: 'der', type: 'spki'})
  const signature = Buffer.from(signatureB64, 'base64')
  if (cryptoVerify('sha256', data, key, signature)) return true
  // The emulator signed sha256(digest) instead of the digest: accepted only in emulator mode.
  return (
    emulatorHasGap('kms-sign-digest-rehashed') &&
    cryptoVerify('sha256', createHash('sha256').update(data).digest(), key, signature)
  )
}
