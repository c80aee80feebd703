import {describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {ConfigError} from '../../../src/errors.js'
import {policyFor} from '../../../src/iam-policy/policy.js'
import {auditRunnerLayer, auditRunnerPolicies, storePolicy} from '../../../src/layers/audit-runner/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {Outputs} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/sign'
const roleArn = (i: number) => `arn:aws:iam::${String(100000000000 + i)}:role/platform-audit-read`

function ctx(config: Parameters<typeof resolveDesign>[0]) {
  const outputs: Outputs = new Map([[RESOURCES.evidenceSigningKey.id, {id: 'sign', arn: KEY}]])
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign(config, 'prod'),
    account: '111122223333',
    mode: 'apply',
    outputs,
  })
}

describe('audit-runner layer', () => {
  it('has no resources without the opt-in, so other environments are unchanged', () => {
    expect(auditRunnerLayer.steps(ctx({}))).toEqual([])
  })

  it('refuses the opt-in without a store (a runner that cannot store its runs audits into the void)', () => {
    expect(() => resolveDesign({environments: {prod: {auditRunner: true}}}, 'prod')).toThrow(ConfigError)
  })

  it('writes only under the store prefix; lists only that prefix', () => {
    const p = storePolicy({bucket: 'ev', prefix: 'nightly'})
    expect(p.Statement).toEqual([
      expect.objectContaining({
        Sid: 'StoreObjects',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectRetention'],
        Resource: ['arn:aws:s3:::ev/nightly/*'],
      }),
      expect.objectContaining({
        Sid: 'StoreListing',
        Action: ['s3:ListBucket', 's3:ListBucketVersions'],
        Resource: ['arn:aws:s3:::ev'],
        Condition: {StringLike: {'s3:prefix': ['nightly/*']}},
      }),
      expect.objectContaining({Action: ['s3:GetBucketObjectLockConfiguration'], Resource: ['arn:aws:s3:::ev']}),
    ])
  })

  it('holds the shipped audit policy, the store, the roles of the audited accounts and the signing key; within 10,240 characters', () => {
    const envs = Object.fromEntries(Array.from({length: 40}, (_, i) => [`acct${i}`, {roleArn: roleArn(i)}]))
    const c = ctx({
      environments: {prod: {auditRunner: true, evidenceSigningKey: true}, ...envs},
      auditRunner: {store: 's3://ev/nightly/', environments: Object.keys(envs)},
    })
    const policies = auditRunnerPolicies(c)
    expect(Object.keys(policies).sort()).toEqual(['audit', 'audit-accounts', 'evidence-signing', 'evidence-store'])
    expect(policies.audit).toEqual(policyFor('audit'))
    expect(policies['audit-accounts']!.Statement[0]).toMatchObject({
      Action: ['sts:AssumeRole'],
      Resource: Object.values(envs)
        .map((e) => e.roleArn)
        .sort(),
    })
    expect(policies['evidence-signing']!.Statement[0]).toMatchObject({Resource: [KEY]})
    // IAM's quota for all inline policies of one role, white space not counted (reference_iam-quotas.html).
    const total = Object.values(policies).reduce((n, p) => n + JSON.stringify(p).length, 0)
    expect(total).toBeLessThanOrEqual(10_240)
  })
})
