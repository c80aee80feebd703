/**
 * The generated policies, proven against moto with IAM enforced: moto_server started with
 * INITIAL_NO_AUTH_ACTION_COUNT=N authorises every request after the N-th against the
 * caller's policies (actions and resources, no conditions;
 * https://github.com/getmoto/moto/blob/master/docs/docs/iam.rst). The first N requests
 * create one IAM user per job, holding only that job's generated customer managed policies, and an admin.
 */
import {CloudFrontClient, ListDistributionsCommand} from '@aws-sdk/client-cloudfront'
import {CreateVpcCommand, DescribeVpcsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {CreateBucketCommand, S3Client} from '@aws-sdk/client-s3'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import type {MultiAuditReport} from '../../src/audit/multi.js'
import type {CallSummary} from '../../src/audit/report-schema.js'
import {actionsFor} from '../../src/iam-policy/actions.js'
import {actionsForJob, iamPolicyResult, policyFor, type Job, type PolicyDocument} from '../../src/iam-policy/index.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

const USERS = ['admin', 'audit', 'provision', 'evidence'] as const
type User = (typeof USERS)[number]
/**
 * Each job's user holds the job's customer managed policies, as shipped (policies/JOB.json, or
 * JOB.managed-N.json where one managed policy cannot hold it); the admin an inline `*`.
 */
const docsFor = (user: User): PolicyDocument[] =>
  user === 'admin' ? [] : iamPolicyResult(user as Job).managed.map((m) => asMotoNames(m.policy))
// The admin requests that set the users up (CreateUser, CreatePolicy and AttachUserPolicy per
// document, PutUserPolicy for the admin, CreateAccessKey), then enforcement.
const noAuthCount = () => USERS.reduce((n, u) => n + 2 + (u === 'admin' ? 1 : docsFor(u).length * 2), 0)
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]

let moto: Moto
const keys = {} as Record<User, {accessKeyId: string; secretAccessKey: string}>

beforeAll(async () => {
  moto = await startMoto({env: {INITIAL_NO_AUTH_ACTION_COUNT: String(noAuthCount())}})
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
  })
  for (const user of USERS) {
    const UserName = `platform-${user}`
    await iam.send(new CreateUserCommand({UserName}))
    if (user === 'admin') {
      const doc = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: '*', Resource: '*'}]}
      await iam.send(new PutUserPolicyCommand({UserName, PolicyName: 'admin', PolicyDocument: JSON.stringify(doc)}))
    }
    for (const [i, doc] of docsFor(user).entries()) {
      const {Policy} = await iam.send(
        new CreatePolicyCommand({PolicyName: `platform-${user}-${i + 1}`, PolicyDocument: JSON.stringify(doc)}),
      )
      await iam.send(new AttachUserPolicyCommand({UserName, PolicyArn: Policy!.Arn}))
    }
    const k = (await iam.send(new CreateAccessKeyCommand({UserName}))).AccessKey!
    keys[user] = {accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!}
  }
  iam.destroy()
}, 60_000)
afterAll(async () => moto?.stop())

const as = (user: User, args: string[]) =>
  runCli(args, {
    env: emulatorEnv(moto.url, {
      AWS_ACCESS_KEY_ID: keys[user].accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys[user].secretAccessKey,
    }),
    timeoutMs: 600_000,
  })
const sdk = <C>(Ctor: new (c: object) => C, user: User, region = 'ap-northeast-1') =>
  new Ctor({region, endpoint: moto.url, credentials: keys[user], forcePathStyle: true})

/**
 * moto spells some actions differently from AWS, so each granted action is also granted
 * under moto's spelling (a rename, never an extra permission):
 * - it takes the service prefix from the request's SigV4 credential scope
 *   (moto/iam/access_control.py): the Resource Groups Tagging API signs as `tagging`, its
 *   IAM prefix is `tag` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourcegroupstaggingapi.html);
 * - its S3 ACTION_MAP (moto/s3/responses.py) asks HeadBucket for HEAD bucket (AWS:
 *   s3:ListBucket) and Get/PutPublicAccessBlock (AWS: s3:Get/PutBucketPublicAccessBlock,
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html);
 * - it asks cloudfront:CreateDistributionWithTags for that operation, which AWS authorises
 *   with cloudfront:CreateDistribution and cloudfront:TagResource together
 *   (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateDistributionWithTags.html):
 *   granted under moto's name only when the policy holds both.
 */
