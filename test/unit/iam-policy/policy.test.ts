import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {isReadOnlyOperation} from '../../../src/aws/recorder.js'
import {actionsFor} from '../../../src/iam-policy/actions.js'
import {
  JOBS,
  actionsForJob,
  callsFor,
  iamPolicyResult,
  managedPolicyFiles,
  policyFileText,
  policyFor,
} from '../../../src/iam-policy/index.js'
import {MANAGED_POLICY_MAX_CHARS, managedParts} from '../../../src/iam-policy/managed.js'
import {ROOT} from '../../helpers/cli.js'

describe('operation -> IAM action', () => {
  it('uses prefix:Operation where the names agree', () => {
    expect(actionsFor('EC2.CreateVpc')).toEqual(['ec2:CreateVpc'])
    expect(actionsFor('ElasticLoadBalancingV2.DescribeLoadBalancers')).toEqual([
      'elasticloadbalancing:DescribeLoadBalancers',
    ])
    expect(actionsFor('ResourceGroupsTaggingAPI.GetResources')).toEqual(['tag:GetResources'])
    expect(actionsFor('CloudWatchLogs.PutRetentionPolicy')).toEqual(['logs:PutRetentionPolicy'])
    expect(actionsFor('S3.PutBucketVersioning')).toEqual(['s3:PutBucketVersioning'])
  })

  it("uses S3's own action names where they differ from the operation", () => {
    expect(actionsFor('S3.HeadBucket')).toEqual(['s3:ListBucket'])
    expect(actionsFor('S3.GetBucketEncryption')).toEqual(['s3:GetEncryptionConfiguration'])
    expect(actionsFor('S3.GetPublicAccessBlock')).toEqual(['s3:GetBucketPublicAccessBlock'])
    expect(actionsFor('S3.ListBuckets')).toEqual(['s3:ListAllMyBuckets'])
    expect(actionsFor('CloudFront.CreateDistributionWithTags')).toContain('cloudfront:TagResource')
  })

  it('refuses an operation of an unknown service rather than guessing', () => {
    expect(() => actionsFor('Nope.DoThing')).toThrow(/No IAM service prefix/)
  })
})

describe('job policies', () => {
  it('the audit policy holds only reads, by the read-only guard rule', () => {
    const actions = actionsForJob('audit')
    expect(actions.length).toBeGreaterThan(50)
    expect(actions.filter((a) => !isReadOnlyOperation(a.split(':')[1]!))).toEqual([])
    expect(callsFor('audit').filter((c) => !isReadOnlyOperation(c.split('.')[1]!))).toEqual([])
  })

  it('provision holds the writes, evidence adds signing and the locked upload to the audit', () => {
    const provision = actionsForJob('provision')
    expect(provision).toEqual(
      expect.arrayContaining(['ec2:CreateVpc', 'eks:CreateCluster', 'iam:PassRole', 'ssm:PutParameter']),
    )
    expect(provision).not.toContain('kms:Sign')
    const evidence = actionsForJob('evidence')
    expect(evidence).toEqual(
      expect.arrayContaining([...actionsForJob('audit'), 'kms:Sign', 's3:PutObject', 's3:PutObjectRetention']),
    )
    expect(evidence).not.toContain('ec2:CreateVpc')
  })

  it('is a valid policy document: one Allow statement per service, unique Sids', () => {
    for (const job of JOBS) {
      const doc = policyFor(job)
      expect(doc.Version).toBe('2012-10-17')
      const sids = doc.Statement.map((s) => s.Sid)
      expect(new Set(sids).size).toBe(sids.length)
      for (const s of doc.Statement) {
        expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/)
        expect(new Set(s.Action.map((a) => a.split(':')[0])).size).toBe(1)
      }
      expect(doc.Statement.flatMap((s) => s.Action).sort()).toEqual(actionsForJob(job))
    }
  })

  it('the shipped policies/*.json equal the generated ones, managed parts included, and nothing else is shipped', () => {
    const expected = new Set<string>()
    for (const job of JOBS) {
      expect(readFileSync(join(ROOT, 'policies', `${job}.json`), 'utf8')).toBe(policyFileText(job))
      expected.add(`${job}.json`)
      for (const [file, text] of Object.entries(managedPolicyFiles(job))) {
        expect(readFileSync(join(ROOT, 'policies', file), 'utf8'), file).toBe(text)
        expected.add(file)
      }
    }
    expect(readdirSync(join(ROOT, 'policies')).sort()).toEqual([...expected].sort())
  })

  it('each managed part fits 6,144 characters, and the parts grant exactly the whole policy', () => {
    for (const job of JOBS) {
      const r = iamPolicyResult(job)
      for (const p of r.managed) {
        expect(p.chars).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS)
        expect(p.chars).toBe(JSON.stringify(p.policy).length)
        const sids = p.policy.Statement.map((s) => s.Sid)
        expect(new Set(sids).size).toBe(sids.length)
      }
      expect(r.managed.flatMap((p) => p.policy.Statement.flatMap((s) => s.Action)).sort()).toEqual(actionsForJob(job))
    }
    expect(iamPolicyResult('provision').managed.length).toBe(2)
    expect(iamPolicyResult('audit').managed).toEqual([
      {policy: policyFor('audit'), chars: iamPolicyResult('audit').chars},
    ])
  })

  it('cuts a statement too large for one part into Sid-numbered pieces', () => {
    const actions = Array.from({length: 40}, (_, i) => `ec2:DescribeSomethingLong${i}`)
    const parts = managedParts(
      {Version: '2012-10-17', Statement: [{Sid: 'Big', Effect: 'Allow', Action: actions, Resource: '*'}]},
      400,
    )
    expect(parts.length).toBeGreaterThan(2)
    for (const p of parts) expect(JSON.stringify(p).length).toBeLessThanOrEqual(400)
    const sids = parts.flatMap((p) => p.Statement.map((s) => s.Sid))
    expect(sids).toEqual(sids.map((_, i) => `Big${i + 1}`))
    expect(parts.flatMap((p) => p.Statement.flatMap((s) => s.Action))).toEqual(actions)
  })

  it('reports the size IAM counts (audit and evidence fit one managed policy)', () => {
    expect(iamPolicyResult('audit').chars).toBeLessThan(6144)
    expect(iamPolicyResult('evidence').chars).toBeLessThan(6144)
    expect(iamPolicyResult('provision').chars).toBe(JSON.stringify(policyFor('provision')).length)
  })
})
