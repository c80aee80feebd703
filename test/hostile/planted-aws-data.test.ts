/**
 * Escape sequences, formula payloads and markup planted in AWS data through the emulator's own
 * APIs, then read by the real CLI: the audit table and every --format, the --json document, the
 * provision plan, the lock message, an evidence bundle (export and verify). Nothing may reach a
 * terminal or a text file raw, no CSV cell may start a formula, HTML is escaped, and the JSON
 * copies keep every value exactly.
 *
 * Each payload sits where AWS itself accepts it (the API reference's pattern is cited beside
 * it); where AWS's own pattern refuses control characters, that pattern is the protection and
 * only the formula characters it allows are planted. One WAF rule name goes beyond what AWS
 * accepts (moto takes it): a renderer must not depend on AWS having validated its input.
 */
import {createHash} from 'node:crypto'
import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2'
import {GetRolePolicyCommand, PutRolePolicyCommand} from '@aws-sdk/client-iam'
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms'
import {CreateBucketCommand, ListObjectsV2Command, PutObjectCommand} from '@aws-sdk/client-s3'
import {DeleteParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {GetWebACLCommand, ListWebACLsCommand, UpdateWebACLCommand, type Rule} from '@aws-sdk/client-wafv2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {MANIFEST, SIGNATURE} from '../../src/evidence/manifest.js'
import {hasControl} from '../../src/report/terminal.js'
import {emulatorEnv, ROOT, runCli, type CliResult} from '../helpers/cli.js'
import {clients, type Clients} from '../helpers/full-env.js'
import {startMoto, type Moto} from '../helpers/moto.js'
import {filesUnder, textFileProblems} from './scan.js'

let moto: Moto
let c: Clients
let root: string
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const ENV = ['--env', 'dev', ...CONFIG]
const SIGNING_ALIAS = 'alias/medical-ai-dev-evidence-signing'
const cli = (args: string[]) => runCli(args, {env: emulatorEnv(moto.url), timeoutMs: 180_000})
const creds = {accessKeyId: 'testing', secretAccessKey: 'testing'}
const kmsIn = (region: string) => new KMSClient({region, endpoint: moto.url, credentials: creds})

// OSC 52 (writes the clipboard), ED (clears the screen), and the 8-bit CSI of C1.
const OSC52 = '\u001b]52;c;cm0gLXJmIH4=\u0007'
const CLEAR = '\u001b[2J'
const CSI8 = '\u009b31m'
const HYPERLINK = '=HYPERLINK("http://evil.example","click")'
const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>'
/** Condition values of the planted IAM policy: every formula starter of OWASP's list, and markup. */
const CONDITION_VALUES = [`${OSC52}${CLEAR}`, HYPERLINK, CSI8, '\t=cmd', '\r+cmd', '@SUM(1+1)', '-1+1', MARKUP]
const WAF_RULE_AWS = '-2-1' // ^[\w\-]+$ allows a leading "-": a formula to a spreadsheet
const WAF_RULE_BEYOND = `=cmd${OSC52}${CSI8}`
const SG_DESCRIPTION = '=HYPERLINK(http://evil.example)'
const VPC_NAME = '=1+1'
const SUBNET_NAME = '@SUM'

/** Every output of a run: nothing raw, whatever was planted. */
function expectClean(r: CliResult, what: string) {
  expect(hasControl(r.stdout), `${what} stdout: ${JSON.stringify(r.stdout.slice(0, 400))}`).toBe(false)
  expect(hasControl(r.stderr), `${what} stderr: ${JSON.stringify(r.stderr.slice(0, 400))}`).toBe(false)
}

beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  root = mkdtempSync(join(tmpdir(), 'hostile-planted-'))
  const provisioned = await cli(['provision', ...ENV, '--yes'])
  expect(provisioned.code, provisioned.stderr).toBe(0)

  // IAM: PutRolePolicy's PolicyDocument pattern admits printable ASCII, U+00A1-U+00FF, tab, LF
  // and CR (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html): a raw
  // ESC is refused, but the JSON escape \u001b is printable text that decodes to ESC, and the
  // C1 CSI (U+009B) is inside the Latin-1 range. PolicyName allows [\w+=,.@-]: "+cmd".
  const doc = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {StringEquals: {'aws:username': CONDITION_VALUES}},
      },
    ],
  }) // ESC and BEL become \u001b \u0007 (printable); U+009B stays raw (Latin-1)
  expect(doc).toContain('\\u001b]52')
  await c.iam.send(
    new PutRolePolicyCommand({RoleName: 'medical-ai-dev-eks-cluster-role', PolicyName: '+cmd', PolicyDocument: doc}),
  )

  // EC2 tags: letters, digits, spaces and + - = . _ : / @
  // (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions), so
  // formula starters, not controls. Ours keep the ownership tags and change only Name.
  const vpc = (
    await c.ec2.send(new DescribeVpcsCommand({Filters: [{Name: 'tag:Name', Values: ['medical-ai-dev-vpc']}]}))
  ).Vpcs![0]!
  const subnet = (
    await c.ec2.send(new DescribeTagsCommand({Filters: [{Name: 'resource-type', Values: ['subnet']}]}))
  ).Tags!.find((t) => t.Key === 'Name' && t.Value?.startsWith('medical-ai-dev-'))!
  await c.ec2.send(new CreateTagsCommand({Resources: [vpc.VpcId!], Tags: [{Key: 'Name', Value: VPC_NAME}]}))
  await c.ec2.send(new CreateTagsCommand({Resources: [subnet.ResourceId!], Tags: [{Key: 'Name', Value: SUBNET_NAME}]}))

  // A security-group rule description allows a-z A-Z 0-9 spaces ._-:/()#,@[]+=&;{}!$*
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html): a formula, no control.
  const alb = (
    await c.ec2.send(
      new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: ['medical-ai-dev-alb-sg']}]}),
    )
  ).SecurityGroups![0]!
  await c.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: alb.GroupId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 8443,
          ToPort: 8443,
          IpRanges: [{CidrIp: '198.51.100.7/32', Description: SG_DESCRIPTION}],
        },
      ],
    }),
  )

  // WAF: Rule.Name is ^[\w\-]+$ (https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html),
  // so AWS takes "-2-1" and refuses the second name, which moto accepts. The web ACL Description
  // carries a tab and a CR after a leading "@" (its pattern, as we read the CreateWebACL reference,
  // admits whitespace inside; not re-checked here, and it reaches only the bundle's raw state).
  const summary = (await c.waf.send(new ListWebACLsCommand({Scope: 'CLOUDFRONT'}))).WebACLs!.find(
    (w) => w.Name === 'medical-ai-dev-web-acl',
  )!
  const acl = await c.waf.send(new GetWebACLCommand({Name: summary.Name, Scope: 'CLOUDFRONT', Id: summary.Id}))
  const geo = (Name: string, Priority: number): Rule => ({
    Name,
    Priority,
    Statement: {GeoMatchStatement: {CountryCodes: ['KP']}},
    Action: {Block: {}},
    VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: `planted${Priority}`},
  })
  await c.waf.send(
    new UpdateWebACLCommand({
      Name: summary.Name,
      Scope: 'CLOUDFRONT',
      Id: summary.Id,
      LockToken: acl.LockToken,
      DefaultAction: acl.WebACL!.DefaultAction,
      VisibilityConfig: acl.WebACL!.VisibilityConfig,
      Description: '@SUM\t=cmd\r+1',
      Rules: [...acl.WebACL!.Rules!, geo(WAF_RULE_AWS, 90), geo(WAF_RULE_BEYOND, 91)],
    }),
  )

  // Read back independently: the payloads are in the emulator's state, not only in our requests.
  const stored = await c.iam.send(
    new GetRolePolicyCommand({RoleName: 'medical-ai-dev-eks-cluster-role', PolicyName: '+cmd'}),
  )
  expect(decodeURIComponent(stored.PolicyDocument!)).toContain('\\u001b]52;c;')
  const rules = await c.ec2.send(
    new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [alb.GroupId!]}]}),
  )
  expect(rules.SecurityGroupRules!.map((r) => r.Description)).toContain(SG_DESCRIPTION)
  const after = await c.waf.send(new GetWebACLCommand({Name: summary.Name, Scope: 'CLOUDFRONT', Id: summary.Id}))
  expect(after.WebACL!.Rules!.map((r) => r.Name)).toEqual(expect.arrayContaining([WAF_RULE_AWS, WAF_RULE_BEYOND]))
}, 240_000)

