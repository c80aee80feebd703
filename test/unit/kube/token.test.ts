import {describe, expect, it} from 'vitest'
import {CLUSTER_ID_HEADER, TOKEN_PREFIX, eksToken, tokenUrl} from '../../../src/kube/token.js'

const credentials = {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'}
const now = new Date('2026-12-01T03:00:00Z')

describe('the EKS token (aws-iam-authenticator format)', () => {
  it('is k8s-aws-v1. + unpadded base64url of a presigned regional STS GetCallerIdentity URL signing the cluster name', async () => {
    const token = await eksToken({credentials, region: 'ap-northeast-1', clusterName: 'medical-ai-prod-eks', now})
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true)
    expect(token.slice(TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/)
    const url = tokenUrl(token)!
    expect(url.origin).toBe('https://sts.ap-northeast-1.amazonaws.com')
    expect(url.pathname).toBe('/')
    const q = Object.fromEntries(url.searchParams)
    expect(q).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261201/ap-northeast-1/sts/aws4_request',
      'X-Amz-Date': '20261201T030000Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': `host;${CLUSTER_ID_HEADER}`,
    })
    expect(q['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('signs the cluster name: another cluster, another signature; the same inputs, the same token', async () => {
    const a = await eksToken({credentials, region: 'ap-northeast-1', clusterName: 'a', now})
    const b = await eksToken({credentials, region: 'ap-northeast-1', clusterName: 'b', now})
    expect(tokenUrl(a)!.searchParams.get('X-Amz-Signature')).not.toBe(tokenUrl(b)!.searchParams.get('X-Amz-Signature'))
    expect(await eksToken({credentials, region: 'ap-northeast-1', clusterName: 'a', now})).toBe(a)
  })

  it('carries a session token for temporary credentials (an assumed role)', async () => {
    const token = await eksToken({
      credentials: {...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE'},
      region: 'ap-northeast-1',
      clusterName: 'c',
      now,
    })
    expect(tokenUrl(token)!.searchParams.get('X-Amz-Security-Token')).toBe('FwoGZXIvYXdzEXAMPLE')
  })

  it('tokenUrl rejects what is not a token', () => {
    expect(tokenUrl('Bearer abc')).toBeUndefined()
    expect(tokenUrl(`${TOKEN_PREFIX}!!!`)).toBeUndefined()
  })
})
