import {createHash, createHmac} from 'node:crypto'
import {SignatureV4} from '@smithy/signature-v4'
import type {AwsCredentialIdentity, Checksum, SourceData} from '@smithy/types'

/**
 * The bearer token EKS accepts for its Kubernetes API: a presigned STS GetCallerIdentity URL
 * with the cluster's name in the signed `x-k8s-aws-id` header, base64url without padding,
 * after `k8s-aws-v1.`. The API server replays the URL to STS to learn who calls, and maps
 * that identity through the cluster's access entries. STS honours a presigned URL for 15
 * minutes whatever X-Amz-Expires says; 60 is what aws-iam-authenticator and `aws eks
 * get-token` send, and what the authenticator accepts.
 * https://github.com/kubernetes-sigs/aws-iam-authenticator (pkg/token/token.go, "k8s-aws-v1.")
 * https://github.com/kubernetes-sigs/aws-iam-authenticator/pull/160 (X-Amz-Expires 60)
 * https://github.com/aws/aws-cli/blob/develop/awscli/customizations/eks/get_token.py
 * https://github.com/aws/aws-sdk-js-v3/issues/2331 (no SDK helper: presign with SignatureV4)
 */
export const TOKEN_PREFIX = 'k8s-aws-v1.'
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id'
const PRESIGN_SECONDS = 60

/** SHA-256 (and HMAC-SHA-256 when keyed) over node:crypto, the shape SignatureV4 asks for. */
class NodeSha256 implements Checksum {
  private readonly hash
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret))
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()))
  }
  reset(): void {
    throw new Error('NodeSha256 is single-use')
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}

/** The regional STS host: EKS clusters accept tokens signed for their region's STS endpoint. */
export const stsHost = (region: string) => `sts.${region}.amazonaws.com`

export async function eksToken(opts: {
  credentials: AwsCredentialIdentity
  region: string
  clusterName: string
  now?: Date
}): Promise<string> {
  const host = stsHost(opts.region)
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: 'sts',
    sha256: NodeSha256,
  })
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: {host, [CLUSTER_ID_HEADER]: opts.clusterName},
      query: {Action: 'GetCallerIdentity', Version: '2011-06-15'},
    },
    {expiresIn: PRESIGN_SECONDS, signingDate: opts.now},
  )
  const query = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v === null ? [] : [[k, v]]))
    .map(([k, v]) => `${encodeURIComponent(k!)}=${encodeURIComponent(v!)}`)
    .join('&')
  const url = `https://${host}/?${query}`
  return TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url')
}

/** The presigned URL inside a token (for tests and the test bed's fake API server). */
export function tokenUrl(token: string): URL | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined
  try {
    return new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}
