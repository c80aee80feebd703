/**
 * The optional audit-runner layer (issue 13): with environments.dev.auditRunner, provision
 * creates the nightly runner's IRSA role and Fargate profile; independent reads check what the
 * tool claims, the audit judges them, and a hand-widened policy is a FAIL that provision repairs.
 */
import {DescribeFargateProfileCommand, EKSClient} from '@aws-sdk/client-eks'
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import YAML from 'yaml'
import type {AuditReport} from '../../src/audit/index.js'
import {isReadOnlyOperation} from '../../src/aws/recorder.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

const ROLE = 'medical-ai-dev-audit-runner-role'
let moto: Moto
let config: string
const creds = {accessKeyId: 'testing', secretAccessKey: 'testing'}
const iam = () => new IAMClient({region: 'us-east-1', endpoint: moto.url, credentials: creds})
const cli = (args: string[], cfg = config) =>
  runCli([...args, '--config', cfg], {env: emulatorEnv(moto.url), timeoutMs: 600_000})
/** IAM returns policy documents URL-encoded (GetRolePolicy, GetRole). */
const doc = (s: string | undefined) =>
  JSON.parse(decodeURIComponent(s ?? '{}')) as {Statement: Record<string, unknown>[]}

beforeAll(async () => {
  moto = await startMoto()
  const dir = mkdtempSync(join(tmpdir(), 'platform-runner-'))
  config = join(dir, 'runner.yaml')
  writeFileSync(
    config,
    readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8') +
      '    auditRunner: true\nauditRunner:\n  store: s3://medical-ai-evidence/nightly\n',
  )
  const r = await cli(['provision', '--env', 'dev', '--yes'])
  expect(r.code, r.stderr).toBe(0)
}, 900_000)
afterAll(async () => moto?.stop())

describe('audit-runner layer (environments.ENV.auditRunner)', () => {
  it('creates an IRSA role trusting only audit-runner/audit-runner, with the shipped audit policy and writes only under the store prefix', async () => {
    const role = (await iam().send(new GetRoleCommand({RoleName: ROLE}))).Role!
    const trust = doc(role.AssumeRolePolicyDocument).Statement[0]!
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity')
    expect(String((trust.Principal as {Federated: string}).Federated)).toMatch(/:oidc-provider\//)
    const cond = (trust.Condition as {StringEquals: Record<string, string>}).StringEquals
    expect(Object.entries(cond).find(([k]) => k.endsWith(':sub'))?.[1]).toBe(
      'system:serviceaccount:audit-runner:audit-runner',
    )
    const names = (await iam().send(new ListRolePoliciesCommand({RoleName: ROLE}))).PolicyNames!.sort()
    expect(names).toEqual(['audit', 'evidence-signing', 'evidence-store'])
    const policy = async (PolicyName: string) =>
      doc((await iam().send(new GetRolePolicyCommand({RoleName: ROLE, PolicyName}))).PolicyDocument)
    const audit = await policy('audit')
    expect(audit).toEqual(JSON.parse(readFileSync(join(ROOT, 'policies/audit.json'), 'utf8')))
    const actions = audit.Statement.flatMap((s) => s.Action as string[])
    expect(actions.filter((a) => !isReadOnlyOperation(a.split(':')[1]!))).toEqual([])
    const store = await policy('evidence-store')
    const writes = store.Statement.filter((s) => (s.Action as string[]).includes('s3:PutObject'))
    expect(writes).toEqual([expect.objectContaining({Resource: ['arn:aws:s3:::medical-ai-evidence/nightly/*']})])
    expect(store.Statement.every((s) => String(s.Resource).startsWith('arn:aws:s3:::medical-ai-evidence'))).toBe(true)
    const signing = await policy('evidence-signing')
    expect(signing.Statement[0]).toMatchObject({Action: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign']})
    expect(String(signing.Statement[0]!.Resource)).toMatch(/^arn:aws:kms:ap-northeast-1:\d{12}:key\//)
  })

  it('creates a Fargate profile for the runner namespace on the private subnets; a second run changes nothing', async () => {
    const eks = new EKSClient({region: 'ap-northeast-1', endpoint: moto.url, credentials: creds})
    const p = (
      await eks.send(
        new DescribeFargateProfileCommand({clusterName: 'medical-ai-dev-eks', fargateProfileName: 'audit-runner'}),
      )
    ).fargateProfile!
    expect(p.selectors).toEqual([{namespace: 'audit-runner'}])
    expect(p.subnets).toHaveLength(3)
    expect(p.podExecutionRoleArn).toMatch(/role\/medical-ai-dev-fargate-pod-execution-role$/)
    const again = await cli(['provision', '--env', 'dev', '--dry-run', '--detailed-exitcode'])
    expect(again.code, again.stdout).toBe(0)
  })

  it('the manifests name the role provision created', async () => {
    const arn = (await iam().send(new GetRoleCommand({RoleName: ROLE}))).Role!.Arn
    const r = await runCli(
      [
        'manifests',
        '--env',
        'dev',
        '--component',
        'audit-runner',
        '--config',
        config,
        '--image',
        'platform:1',
        '--account-id',
        '123456789012',
      ],
      {env: emulatorEnv(moto.url)},
    )
    expect(r.code, r.stderr).toBe(0)
    const sa = YAML.parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as {kind: string; metadata: {annotations?: Record<string, string>}})
      .find((o) => o.kind === 'ServiceAccount')!
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(arn)
  })

  it('a write permission added by hand is an audit FAIL; provision removes it', async () => {
    const check = async () =>
      (await cli(['audit', '--env', 'dev', '--check', 'audit-runner', '--json'])).json<AuditReport>().findings
    expect((await check()).map((f) => f.status)).not.toContain('FAIL')
    expect((await check()).length).toBeGreaterThan(3)
    await iam().send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'audit',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{Effect: 'Allow', Action: ['s3:*'], Resource: '*'}],
        }),
      }),
    )
    const drifted = await check()
    expect(drifted.find((f) => f.status === 'FAIL')).toMatchObject({
      requirements: ['baseline.ops.audit-runner'],
      message: expect.stringContaining('inlinePolicies'),
    })
    const r = await cli(['provision', '--env', 'dev', '--yes'])
    expect(r.code, r.stderr).toBe(0)
    expect((await check()).map((f) => f.status)).not.toContain('FAIL')
    const restored = (await iam().send(new GetRolePolicyCommand({RoleName: ROLE, PolicyName: 'audit'}))).PolicyDocument
    expect(doc(restored)).toEqual(JSON.parse(readFileSync(join(ROOT, 'policies/audit.json'), 'utf8')))
  })

  it('is refused without a store to write to (configuration error, exit 2)', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'platform-runner-')), 'bad.yaml')
    writeFileSync(bad, readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8') + '    auditRunner: true\n')
    const r = await cli(['provision', '--env', 'dev', '--dry-run'], bad)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('auditRunner.store')
  })
})
