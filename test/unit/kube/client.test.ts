import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {KubeApiError, UsageError} from '../../../src/errors.js'
import {KUBE_ENDPOINT_OVERRIDE, KubeReader} from '../../../src/kube/client.js'
import {readClusterObjects} from '../../../src/kube/pod-security.js'
import {eksToken} from '../../../src/kube/token.js'
import {FakeKube} from '../../helpers/fake-kube.js'

const credentials = {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret'}
const cluster = {name: 'medical-ai-dev-eks', endpoint: 'https://ABC.gr7.ap-northeast-1.eks.amazonaws.com'}
const target = {clusterName: cluster.name, endpoint: cluster.endpoint}
const token = () => eksToken({credentials, region: 'ap-northeast-1', clusterName: cluster.name})

let kube: FakeKube
const saved = {...process.env}
beforeAll(async () => {
  kube = await FakeKube.start()
})
afterAll(async () => kube.stop())
afterEach(() => {
  kube.reset()
  process.env = {...saved}
})
/** The test bed's way in: the override, honoured only against the local emulator. */
const asTestBed = () => {
  process.env.PLATFORM_EMULATOR = 'moto'
  process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000'
  process.env[KUBE_ENDPOINT_OVERRIDE] = kube.url
}

const policy = (ns: string, groups: string[]) => ({
  apiVersion: 'vpcresources.k8s.aws/v1beta1',
  kind: 'SecurityGroupPolicy',
  metadata: {name: 'p', namespace: ns},
  spec: {podSelector: {matchLabels: {'app.kubernetes.io/name': 'api'}}, securityGroups: {groupIds: groups}},
})
const deployment = (ns: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'api', namespace: ns},
  spec: {replicas, template: {metadata: {labels: {'app.kubernetes.io/name': 'api'}}}},
})

describe('reading the cluster (GETs only, with an EKS token)', () => {
  it('reads the policies and every pod across pages, with GET only', async () => {
    asTestBed()
    kube.apply(policy('app', ['sg-0aaa1111', 'sg-0ccc2222']))
    kube.apply(deployment('app', 501))
    const objects = await readClusterObjects({
      cluster,
      region: 'ap-northeast-1',
      namespaces: ['app', 'mlops'],
      credentials: async () => credentials,
    })
    expect(objects.securityGroupPolicies).toEqual([
      {
        namespace: 'app',
        name: 'p',
        matchLabels: {'app.kubernetes.io/name': 'api'},
        groupIds: ['sg-0aaa1111', 'sg-0ccc2222'],
      },
    ])
    expect(objects.pods).toHaveLength(501)
    expect(objects.pods[0]).toMatchObject({phase: 'Running', securityGroups: ['sg-0aaa1111', 'sg-0ccc2222']})
    expect(kube.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /apis/vpcresources.k8s.aws/v1beta1/namespaces/app/securitygrouppolicies 200',
      'GET /api/v1/namespaces/app/pods 200',
      'GET /api/v1/namespaces/app/pods 200',
      'GET /apis/vpcresources.k8s.aws/v1beta1/namespaces/mlops/securitygrouppolicies 200',
      'GET /api/v1/namespaces/mlops/pods 200',
    ])
  })

  it('pods scheduled before the policy carry no pod-sg annotation (Fargate applies a policy to new pods only)', async () => {
    asTestBed()
    kube.apply(deployment('app', 2))
    kube.apply(policy('app', ['sg-0aaa1111']))
    const read = () =>
      readClusterObjects({cluster, region: 'ap-northeast-1', namespaces: ['app'], credentials: async () => credentials})
    expect((await read()).pods.map((p) => p.securityGroups)).toEqual([undefined, undefined])
    kube.restart('app', 'api')
    expect((await read()).pods.map((p) => p.securityGroups)).toEqual([['sg-0aaa1111'], ['sg-0aaa1111']])
  })

  it('a caller without an access entry (401) or without the access policy (403) is a KubeApiError naming the remedy', async () => {
    asTestBed()
    const reader = new KubeReader(target, token)
    kube.deny = 'unauthorized'
    const e401 = await reader.list('/api/v1/namespaces/app/pods').catch((e: unknown) => e)
    expect(e401).toBeInstanceOf(KubeApiError)
    expect(e401).toMatchObject({code: 'KUBE_UNAUTHORIZED', exitCode: 3})
    expect((e401 as KubeApiError).remedy).toContain('access entry')
    kube.deny = 'forbidden'
    const e403 = await reader.list('/api/v1/namespaces/app/pods').catch((e: unknown) => e)
    expect(e403).toMatchObject({code: 'KUBE_FORBIDDEN'})
    expect((e403 as KubeApiError).remedy).toContain('AmazonEKSAdminViewPolicy')
  })

  it('a malformed token is refused as the API server refuses it (401)', async () => {
    asTestBed()
    const reader = new KubeReader(target, async () => 'k8s-aws-v1.bm90LWEtdXJs')
    await expect(reader.list('/api/v1/namespaces/app/pods')).rejects.toMatchObject({code: 'KUBE_UNAUTHORIZED'})
  })

  it('an endpoint that does not answer is KUBE_UNREACHABLE (a private endpoint seen from outside the VPC)', async () => {
    asTestBed()
    process.env[KUBE_ENDPOINT_OVERRIDE] = 'http://127.0.0.1:9'
    const reader = new KubeReader(target, token)
    const err = await reader.list('/api/v1/namespaces/app/pods').catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'KUBE_UNREACHABLE'})
    expect((err as KubeApiError).remedy).toContain('inside the VPC')
  })

  it('a resource type the cluster does not serve (404) is an empty list', async () => {
    asTestBed()
    const reader = new KubeReader(target, token)
    expect(await reader.list('/apis/example.com/v1/namespaces/app/things')).toEqual([])
  })

  it('against the emulator without the fake API, the cluster endpoint (not loopback) is never contacted', () => {
    asTestBed()
    delete process.env[KUBE_ENDPOINT_OVERRIDE]
    expect(() => new KubeReader(target, token)).toThrow(/no Kubernetes API/)
  })

  it('the override is refused against AWS; a cluster endpoint that is not HTTPS is refused', () => {
    process.env[KUBE_ENDPOINT_OVERRIDE] = kube.url
    delete process.env.PLATFORM_EMULATOR
    expect(() => new KubeReader(target, token)).toThrow(UsageError)
    delete process.env[KUBE_ENDPOINT_OVERRIDE]
    expect(() => new KubeReader({...target, endpoint: 'http://example.com'}, token)).toThrow(/not HTTPS/)
  })
})