afterAll(async () => {
  await moto?.stop()
  if (root) rmSync(root, {recursive: true, force: true})
})

describe('payloads planted in AWS data reach no output raw', () => {
  it('audit table: exit 1 (the planted drift fails), payloads shown escaped, nothing raw', async () => {
    const r = await cli(['audit', ...ENV])
    expect(r.code, r.stderr).toBe(1)
    expectClean(r, 'audit')
    expect(r.stdout).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J')
    expect(r.stdout).toContain('\\x9b31m')
    expect(r.stdout).toContain(`name=${WAF_RULE_AWS}`)
  })

  it('audit --json keeps every planted value exactly, with no raw control character', async () => {
    const r = await cli(['audit', ...ENV, '--json'])
    expect(r.code).toBe(1)
    expectClean(r, 'audit --json')
    const report = r.json<AuditReport>()
    const text = JSON.stringify(report)
    // Tags are reconciled by provision, not judged by the audit: the tag payloads show in the plan.
    for (const v of [...CONDITION_VALUES, WAF_RULE_AWS, WAF_RULE_BEYOND])
      expect(text, JSON.stringify(v)).toContain(JSON.stringify(v).slice(1, -1))
    const failed = report.findings.filter((f) => f.status === 'FAIL').map((f) => f.checkId)
    expect(failed).toEqual(expect.arrayContaining(['iam-roles', 'waf-managed-rules', 'sg-alb-rules']))
  })

  it('audit --format csv, junit, sarif, ocsf, html, json: every file clean, CSV neutral, HTML escaped', async () => {
    for (const format of ['csv', 'junit', 'sarif', 'ocsf', 'html', 'json']) {
      const file = join(root, `audit.${format}`)
      const r = await cli(['audit', ...ENV, '--format', format, '--output', file])
      expect(r.code, `${format}: ${r.stderr}`).toBe(1)
      expectClean(r, `audit --format ${format}`)
      expect(textFileProblems(file)).toEqual([])
      const text = readFileSync(file, 'utf8')
      // The payload did reach the file, escaped for its format.
      if (format === 'csv') expect(text).toContain('\\u001b]52;c;')
      if (format === 'html') expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      if (format === 'json' || format === 'sarif' || format === 'ocsf') {
        expect(text).toContain('\\u009b31m')
        expect(JSON.stringify(JSON.parse(text))).toContain('\u009b31m')
      }
    }
  })

  it('provision --dry-run: the plan shows the drift escaped', async () => {
    const r = await cli(['provision', ...ENV, '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    expectClean(r, 'provision --dry-run')
    expect(r.stdout).toContain(`Name=${VPC_NAME}`)
    expect(r.stdout).toContain(`Name=${SUBNET_NAME}`)
    expect(r.stdout).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J')
    expect(r.stdout).toContain('inlinePolicies')
  })

  it('evidence export: every text file clean, CSV cells neutral, report.html escaped, nothing written outside', async () => {
    const parent = mkdtempSync(join(root, 'export-'))
    const before = readdirSync(root).sort()
    const out = join(parent, 'bundle')
    const r = await cli(['evidence', 'export', ...ENV, '--out', out, '--archive', '--sign-key', SIGNING_ALIAS])
    expect(r.code, r.stderr).toBe(0)
    expectClean(r, 'evidence export')
    expect(readdirSync(root).sort()).toEqual(before)
    const written = readdirSync(parent).sort()
    expect(written).toHaveLength(2)
    expect(written[0]).toBe('bundle')
    expect(written[1]).toMatch(/^evidence-dev-\d{8}T\d{6}Z\.tar\.gz$/)
    const files = filesUnder(out)
    expect(files).toEqual(expect.arrayContaining(['controls.csv', 'findings.csv', 'report.html', MANIFEST, SIGNATURE]))
    for (const f of files) expect(textFileProblems(join(out, f))).toEqual([])
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('\\x1b]52;c;')
    // The raw state keeps the planted values exactly (JSON escapes, not loss).
    const role = JSON.parse(readFileSync(join(out, 'inventory/iam__eks-cluster-role.json'), 'utf8')) as unknown
    expect(JSON.stringify(role)).toContain(JSON.stringify(`${OSC52}${CLEAR}`).slice(1, -1))
    const rules = readFileSync(join(out, 'inventory/security-groups__alb__rules.json'), 'utf8')
    expect(rules).toContain(SG_DESCRIPTION)

    // evidence verify, against the signing key looked up by alias, of the directory and the archive.
    for (const target of [out, join(parent, written[1]!)]) {
      const v = await cli(['evidence', 'verify', target, '--key-id', SIGNING_ALIAS, ...CONFIG])
      expect(v.code, v.stdout + v.stderr).toBe(0)
      expectClean(v, 'evidence verify')
      expect(v.stdout).toContain(`signed by a trusted key: KMS GetPublicKey ${SIGNING_ALIAS} in ap-northeast-1`)
    }
  })

  it('the lock holder (SSM parameter) carrying escapes and formulas: exit 5, shown escaped', async () => {
    const ssm = new SSMClient({region: 'ap-northeast-1', endpoint: moto.url, credentials: creds})
    const Name = '/platform/medical-ai/dev/provision-lock'
    await ssm.send(
      new PutParameterCommand({
        Name,
        Type: 'String',
        Value: JSON.stringify({
          owner: `${HYPERLINK}${CLEAR}`,
          host: `+cmd${CSI8}`,
          pid: 1,
          startedAt: '@SUM',
          runId: '-1+1',
        }),
      }),
    )
    try {
      // The iam layer has the planted drift, so provision must take the lock (a run with
      // nothing to change never asks for it).
      const r = await cli(['provision', ...ENV, '--layer', 'iam', '--yes'])
      expect(r.code, r.stderr).toBe(5)
      expectClean(r, 'provision (locked)')
      expect(r.stderr).toContain(`held by ${HYPERLINK}\\x1b[2J@+cmd\\x9b31m (pid 1, since @SUM), age unknown, run -1+1`)
      // Held means nothing was changed: the planted policy is still there.
      const kept = await c.iam.send(
        new GetRolePolicyCommand({RoleName: 'medical-ai-dev-eks-cluster-role', PolicyName: '+cmd'}),
      )
      expect(kept.PolicyName).toBe('+cmd')
    } finally {
      await ssm.send(new DeleteParameterCommand({Name}))
    }
  })
})

describe('--key-id alias/... is resolved in the Region of the key the bundle names (moto, two Regions)', () => {
  it('an alias of eu-west-1 verifies a bundle signed there; the same alias name in ap-northeast-1 names another key', async () => {
    const eu = kmsIn('eu-west-1')
    const tokyo = kmsIn('ap-northeast-1')
    const alias = 'alias/planted-evidence'
    const spec = {KeySpec: 'ECC_NIST_P256' as const, KeyUsage: 'SIGN_VERIFY' as const}
    const euKey = (await eu.send(new CreateKeyCommand(spec))).KeyMetadata!
    const tokyoKey = (await tokyo.send(new CreateKeyCommand(spec))).KeyMetadata!
    await eu.send(new CreateAliasCommand({AliasName: alias, TargetKeyId: euKey.KeyId}))
    await tokyo.send(new CreateAliasCommand({AliasName: alias, TargetKeyId: tokyoKey.KeyId}))
    expect(euKey.Arn).toMatch(/^arn:aws:kms:eu-west-1:/)

    // A bundle signed in eu-west-1: the export's files, the manifest re-signed with the eu key.
    const source = mkdtempSync(join(root, 'eu-source-'))
    const exported = await cli(['evidence', 'export', ...ENV, '--out', join(source, 'b')])
    expect(exported.code, exported.stderr).toBe(0)
    const dir = join(root, 'eu-bundle')
    cpSync(join(source, 'b'), dir, {recursive: true})
    const manifest = readFileSync(join(dir, MANIFEST))
    const digest = createHash('sha256').update(manifest).digest()
    const signed = await eu.send(
      new SignCommand({KeyId: alias, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256'}),
    )
    const pub = Buffer.from((await eu.send(new GetPublicKeyCommand({KeyId: euKey.KeyId}))).PublicKey!)
    const arn = (await eu.send(new DescribeKeyCommand({KeyId: euKey.KeyId}))).KeyMetadata!.Arn!
    writeFileSync(
      join(dir, SIGNATURE),
      JSON.stringify({
        keyId: arn,
        algorithm: 'ECDSA_SHA_256',
        manifestSha256: createHash('sha256').update(manifest).digest('hex'),
        signature: Buffer.from(signed.Signature!).toString('base64'),
        publicKey: pub.toString('base64'),
        publicKeySha256: createHash('sha256').update(pub).digest('hex'),
      }),
    )

    const found = await cli(['evidence', 'verify', dir, '--key-id', alias, ...CONFIG])
    expect(found.code, found.stdout + found.stderr).toBe(0)
    expect(found.stdout).toContain(`signed by a trusted key: KMS GetPublicKey ${alias} in eu-west-1`)

    // --region ap-northeast-1: the alias there names the other key, so the bundle's key is not trusted.
    const other = await cli(['evidence', 'verify', dir, '--key-id', alias, '--region', 'ap-northeast-1', ...CONFIG])
    expect(other.code, other.stdout).toBe(1)
    expect(other.stdout).toContain(`signed by key ${arn}, which is not a trusted key (trusted: ${tokyoKey.Arn})`)

    // An alias that exists in neither Region the tool would ask: exit 2 naming the Region.
    const missing = await cli(['evidence', 'verify', dir, '--key-id', 'alias/nowhere', ...CONFIG])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('KMS key alias/nowhere was not found in eu-west-1')
  })
})

describe('verify s3://... with hostile object keys, through the CLI (moto)', () => {
  it('"..", absolute and folder-marker keys: exit 1, each key named, nothing written outside its temporary copy, which is removed', async () => {
    const source = mkdtempSync(join(root, 's3-source-'))
    const exported = await cli(['evidence', 'export', ...ENV, '--out', join(source, 'b'), '--sign-key', SIGNING_ALIAS])
    expect(exported.code, exported.stderr).toBe(0)
    const Bucket = 'hostile-evidence'
    await c.s3.send(
      new CreateBucketCommand({Bucket, CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1'}}),
    )
    for (const f of filesUnder(join(source, 'b')))
      await c.s3.send(new PutObjectCommand({Bucket, Key: `dev/${f}`, Body: readFileSync(join(source, 'b', f))}))
    // S3 keys are any UTF-8 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
    const hostile = ['dev/../../escaped', 'dev//absolute', 'dev/inventory/']
    for (const Key of hostile) await c.s3.send(new PutObjectCommand({Bucket, Key, Body: Key.endsWith('/') ? '' : 'x'}))
    const listed = (await c.s3.send(new ListObjectsV2Command({Bucket, Prefix: 'dev/'}))).Contents!.map((o) => o.Key)
    expect(listed).toEqual(expect.arrayContaining(hostile))

    const sandbox = mkdtempSync(join(root, 's3-verify-'))
    const tmp = join(sandbox, 'tmp')
    mkdirSync(tmp)
    const r = await runCli(['evidence', 'verify', `s3://${Bucket}/dev/`, '--key-id', SIGNING_ALIAS, ...CONFIG], {
      env: emulatorEnv(moto.url, {TMPDIR: tmp}),
      cwd: sandbox,
    })
    expect(r.code, r.stdout + r.stderr).toBe(1)
    expectClean(r, 'verify s3://')
    expect(r.stdout).toMatch(/^BROKEN {2}s3:\/\/hostile-evidence\/dev\/:/)
    expect(r.stdout).toContain('object key refused (a ".." path segment), not written: "dev/../../escaped"')
    expect(r.stdout).toContain('object key refused (an absolute path), not written: "dev//absolute"')
    expect(r.stdout).toContain(
      'object key refused (a folder marker (a name ending in "/")), not written: "dev/inventory/"',
    )
    // Only the hostile keys are problems: the genuine objects verified against the trusted key.
    expect(r.stdout).not.toMatch(/altered|missing:|signed by another key/)
    expect(filesUnder(sandbox)).toEqual([])
  })
})