const MOTO_SPELLING: Record<string, string> = {
  's3:ListBucket': 's3:HeadBucket',
  's3:GetBucketPublicAccessBlock': 's3:GetPublicAccessBlock',
  's3:PutBucketPublicAccessBlock': 's3:PutPublicAccessBlock',
}
function asMotoNames(doc: PolicyDocument): PolicyDocument {
  const moto = (a: string) => (a.startsWith('tag:') ? a.replace(/^tag:/, 'tagging:') : MOTO_SPELLING[a])
  const both = (s: PolicyDocument['Statement'][number]) =>
    s.Action.includes('cloudfront:CreateDistribution') && s.Action.includes('cloudfront:TagResource')
      ? ['cloudfront:CreateDistributionWithTags']
      : []
  return {
    ...doc,
    Statement: doc.Statement.map((s) => ({
      ...s,
      Action: [...s.Action.flatMap((a) => (moto(a) ? [a, moto(a)!] : [a])), ...both(s)],
    })),
  }
}

/** `--verbose` lists the run's calls on stderr as "  Service.Operation N" (base-command.ts). */
function verboseCalls(stderr: string): Record<string, number> {
  return Object.fromEntries([...stderr.matchAll(/^ {2}(\w+\.\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]))
}
const failedLayers = (stderr: string): string[] =>
  [...new Set([...stderr.matchAll(/FAILED: layer (\w[\w-]*):/g)].map((m) => m[1]!))].sort()

const errorsOf = (r: AuditReport): string[] =>
  r.findings.filter((f) => f.status === 'ERROR').map((f) => `${f.checkId}: ${f.message}`)

/** Every recorded call of a run, mapped to IAM actions, that the job's generated policy lacks. */
function undeclared(calls: CallSummary, job: Job): string[] {
  const allowed = new Set(actionsForJob(job))
  return Object.keys(calls.byOperation).filter((op) => actionsFor(op).some((a) => !allowed.has(a)))
}

describe('least-privilege policies under enforced IAM (moto)', () => {
  it('enforcement is on: the default test credentials are refused, the admin user is not', async () => {
    const anon = new EC2Client({
      region: 'ap-northeast-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    await expect(anon.send(new DescribeVpcsCommand({}))).rejects.toThrow()
    const admin = sdk(EC2Client, 'admin')
    expect((await admin.send(new DescribeVpcsCommand({}))).Vpcs?.length).toBeGreaterThan(0)
  })

  it('a user holding only the provision policy provisions dev; every call it made is in that policy', async () => {
    const r = await as('provision', ['provision', '--env', 'dev', ...CONFIG, '--yes', '--verbose'])
    const calls = verboseCalls(r.stderr)
    expect(Object.values(calls).reduce((n, c) => n + c, 0)).toBeGreaterThan(300)
    expect(undeclared({byOperation: calls} as CallSummary, 'provision')).toEqual([])
    // Every layer, CloudFront and DNS included: moto's signature check is corrected by the
    // launcher for GETs whose query holds an ARN (test/helpers/moto_server_sigv4.py).
    expect(r.code, r.stderr).toBe(0)
    expect(failedLayers(r.stderr)).toEqual([])
    // Independently: the VPC is there, read with the admin's credentials.
    const vpcs = await sdk(EC2Client, 'admin').send(
      new DescribeVpcsCommand({Filters: [{Name: 'tag:Name', Values: ['medical-ai-dev-vpc']}]}),
    )
    expect(vpcs.Vpcs).toHaveLength(1)
    const dists = await sdk(CloudFrontClient, 'admin').send(new ListDistributionsCommand({}))
    expect(dists.DistributionList?.Items ?? []).toHaveLength(1)
  })

  it('a user holding only the audit policy audits dev with zero ERROR; every call it made is in that policy', async () => {
    const r = await as('audit', ['audit', '--env', 'dev', ...CONFIG, '--json'])
    const report = r.json<AuditReport>()
    expect(errorsOf(report)).toEqual([])
    expect(report.calls.mutating).toBe(0)
    expect(report.calls.total).toBeGreaterThan(50)
    expect(undeclared(report.calls, 'audit')).toEqual([])
  })

  it('an environment whose role the caller may not assume is an ERROR of its own; the others are audited, exit 3', async () => {
    // The audit policy grants no sts:AssumeRole (the role ARNs are the account's, see README "Many
    // accounts"); IAM refuses AssumeRole unless the caller's policy allows it on that role
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html).
    const file = join(mkdtempSync(join(tmpdir(), 'platform-lp-')), 'ops.yaml')
    writeFileSync(
      file,
      readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8') +
        `  ops:
    vpcCidr: 10.61.0.0/16
    eksVersion: '1.34'
    accountId: '123456789012'
    rdsEngineVersion: 8.0.mysql_aurora.3.08.0
    roleArn: arn:aws:iam::123456789012:role/platform-audit-read
`,
    )
    const args = ['audit', '--env', 'dev', '--env', 'ops', '--config', file, '--json']
    const r = await as('audit', args)
    expect(r.code, r.stderr).toBe(3)
    const report = r.json<MultiAuditReport>()
    expect(report.environments.map((e) => [e.env, e.status])).toEqual([
      ['dev', 'AUDITED'],
      ['ops', 'ERROR'],
    ])
    expect(report.environments[1]).toMatchObject({error: {code: 'ASSUME_ROLE'}})
    // The same run as the admin (Action "*") assumes the role: the refusal was the permission.
    const admin = (await as('admin', args)).json<MultiAuditReport>()
    expect(admin.environments.map((e) => e.status)).toEqual(['AUDITED', 'AUDITED'])
  })

  it('the audit user cannot make a mutating call (AccessDenied)', async () => {
    const ec2 = sdk(EC2Client, 'audit')
    await expect(ec2.send(new CreateVpcCommand({CidrBlock: '10.99.0.0/16'}))).rejects.toMatchObject({
      name: expect.stringMatching(/AccessDenied|UnauthorizedOperation/),
    })
    const s3 = sdk(S3Client, 'audit')
    await expect(s3.send(new CreateBucketCommand({Bucket: 'platform-audit-must-not-write'}))).rejects.toMatchObject({
      name: expect.stringMatching(/AccessDenied/),
    })
  })

  it('a user holding only the evidence policy exports signed evidence; every call it made is in that policy', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'platform-lp-')), 'bundle')
    const r = await as('evidence', [
      'evidence',
      'export',
      '--env',
      'dev',
      ...CONFIG,
      '--out',
      dir,
      '--sign-key',
      'alias/medical-ai-dev-evidence-signing',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    const out = r.json<{signed: boolean; summary: AuditReport['summary']}>()
    expect(out.signed).toBe(true)
    // The audit inside the export records its calls in the bundle; the signature's KMS calls
    // are not in that record, but the export above could not have signed without them.
    const report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as AuditReport
    expect(report.calls.total).toBeGreaterThan(50)
    expect(out.summary.error).toBe(0)
    expect(errorsOf(report)).toEqual([])
    expect(undeclared(report.calls, 'evidence')).toEqual([])
  })

  it('doctor with the audit user: the permission check is a warning where IAM cannot simulate, never a pass', async () => {
    const r = await as('audit', ['doctor', '--env', 'dev', ...CONFIG, '--json'])
    const report = r.json<{permissions: {job: string; checked: boolean; warning?: string}[]}>()
    // Emulator gap: moto 5.2.1 has no iam:SimulatePrincipalPolicy; the unit tests cover the answers.
    expect(report.permissions.map((p) => p.job)).toEqual(['audit', 'provision', 'evidence'])
    for (const p of report.permissions) {
      expect(p.checked).toBe(false)
      expect(p.warning).toMatch(/SimulatePrincipalPolicy failed/)
    }
  })
})

