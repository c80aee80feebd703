import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import type {PlatformConfig} from '../../../src/design/config-schema.js'
import {accountCheck} from '../../../src/preflight/account.js'
import {domainCheck, isPlaceholderDomain} from '../../../src/preflight/domain.js'
import {eksVersionCheck} from '../../../src/preflight/eks-version.js'
import {NAME_RULES, nameProblems} from '../../../src/preflight/names.js'
import {designCheck} from '../../../src/preflight/design.js'
import type {PreflightContext} from '../../../src/preflight/types.js'
import {LAYER_NAMES} from '../../../src/layers/index.js'

const TODAY = new Date('2026-12-01')
const identity = {account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ops'}
const aws = (endpointUrl?: string) =>
  new AwsAccess({endpointUrl, credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})
const ctx = (config: PlatformConfig, env = 'dev', over: Partial<PreflightContext> = {}): PreflightContext => ({
  design: resolveDesign(config, env),
  aws: aws(),
  identity,
  layers: LAYER_NAMES,
  today: TODAY,
  ...over,
})

describe('preflight: Kubernetes version (data: design/eks-versions.ts)', () => {
  it('refuses the design 1.28 (extended support ended 2025-11-26); the remedy names the key and the creatable versions', async () => {
    const o = await eksVersionCheck.run(ctx({}, 'staging'))
    expect(o.problems).toHaveLength(1)
    expect(o.problems[0]!.what).toBe(
      'Kubernetes 1.28 cannot be created on EKS today: its extended support ended on 2025-11-26.',
    )
    expect(o.problems[0]!.why).toContain('InvalidParameterException "unsupported Kubernetes version"')
    // 2026-12-01: 1.31 left extended support on 2026-11-26; 1.32-1.34 are creatable.
    expect(o.problems[0]!.remedy).toBe(
      "Set environments.staging.eksVersion to one of 1.32, 1.33, 1.34 (the tool's support calendar, src/design/eks-versions.ts).",
    )
  })

  it('passes a version in standard or extended support, and follows the calendar day by day', async () => {
    expect((await eksVersionCheck.run(ctx({environments: {dev: {eksVersion: '1.32'}}}))).problems).toEqual([])
    const d = ctx({environments: {dev: {eksVersion: '1.31'}}})
    expect((await eksVersionCheck.run({...d, today: new Date('2026-11-26')})).problems).toEqual([])
    expect((await eksVersionCheck.run({...d, today: new Date('2026-11-27')})).problems).toHaveLength(1)
  })

  it('a version the calendar does not know is a warning, not a pass and not a refusal', async () => {
    const o = await eksVersionCheck.run(ctx({environments: {dev: {eksVersion: '1.40'}}}))
    expect(o.problems).toEqual([])
    expect(o.warnings[0]).toContain(
      "Kubernetes 1.40 (environments.dev.eksVersion) is not in the tool's EKS support calendar",
    )
  })

  it('a run that cannot change the eks layer (--layer network) is not refused for it', async () => {
    expect((await eksVersionCheck.run(ctx({}, 'dev', {layers: ['network']}))).problems).toEqual([])
  })
})

describe('preflight: account (environments.ENV.accountId, like allowed_account_ids)', () => {
  it('refuses a caller in another account, naming both and the key', async () => {
    const o = await accountCheck.run(ctx({environments: {dev: {accountId: '999999999999'}}}))
    expect(o.problems).toEqual([
      {
        check: 'account',
        what: 'The caller arn:aws:iam::123456789012:user/ops is in account 123456789012, but dev is configured for account 999999999999.',
        why: "Provisioning would create or change dev's resources in the wrong account.",
        remedy:
          'Use credentials for account 999999999999 (--profile or AWS_PROFILE), or correct environments.dev.accountId.',
      },
    ])
  })

  it('prod without an account id refuses to run', async () => {
    const o = await accountCheck.run(ctx({}, 'prod'))
    expect(o.problems.map((p) => p.what)).toEqual([
      'No account is configured for prod; the caller is in account 123456789012.',
    ])
    expect(o.problems[0]!.remedy).toContain('Set environments.prod.accountId')
  })

  it('another environment without one runs and says which account it changes', async () => {
    const o = await accountCheck.run(ctx({}, 'staging'))
    expect(o.problems).toEqual([])
    expect(o.warnings).toEqual([
      'No account is configured for staging (environments.staging.accountId): this run changes account 123456789012 as arn:aws:iam::123456789012:user/ops.',
    ])
  })

  it('the configured account passes silently', async () => {
    const o = await accountCheck.run(ctx({environments: {prod: {accountId: '123456789012'}}}, 'prod'))
    expect([o.problems, o.warnings]).toEqual([[], []])
  })
})

describe('preflight: AWS name limits, from the resolved design', () => {
  it("the design's names pass; a 20-character project with a 10-character environment overflows the ALB and target group", () => {
    expect(nameProblems(resolveDesign({}, 'prod'))).toEqual([])
    // project 20 characters, environment 10: the ALB (32) and the target group (32) overflow.
    const d = resolveDesign(
      {project: 'medical-ai-platform1', environments: {sandbox123: {vpcCidr: '10.50.0.0/16'}}},
      'sandbox123',
    )
    const problems = nameProblems(d)
    expect(problems.map((p) => p.what)).toEqual([
      'The ALB name "medical-ai-platform1-sandbox123-alb" breaks AWS\'s limit: at most 32 characters (it has 35).',
      'The target group name "medical-ai-platform1-sandbox123-api-tg" breaks AWS\'s limit: at most 32 characters (it has 38).',
    ])
    expect(problems[0]!.why).toContain(
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
    )
    expect(problems[0]!.remedy).toContain('Shorten `project`')
  })

  it('buckets: 63 characters with the prefix and suffix, and the bucket charset', () => {
    const d = resolveDesign(
      {bucketNamePrefix: 'acme-research-data-', bucketNameSuffix: '-ap-northeast-1-xyz'},
      'staging',
    )
    const what = nameProblems(d).map((p) => p.what)
    expect(what).toContain(
      'The S3 bucket name "acme-research-data-medical-ai-staging-models-dr-ap-northeast-1-xyz" breaks AWS\'s limit: at most 63 characters (it has 66).',
    )
    const dots = nameProblems(resolveDesign({bucketNamePrefix: 'acme.', bucketNameSuffix: '.'}, 'dev')).map(
      (p) => p.what,
    )
    expect(dots[0]).toContain(
      'lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit',
    )
  })

  it('RDS identifiers: no two consecutive hyphens', () => {
    const what = nameProblems(resolveDesign({project: 'med--ai'}, 'dev')).map((p) => p.what)
    expect(what).toContain(
      'The Aurora DB cluster identifier name "med--ai-dev-aurora" breaks AWS\'s limit: can\'t end with a hyphen or contain two consecutive hyphens.',
    )
  })

  it('every rule cites the AWS document of its limit', () => {
    for (const r of NAME_RULES) expect(r.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
    expect(Object.fromEntries(NAME_RULES.map((r) => [r.resource, r.max]))).toMatchObject({
      ALB: 32,
      'target group': 32,
      'S3 bucket': 63,
      'IAM role': 64,
      'EKS cluster': 100,
      'Aurora DB cluster identifier': 63,
      'CloudWatch Logs group': 512,
      'WAF web ACL': 128,
    })
  })
})

describe('preflight: placeholder domain', () => {
  beforeEach(() => delete process.env.PLATFORM_EMULATOR)
  afterEach(() => delete process.env.PLATFORM_EMULATOR)

  it('example.com and its subdomains (RFC 2606) are placeholders; a real domain is not', () => {
    expect(['example.com', 'app.example.com', 'EXAMPLE.org', 'example.net.'].map(isPlaceholderDomain)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['medical-ai.jp', 'notexample.com', 'example.com.au'].map(isPlaceholderDomain)).toEqual([
      false,
      false,
      false,
    ])
  })

  it('refused against AWS, naming the key', async () => {
    const o = await domainCheck.run(ctx({}))
    expect(o.problems.map((p) => [p.what, p.remedy])).toEqual([
      ['The domain is the placeholder example.com.', 'Set `domain` in platform.config.yaml to a domain you control.'],
    ])
  })

  it('allowed against the local emulator only (PLATFORM_EMULATOR=moto and a loopback endpoint)', async () => {
    process.env.PLATFORM_EMULATOR = 'moto'
    expect((await domainCheck.run(ctx({}, 'dev', {aws: aws('http://127.0.0.1:5000')}))).problems).toEqual([])
    expect((await domainCheck.run(ctx({}, 'dev', {aws: aws('https://ec2.example.net')}))).problems).toHaveLength(1)
    delete process.env.PLATFORM_EMULATOR
    expect((await domainCheck.run(ctx({}, 'dev', {aws: aws('http://127.0.0.1:5000')}))).problems).toHaveLength(1)
  })
})

describe('preflight: the design lint errors', () => {
  it('are problems (all of them), except the Kubernetes version its own check reports', async () => {
    const o = await designCheck.run(ctx({environments: {dev: {backupWindow: '19:30-20:30'}}}))
    expect(o.problems.map((p) => p.what.split(':')[0])).toEqual(['backup-overlaps-maintenance'])
  })
})
