import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type Action,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import {waitUntil} from '../../aws/wait.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {PUBLIC_SUBNETS, RESOURCES, type ArnOutputs} from '../../resources.js'
import {originRuleResource, originSecretResource} from './origin-secret.js'
import {present} from '../../aws/present.js'

const elb = (ctx: EngineContext) => ctx.aws.client(ElasticLoadBalancingV2Client, ctx.design.region)
const PUBLIC = PUBLIC_SUBNETS.map(RESOURCES.subnet)
const ALB_GROUP = RESOURCES.securityGroup('alb')
const publicSubnets = (ctx: EngineContext) => PUBLIC.map((s) => ctx.need(s).id).sort()
const tagsOf = async (ctx: EngineContext, arn: string) =>
  tagMap((await elb(ctx).send(new DescribeTagsCommand({ResourceArns: [arn]}))).TagDescriptions?.[0]?.Tags)

/** Baseline: the load balancer drops requests with malformed headers (FSBP ELB.4). */
const ATTRIBUTES = {'routing.http.drop_invalid_header_fields.enabled': 'true'}

interface LiveLb {
  lb: LoadBalancer
  tags: Record<string, string>
  attributes: Record<string, string>
}

async function balancersNamed(ctx: EngineContext, name: string): Promise<LoadBalancer[]> {
  const out: LoadBalancer[] = []
  let marker: string | undefined
  do {
    const page = await elb(ctx).send(new DescribeLoadBalancersCommand({Marker: marker}))
    out.push(...(page.LoadBalancers ?? []).filter((l) => l.LoadBalancerName === name))
    marker = page.NextMarker
  } while (marker)
  return out
}

async function readLb(ctx: EngineContext, lb: LoadBalancer): Promise<LiveLb> {
  const [tags, attrs] = await Promise.all([
    tagsOf(ctx, present(lb.LoadBalancerArn, 'LoadBalancerArn')),
    elb(ctx).send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: lb.LoadBalancerArn})),
  ])
  return {lb, tags, attributes: Object.fromEntries((attrs.Attributes ?? []).map((a) => [a.Key!, a.Value ?? '']))}
}