describe('platform iam-policy', () => {
  it('prints exactly the shipped document; --json adds the calls it covers', async () => {
    for (const job of ['audit', 'provision', 'evidence'] as const) {
      const r = await runCli(['iam-policy', '--for', job], {env: emulatorEnv(undefined)})
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toBe(readFileSync(join(ROOT, 'policies', `${job}.json`), 'utf8'))
    }
    const j = await runCli(['iam-policy', '--for', 'audit', '--json'], {env: emulatorEnv(undefined)})
    const out = j.json<{job: string; policy: PolicyDocument; calls: string[]; chars: number}>()
    expect(out.job).toBe('audit')
    expect(out.calls).toContain('S3.HeadBucket')
    expect(out.policy).toEqual(policyFor('audit'))
    const bad = await runCli(['iam-policy', '--for', 'everything'], {env: emulatorEnv(undefined)})
    expect(bad.code).toBe(2)
    // The provision policy is too large for one managed policy: its parts, as shipped.
    const part2 = await runCli(['iam-policy', '--for', 'provision', '--part', '2'], {env: emulatorEnv(undefined)})
    expect(part2.code, part2.stderr).toBe(0)
    expect(part2.stdout).toBe(readFileSync(join(ROOT, 'policies', 'provision.managed-2.json'), 'utf8'))
    const part3 = await runCli(['iam-policy', '--for', 'provision', '--part', '3'], {env: emulatorEnv(undefined)})
    expect(part3.code).toBe(2)
    expect(part3.stderr).toContain('has 2 managed part(s)')
  })
})
