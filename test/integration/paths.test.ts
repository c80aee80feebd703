import {GetDistributionConfigCommand, UpdateDistributionCommand} from '@aws-sdk/client-cloudfront'
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2'
import {DeleteRoleCommand, DeleteRolePolicyCommand, ListRolePoliciesCommand} from '@aws-sdk/client-iam'
import {ModifyDBClusterParameterGroupCommand} from '@aws-sdk/client-rds'
import {
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {GetSecretValueCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client} from '@aws-sdk/client-route-53'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import type {ProvisionResult} from '../../src/reconcile/provision.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients, distributionOf, type Clients} from '../helpers/full-env.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'

/**
 * Issue 10's paths between the parts: CloudFront reaches the ALB by a name its certificate
 * covers (and Route 53 points that name at the ALB), the API path takes every method uncached,
 * and the ALB admits only CloudFront. Built the old way they FAIL; provision repairs them.
 */
let moto: Moto
let c: Clients
let route53: Route53Client
beforeAll(async () => {
  moto = await startMoto()
  c = clients(moto.url)
  route53 = new Route53Client({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
  })
})
afterAll(async () => moto?.stop())

const PATH_CHECKS = [
  'cloudfront-origin-name',
  'cloudfront-api-behaviour',
  'waf-no-bypass',
  'aurora-audit-logging',
  'alb-reaches-pods',
  'pods-reach-aurora',
]

async function cli<T>(args: string[], config: string) {
  const r = await runCli([...args, '--env', 'dev', '--config', config, '--json'], {env: emulatorEnv(moto.url)})
  return {code: r.code, raw: r.stdout + r.stderr, result: r.json<T>()}
}
const statusOf = (r: AuditReport) =>
  Object.fromEntries(
    PATH_CHECKS.map((id) => [id, [...new Set(r.findings.filter((f) => f.checkId === id).map((f) => f.status))]]),
  )

async function albDnsName(): Promise<{dnsName: string; zone: string}> {
  const lb = (await c.elb.send(new DescribeLoadBalancersCommand({Names: ['medical-ai-dev-alb']}))).LoadBalancers![0]!
  return {dnsName: lb.DNSName!, zone: lb.CanonicalHostedZoneId!}
}

describe('the paths between the parts', () => {
  it('with a hosted zone: provision makes the origin and viewer records, and the path checks pass', async () => {
    await moto.reset()
    const zone = await route53.send(new CreateHostedZoneCommand({Name: 'example.com', CallerReference: 'paths-test'}))
    const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '')
    const dir = mkdtempSync(join(tmpdir(), 'paths-'))
    const config = join(dir, 'platform.yaml')
    writeFileSync(
      config,
      readFileSync(join(ROOT, 'config/local-dev.yaml'), 'utf8').replace(
        'environments:\n  dev:\n',
        `environments:\n  dev:\n    hostedZoneId: ${zoneId}\n`,
      ),
    )
    const made = await cli<ProvisionResult>(['provision', '--yes'], config)
    expect(made.code, made.raw.slice(0, 800)).toBe(0)
    expect(made.result.requiredSteps).toEqual([])

    // Independent reads: the origin name is an alias of the ALB, the viewer name of CloudFront.
    const alb = await albDnsName()
    const records = (await route53.send(new ListResourceRecordSetsCommand({HostedZoneId: zoneId}))).ResourceRecordSets!
    const alias = (name: string) => records.find((r) => r.Name === name && r.Type === 'A')?.AliasTarget
    expect(alias('origin-dev.example.com.')).toMatchObject({
      DNSName: `${alb.dnsName.toLowerCase()}.`,
      HostedZoneId: alb.zone,
    })
    const dist = (await distributionOf(c, 'dev'))!
    expect(dist.config.Origins!.Items![0]!.DomainName).toBe('origin-dev.example.com')
    expect(alias('dev.example.com.')?.HostedZoneId).toBe('Z2FDTNDATAQYW2')

    // albOriginLockdown (config/local-dev.yaml): CloudFront sends the secret header, the HTTPS
    // listener forwards only requests carrying it and answers 403 to the rest.
    const secret = (
      await new SecretsManagerClient({
        region: 'ap-northeast-1',
        endpoint: moto.url,
        credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
      }).send(new GetSecretValueCommand({SecretId: 'platform/medical-ai-dev/origin-verify'}))
    ).SecretString!
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(dist.config.Origins!.Items![0]!.CustomHeaders?.Items).toEqual([
      {HeaderName: 'X-Origin-Verify', HeaderValue: secret},
    ])
    const lb = (await c.elb.send(new DescribeLoadBalancersCommand({Names: ['medical-ai-dev-alb']}))).LoadBalancers![0]!
    const https = (
      await c.elb.send(new DescribeListenersCommand({LoadBalancerArn: lb.LoadBalancerArn}))
    ).Listeners!.find((l) => l.Port === 443)!
    expect(https.DefaultActions?.[0]).toMatchObject({Type: 'fixed-response', FixedResponseConfig: {StatusCode: '403'}})
    const rules = (await c.elb.send(new DescribeRulesCommand({ListenerArn: https.ListenerArn}))).Rules!
    expect(rules.find((r) => r.Priority === '1')?.Conditions?.[0]?.HttpHeaderConfig).toEqual({
      HttpHeaderName: 'X-Origin-Verify',
      Values: [secret],
    })

    await applyManifests(moto, config)
    const audit = await cli<AuditReport>(['audit'], config)
    // Judged by digest: the secret is in no finding.
    expect(audit.raw).not.toContain(secret)
    expect(statusOf(audit.result)).toEqual({
      'cloudfront-origin-name': ['PASS'],
      'cloudfront-api-behaviour': ['PASS'],
      'waf-no-bypass': ['PASS'],
      'aurora-audit-logging': ['PASS'],
      'alb-reaches-pods': ['PASS'],
      'pods-reach-aurora': ['PASS'],
    })
    const again = await cli<ProvisionResult>(['provision', '--yes'], config)
    expect(again.result.calls.mutating).toBe(0)
  }, 300_000)

  it('built the old way (ALB name as origin, no API behaviour, ALB open to all) they FAIL; provision repairs them', async () => {
    const config = join(ROOT, 'config/local-dev.yaml')
    await moto.reset()
    const made = await cli<ProvisionResult>(['provision', '--yes'], config)
    expect(made.code, made.raw.slice(0, 800)).toBe(0)
    const alb = await albDnsName()
    // Without a hosted zone the operator is told exactly which records to make.
    expect(made.result.requiredSteps[0]).toMatch(
      new RegExp(`^DNS: origin-dev\\.example\\.com CNAME ${alb.dnsName.replace(/\./g, '\\.')} `),
    )

    // Its manifests had no SecurityGroupPolicy: the pods run with Fargate's default group.
    await applyManifests(moto, config, {without: ['SecurityGroupPolicy']})

    // The environment as the tool built it before issue 10.
    const dist = (await distributionOf(c, 'dev'))!
    const old = structuredClone(dist.config)
    old.Origins!.Items![0]!.DomainName = alb.dnsName
    old.CacheBehaviors = {Quantity: 0, Items: []}
    old.Origins!.Items![0]!.CustomHeaders = {Quantity: 0, Items: []}
    await c.cf.send(new UpdateDistributionCommand({Id: dist.id, IfMatch: dist.etag, DistributionConfig: old}))
    const sg = (
      await c.ec2.send(
        new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: ['medical-ai-dev-alb-sg']}]}),
      )
    ).SecurityGroups![0]!
    const rules = (
      await c.ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [sg.GroupId!]}]}))
    ).SecurityGroupRules!.filter((r) => !r.IsEgress)
    expect(rules.map((r) => r.PrefixListId)).toEqual([expect.stringMatching(/^pl-/)])
    await c.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        SecurityGroupRuleIds: rules.map((r) => r.SecurityGroupRuleId!),
      }),
    )
    await c.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [{IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{CidrIp: '0.0.0.0/0'}]}],
      }),
    )

    // The "audit" log export without Advanced Auditing: an empty audit trail.
    await c.rds.send(
      new ModifyDBClusterParameterGroupCommand({
        DBClusterParameterGroupName: 'medical-ai-dev-aurora-mysql80',
        Parameters: [{ParameterName: 'server_audit_logging', ParameterValue: '0', ApplyMethod: 'immediate'}],
      }),
    )

    // ...and its HTTPS listener forwarded everything, with no origin header rule.
    const lb = (await c.elb.send(new DescribeLoadBalancersCommand({Names: ['medical-ai-dev-alb']}))).LoadBalancers![0]!
    const https = (
      await c.elb.send(new DescribeListenersCommand({LoadBalancerArn: lb.LoadBalancerArn}))
    ).Listeners!.find((l) => l.Port === 443)!
    for (const r of (await c.elb.send(new DescribeRulesCommand({ListenerArn: https.ListenerArn}))).Rules!)
      if (!r.IsDefault) await c.elb.send(new DeleteRuleCommand({RuleArn: r.RuleArn}))
    const tg = (await c.elb.send(new DescribeTargetGroupsCommand({Names: ['medical-ai-dev-api-tg']}))).TargetGroups![0]!
    await c.elb.send(
      new ModifyListenerCommand({
        ListenerArn: https.ListenerArn,
        DefaultActions: [{Type: 'forward', TargetGroupArn: tg.TargetGroupArn}],
      }),
    )

    // ...and there was no Load Balancer Controller role: nothing registered the pods.
    const role = 'medical-ai-dev-lb-controller-role'
    for (const name of (await c.iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? [])
      await c.iam.send(new DeleteRolePolicyCommand({RoleName: role, PolicyName: name}))
    await c.iam.send(new DeleteRoleCommand({RoleName: role}))

    const before = await cli<AuditReport>(['audit'], config)
    expect(before.code).not.toBe(0)
    expect(statusOf(before.result)).toEqual({
      'cloudfront-origin-name': ['FAIL'],
      'cloudfront-api-behaviour': ['FAIL'],
      'waf-no-bypass': ['FAIL'],
      // Only server_audit_logging was turned off: the events row still passes.
      'aurora-audit-logging': ['FAIL', 'PASS'],
      'alb-reaches-pods': ['FAIL'],
      'pods-reach-aurora': ['FAIL'],
    })
    const repaired = await cli<ProvisionResult>(['provision', '--yes'], config)
    expect(repaired.code, repaired.raw.slice(0, 800)).toBe(0)
    // The operator applies today's manifests: the policy exists, but the running pods were
    // scheduled before it and keep their groups until restarted (a policy reaches new pods only).
    await applyManifests(moto, config)
    const stale = await cli<AuditReport>(['audit', '--check', 'pods-reach-aurora'], config)
    expect(stale.result.findings.map((f) => f.status)).toEqual(['FAIL', 'FAIL', 'FAIL'])
    expect(stale.result.findings[0]!.message).toMatch(/scheduled before the SecurityGroupPolicy .*restart them/)
    moto.kube.restartAll()
    const after = await cli<AuditReport>(['audit'], config)
    expect(statusOf(after.result)).toEqual({
      'cloudfront-origin-name': ['PASS'],
      'cloudfront-api-behaviour': ['PASS'],
      'waf-no-bypass': ['PASS'],
      'aurora-audit-logging': ['PASS'],
      'alb-reaches-pods': ['PASS'],
      'pods-reach-aurora': ['PASS'],
    })
    const fixed = (await c.cf.send(new GetDistributionConfigCommand({Id: dist.id}))).DistributionConfig!
    expect(fixed.CacheBehaviors?.Items?.[0]).toMatchObject({
      PathPattern: '/api/*',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    })
  }, 300_000)
})