function loadBalancerResource(): ResourceDef<LiveLb, {arn: string; dnsName: string}> {
  const key = RESOURCES.loadBalancer
  return {
    key,
    name: 'alb',
    requirements: ['ha.alb', 'arch.edge'],
    needs: [...PUBLIC, ALB_GROUP],
    async find(ctx) {
      // Look up by name first: CreateLoadBalancer with an existing name is not idempotent everywhere.
      // Provision lists them all: the emulator answers a lookup by name with one of its copies.
      const found = ctx.duplicates
        ? await balancersNamed(ctx, ctx.design.alb.name)
        : ((
            await unlessAbsent(elb(ctx).send(new DescribeLoadBalancersCommand({Names: [ctx.design.alb.name]})), [
              'LoadBalancerNotFoundException',
              'LoadBalancerNotFound',
            ])
          )?.LoadBalancers ?? [])
      // AWS keeps names unique and answers a repeated create with the same balancer; the
      // emulator makes another (issue 11). The oldest is kept, ours among the others are healed.
      const [lb, ...copies] = [...found].sort(
        (a, b) => (a.CreatedTime?.getTime() ?? 0) - (b.CreatedTime?.getTime() ?? 0),
      )
      if (!lb) return undefined
      for (const copy of ctx.duplicates ? copies : []) {
        const live = await readLb(ctx, copy)
        if (isOwned(live.tags, ctx.design.project, ctx.design.env))
          ctx.duplicates?.push({live, why: `same name as ${lb.LoadBalancerArn}, kept as the oldest`})
      }
      return readLb(ctx, lb)
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, ctx.design.alb.name)
      const res = await elb(ctx).send(
        new CreateLoadBalancerCommand({
          Name: ctx.design.alb.name,
          Type: 'application',
          Scheme: 'internet-facing',
          IpAddressType: 'ipv4',
          Subnets: publicSubnets(ctx),
          SecurityGroups: [ctx.need(ALB_GROUP).id],
          Tags: tagList(tags),
        }),
      )
      return {lb: res.LoadBalancers![0]!, tags, attributes: {}}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'scheme',
        requirement: 'arch.edge',
        expected: 'internet-facing',
        actual: (l) => l.lb.Scheme,
        immutable: true,
      },
      {path: 'type', requirement: 'arch.edge', expected: 'application', actual: (l) => l.lb.Type, immutable: true},
      {
        path: 'subnets',
        requirement: 'ha.alb',
        expected: publicSubnets(ctx),
        actual: (l) => (l.lb.AvailabilityZones ?? []).map((z) => z.SubnetId!).sort(),
      },
      {
        path: 'securityGroups',
        requirement: 'sg.alb.ingress',
        expected: [ctx.ref(ALB_GROUP)?.id],
        actual: (l) => [...(l.lb.SecurityGroups ?? [])].sort(),
      },
      {
        path: 'attributes',
        requirement: 'baseline.alb.https-only',
        expected: ATTRIBUTES,
        actual: (l) => Object.fromEntries(Object.keys(ATTRIBUTES).map((k) => [k, l.attributes[k] ?? 'false'])),
      },
      tagsField(desiredTags(ctx, key, ctx.design.alb.name), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const arn = live.lb.LoadBalancerArn
      const has = (p: string) => changes.some((c) => c.path === p)
      if (has('subnets'))
        await elb(ctx).send(new SetSubnetsCommand({LoadBalancerArn: arn, Subnets: publicSubnets(ctx)}))
      if (has('securityGroups'))
        await elb(ctx).send(
          new SetSecurityGroupsCommand({LoadBalancerArn: arn, SecurityGroups: [ctx.need(ALB_GROUP).id]}),
        )
      if (has('attributes'))
        await elb(ctx).send(
          new ModifyLoadBalancerAttributesCommand({
            LoadBalancerArn: arn,
            Attributes: Object.entries(ATTRIBUTES).map(([Key, Value]) => ({Key, Value})),
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await elb(ctx).send(
          new AddTagsCommand({ResourceArns: [arn!], Tags: tagList(t.expected as Record<string, string>)}),
        )
    },
    async ready(ctx, live) {
      if (live.lb.State?.Code === 'active' || !live.lb.State) return live
      const lb = await waitUntil(
        `load balancer ${ctx.design.alb.name} to be active`,
        async () =>
          (
            await elb(ctx).send(
              new DescribeLoadBalancersCommand({
                LoadBalancerArns: [present(live.lb.LoadBalancerArn, 'LoadBalancerArn')],
              }),
            )
          ).LoadBalancers?.[0],
        (l) =>
          l?.State?.Code === 'active'
            ? 'done'
            : l?.State?.Code === 'failed'
              ? {failed: l.State.Reason ?? 'failed'}
              : 'pending',
        (l) => l?.State?.Code ?? 'unknown',
        {timeoutMs: 15 * 60_000, minDelayMs: 5_000, onPoll: ctx.progress},
      )
      return {...live, lb: lb!}
    },
    async delete(ctx, live) {
      await elb(ctx).send(new DeleteLoadBalancerCommand({LoadBalancerArn: live.lb.LoadBalancerArn}))
    },
    outputs: (l) => ({
      arn: present(l.lb.LoadBalancerArn, 'LoadBalancerArn'),
      dnsName: present(l.lb.DNSName, 'DNSName'),
      // Route 53 aliases name the load balancer's own zone (dns layer).
      hostedZoneId: present(l.lb.CanonicalHostedZoneId, 'CanonicalHostedZoneId'),
    }),
    physicalId: (l) => present(l.lb.LoadBalancerArn, 'LoadBalancerArn'),
  }
}

interface LiveTg {
  tg: TargetGroup
  tags: Record<string, string>
}

function targetGroupResource(): ResourceDef<LiveTg, ArnOutputs> {
  const key = RESOURCES.targetGroup
  return {
    key,
    name: 'api target group',
    requirements: ['arch.edge'],
    needs: [RESOURCES.vpc],
    async find(ctx) {
      const tg = (
        await unlessAbsent(elb(ctx).send(new DescribeTargetGroupsCommand({Names: [ctx.design.alb.targetGroup]})), [
          'TargetGroupNotFoundException',
          'TargetGroupNotFound',
        ])
      )?.TargetGroups?.[0]
      return tg ? {tg, tags: await tagsOf(ctx, present(tg.TargetGroupArn, 'TargetGroupArn'))} : undefined
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, ctx.design.alb.targetGroup)
      // ip targets: Fargate pods register by IP. The EKS group admits 443 from the ALB group only.
      const res = await elb(ctx).send(
        new CreateTargetGroupCommand({
          Name: ctx.design.alb.targetGroup,
          Protocol: 'HTTPS',
          Port: 443,
          VpcId: ctx.need(RESOURCES.vpc).id,
          TargetType: 'ip',
          HealthCheckProtocol: 'HTTPS',
          HealthCheckPath: '/healthz',
          Matcher: {HttpCode: '200'},
          Tags: tagList(tags),
        }),
      )
      return {tg: res.TargetGroups![0]!, tags}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'target',
        requirement: 'arch.edge',
        expected: {protocol: 'HTTPS', port: 443, type: 'ip', vpc: ctx.ref(RESOURCES.vpc)?.id},
        actual: (l) => ({protocol: l.tg.Protocol, port: l.tg.Port, type: l.tg.TargetType, vpc: l.tg.VpcId}),
        immutable: true,
      },
      {
        path: 'healthCheck',
        requirement: 'arch.edge',
        expected: {protocol: 'HTTPS', path: '/healthz'},
        actual: (l) => ({protocol: l.tg.HealthCheckProtocol, path: l.tg.HealthCheckPath}),
      },
      tagsField(desiredTags(ctx, key, ctx.design.alb.targetGroup), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'healthCheck'))
        await elb(ctx).send(
          new ModifyTargetGroupCommand({
            TargetGroupArn: live.tg.TargetGroupArn,
            HealthCheckProtocol: 'HTTPS',
            HealthCheckPath: '/healthz',
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await elb(ctx).send(
          new AddTagsCommand({
            ResourceArns: [present(live.tg.TargetGroupArn, 'TargetGroupArn')],
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async delete(ctx, live) {
      await elb(ctx).send(new DeleteTargetGroupCommand({TargetGroupArn: live.tg.TargetGroupArn}))
    },
    outputs: (l) => ({arn: present(l.tg.TargetGroupArn, 'TargetGroupArn')}),
    physicalId: (l) => present(l.tg.TargetGroupArn, 'TargetGroupArn'),
  }
}

/** A listener in canonical form: protocol, port, TLS policy, certificate, what it does. */
function canonicalListener(l: Listener | undefined) {
  if (!l) return null
  const a = l.DefaultActions?.[0]
  return {
    protocol: l.Protocol,
    port: l.Port,
    // A TLS policy means nothing on an HTTP listener (some endpoints still report a default).
    sslPolicy: l.Protocol === 'HTTPS' || l.Protocol === 'TLS' ? (l.SslPolicy ?? null) : null,
    certificate: l.Certificates?.[0]?.CertificateArn ?? null,
    action:
      a?.Type === 'redirect'
        ? `redirect:${a.RedirectConfig?.Protocol}:${a.RedirectConfig?.Port}:${a.RedirectConfig?.StatusCode}`
        : a?.Type === 'fixed-response'
          ? `fixed-response:${a.FixedResponseConfig?.StatusCode}`
          : `${a?.Type}:${a?.TargetGroupArn ?? a?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn ?? ''}`,
  }
}

function listenerResource(port: 443 | 80): ResourceDef<Listener, {arn: string}> {
  const key = RESOURCES.listener(port)
  const https = port === 443
  const desired = (ctx: EngineContext) => ({
    Protocol: https ? ('HTTPS' as const) : ('HTTP' as const),
    Port: port,
    ...(https
      ? {
          SslPolicy: ctx.design.alb.sslPolicy,
          Certificates: [{CertificateArn: ctx.ref(RESOURCES.regionalCertificate)?.arn}],
        }
      : {}),
    DefaultActions: [
      !https
        ? {Type: 'redirect', RedirectConfig: {Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301'}}
        : ctx.design.alb.originLockdown
          ? // Without the origin header (origin-secret.ts) a request did not come through our CloudFront.
            {
              Type: 'fixed-response',
              FixedResponseConfig: {StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden'},
            }
          : {Type: 'forward', TargetGroupArn: ctx.ref(RESOURCES.targetGroup)?.arn},
    ] as Action[],
  })
  return {
    key,
    name: `${https ? 'HTTPS' : 'HTTP'} ${port}`,
    requirements: ['baseline.alb.https-only'],
    needs: [RESOURCES.loadBalancer, RESOURCES.targetGroup, ...(https ? [RESOURCES.regionalCertificate] : [])],
    async find(ctx) {
      const res = await elb(ctx).send(
        new DescribeListenersCommand({LoadBalancerArn: ctx.ref(RESOURCES.loadBalancer)?.arn}),
      )
      return res.Listeners?.find((l) => l.Port === port)
    },
    async create(ctx) {
      const res = await elb(ctx).send(
        new CreateListenerCommand({
          LoadBalancerArn: ctx.ref(RESOURCES.loadBalancer)?.arn,
          ...desired(ctx),
          Tags: tagList(desiredTags(ctx, key, `${ctx.design.alb.name}-${port}`)),
        }),
      )
      return res.Listeners![0]!
    },
    fields: (ctx) => [
      {
        path: 'listener',
        requirement: 'baseline.alb.https-only',
        expected: canonicalListener(desired(ctx) as Listener),
        actual: canonicalListener,
      },
    ],
    async update(ctx, live) {
      await elb(ctx).send(new ModifyListenerCommand({ListenerArn: live.ListenerArn, ...desired(ctx)}))
    },
    async delete(ctx, live) {
      await elb(ctx).send(new DeleteListenerCommand({ListenerArn: live.ListenerArn}))
    },
    outputs: (l) => ({arn: present(l.ListenerArn, 'ListenerArn')}),
    physicalId: (l) => present(l.ListenerArn, 'ListenerArn'),
  }
}

export const albLayer: LayerDef = {
  name: 'alb',
  description: 'Internet-facing ALB on the three public subnets: HTTPS listener, HTTP redirect, ip target group',
  dependsOn: ['network', 'security-groups', 'certificates'],
  steps: (ctx) => [
    [loadBalancerResource(), targetGroupResource(), ...(ctx.design.alb.originLockdown ? [originSecretResource()] : [])],
    [listenerResource(443), listenerResource(80)],
    ...(ctx.design.alb.originLockdown ? [[originRuleResource()]] : []),
  ],
}
