import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateDistributionCommand,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront'
import {isOwned} from '../../aws/naming.js'
import {waitUntil} from '../../aws/wait.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {asSet, stableStringify} from '../../reconcile/diff.js'
import {desiredTags, tagsField} from '../tags.js'
import {RESOURCES, type DistributionOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'
import {ORIGIN_HEADER, digestOf, originSecretValue} from '../alb/origin-secret.js'

const secretFor = (ctx: EngineContext) =>
  ctx.design.alb.originLockdown ? originSecretValue(ctx) : Promise.resolve(undefined)

const cf = (ctx: EngineContext) => ctx.aws.client(CloudFrontClient, ctx.design.globalRegion)
const ORIGIN_ID = 'alb'
const API_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'] as const

/** The API behaviour as compared: what decides whether a POST reaches the API uncached. */
export function apiBehaviour(c: DistributionConfig) {
  return (c.CacheBehaviors?.Items ?? []).map((b) => ({
    pathPattern: b.PathPattern,
    methods: [...(b.AllowedMethods?.Items ?? [])].sort(),
    cachePolicyId: b.CachePolicyId ?? null,
    originRequestPolicyId: b.OriginRequestPolicyId ?? null,
    viewerProtocolPolicy: b.ViewerProtocolPolicy,
  }))
}
const callerReference = (ctx: EngineContext) => `platform-${ctx.design.project}-${ctx.design.env}-cdn`

interface LiveDistribution {
  id: string
  arn: string
  status: string
  domainName: string
  config: DistributionConfig
  etag: string
  tags: Record<string, string>
}

/** How CloudFront reaches each custom origin, as a set: two origins set alike count once. */
function originTransport(l: LiveDistribution): {protocolPolicy?: string; sslProtocols: string[]}[] {
  const transports = (l.config.Origins?.Items ?? []).flatMap((o) =>
    o.CustomOriginConfig
      ? [
          {
            protocolPolicy: o.CustomOriginConfig.OriginProtocolPolicy,
            sslProtocols: [...(o.CustomOriginConfig.OriginSslProtocols?.Items ?? [])].sort(),
          },
        ]
      : [],
  )
  return asSet([...new Map(transports.map((t) => [stableStringify(t), t])).values()])
}

/** The whole distribution config the design asks for; updates send it complete, with the ETag. */
export function desiredConfig(
  ctx: EngineContext,
  base?: DistributionConfig,
  originSecret?: string,
): DistributionConfig {
  const d = ctx.design.cloudfront
  return {
    ...(base ?? {}),
    CallerReference: callerReference(ctx),
    Comment: `platform ${ctx.design.project}-${ctx.design.env}`,
    Enabled: true,
    PriceClass: d.priceClass as 'PriceClass_200',
    HttpVersion: 'http2and3',
    Aliases: {Quantity: d.aliases.length, Items: d.aliases},
    WebACLId: ctx.ref(RESOURCES.webAcl)?.arn,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: ORIGIN_ID,
          // CloudFront checks the origin's certificate against this name (a mismatch is a 502:
          // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html).
          // The ALB's own *.elb.amazonaws.com name is not in its *.{domain} certificate; this
          // alias of the ALB is (the dns layer, or a required step the operator is shown).
          DomainName: d.originHostname,
          // albOriginLockdown: the header the ALB listener requires (alb/origin-secret.ts).
          CustomHeaders: originSecret
            ? {Quantity: 1, Items: [{HeaderName: ORIGIN_HEADER, HeaderValue: originSecret}]}
            : {Quantity: 0, Items: []},
          CustomOriginConfig: {
            HTTPPort: 80,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'https-only',
            OriginSslProtocols: {Quantity: 1, Items: ['TLSv1.2']},
            OriginReadTimeout: 30,
            OriginKeepaliveTimeout: 5,
          },
        },
      ],
    },
    DefaultCacheBehavior: {
      ...(base?.DefaultCacheBehavior ?? {}),
      TargetOriginId: ORIGIN_ID,
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: d.cachePolicyId,
      Compress: true,
    },
    // The default behaviour (GET/HEAD, CachingOptimized: no query string, no Authorization in the
    // key) would answer an API POST with 403 and serve one user's query to another.
    CacheBehaviors: {
      Quantity: 1,
      Items: [
        {
          PathPattern: d.api.pathPattern,
          TargetOriginId: ORIGIN_ID,
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: {
            Quantity: 7,
            Items: [...API_METHODS],
            CachedMethods: {Quantity: 2, Items: ['GET', 'HEAD']},
          },
          CachePolicyId: d.api.cachePolicyId,
          OriginRequestPolicyId: d.api.originRequestPolicyId,
          Compress: true,
        },
      ],
    },
    ViewerCertificate: {
      ACMCertificateArn: ctx.ref(RESOURCES.cloudfrontCertificate)?.arn,
      SSLSupportMethod: 'sni-only',
      MinimumProtocolVersion: d.minimumProtocolVersion as 'TLSv1.2_2021',
    },
  }
}

const origin = (c: DistributionConfig) => c.Origins?.Items?.find((o) => o.Id === ORIGIN_ID) ?? c.Origins?.Items?.[0]

async function read(ctx: EngineContext, id: string): Promise<LiveDistribution> {
  const [dist, conf] = await Promise.all([
    cf(ctx).send(new GetDistributionCommand({Id: id})),
    cf(ctx).send(new GetDistributionConfigCommand({Id: id})),
  ])
  const arn = dist.Distribution!.ARN!
  const tags = await cf(ctx).send(new ListTagsForResourceCommand({Resource: arn}))
  return {
    id,
    arn,
    status: dist.Distribution!.Status!,
    domainName: dist.Distribution!.DomainName!,
    config: conf.DistributionConfig!,
    etag: conf.ETag!,
    tags: Object.fromEntries((tags.Tags?.Items ?? []).map((t) => [t.Key!, t.Value ?? ''])),
  }
}

function distributionResource(originLockdown: boolean): ResourceDef<LiveDistribution, DistributionOutputs> {
  const key = RESOURCES.distribution
  return {
    key,
    name: 'distribution',
    region: (c) => c.design.globalRegion,
    requirements: [
      'cloudfront.origin',
      'cloudfront.certificate',
      'cloudfront.cache-policy',
      'cloudfront.price-class',
      'waf.attached',
      'arch.edge',
    ],
    needs: [
      RESOURCES.loadBalancer,
      RESOURCES.webAcl,
      RESOURCES.cloudfrontCertificate,
      ...(originLockdown ? [RESOURCES.originSecret] : []),
    ],
    async find(ctx) {
      // List summaries do not carry the CallerReference (and some endpoints give only Id/ARN):
      // read each config. An account has few distributions; ours is found by its reference.
      let marker: string | undefined
      do {
        const page = await cf(ctx).send(new ListDistributionsCommand({Marker: marker}))
        for (const s of page.DistributionList?.Items ?? []) {
          const conf = await cf(ctx).send(new GetDistributionConfigCommand({Id: s.Id}))
          if (conf.DistributionConfig?.CallerReference === callerReference(ctx)) return read(ctx, s.Id!)
        }
        marker = page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker : undefined
      } while (marker)
      return undefined
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, `${ctx.design.project}-${ctx.design.env}-cdn`)
      const res = await cf(ctx).send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: {
            DistributionConfig: desiredConfig(ctx, undefined, await secretFor(ctx)),
            Tags: {Items: Object.entries(tags).map(([Key, Value]) => ({Key, Value}))},
          },
        }),
      )
      const dist = present(res.Distribution, 'Distribution')
      return {
        id: dist.Id!,
        arn: dist.ARN!,
        status: dist.Status!,
        domainName: dist.DomainName!,
        config: dist.DistributionConfig!,
        etag: present(res.ETag, 'ETag'),
        tags,
      }
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => {
      const d = ctx.design.cloudfront
      return [
        {
          path: 'origin',
          requirement: 'cloudfront.origin',
          expected: {domainName: d.originHostname, protocolPolicy: 'https-only'},
          actual: (l) => ({
            domainName: origin(l.config)?.DomainName,
            protocolPolicy: origin(l.config)?.CustomOriginConfig?.OriginProtocolPolicy,
          }),
        },
        {
          // The value as a digest: plans, findings and evidence never carry the secret itself.
          path: 'originVerifyHeader',
          requirement: 'baseline.waf.no-bypass',
          expected: ctx.design.alb.originLockdown ? (ctx.ref(RESOURCES.originSecret)?.digest ?? null) : null,
          actual: (l) =>
            digestOf(origin(l.config)?.CustomHeaders?.Items?.find((h) => h.HeaderName === ORIGIN_HEADER)?.HeaderValue),
        },
        {
          path: 'apiBehaviour',
          requirement: 'baseline.cloudfront.api-behaviour',
          expected: [
            {
              pathPattern: d.api.pathPattern,
              methods: [...API_METHODS].sort(),
              cachePolicyId: d.api.cachePolicyId,
              originRequestPolicyId: d.api.originRequestPolicyId,
              viewerProtocolPolicy: 'https-only',
            },
          ],
          actual: (l) => apiBehaviour(l.config),
        },
        {
          // Every custom origin, not only the ALB: one added by hand must not carry traffic in clear text.
          path: 'originTransport',
          requirement: 'baseline.cloudfront.origin-https',
          expected: [{protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2']}],
          actual: originTransport,
        },
        {
          path: 'viewerCertificate',
          requirement: 'cloudfront.certificate',
          expected: ctx.ref(RESOURCES.cloudfrontCertificate)?.arn,
          actual: (l) => l.config.ViewerCertificate?.ACMCertificateArn ?? null,
        },
        {
          path: 'minimumProtocolVersion',
          requirement: 'baseline.cloudfront.viewer-https',
          expected: d.minimumProtocolVersion,
          actual: (l) => l.config.ViewerCertificate?.MinimumProtocolVersion,
        },
        {
          path: 'viewerProtocolPolicy',
          requirement: 'baseline.cloudfront.viewer-https',
          expected: 'redirect-to-https',
          actual: (l) => l.config.DefaultCacheBehavior?.ViewerProtocolPolicy,
        },
        {
          path: 'cachePolicyId',
          requirement: 'cloudfront.cache-policy',
          expected: d.cachePolicyId,
          actual: (l) => l.config.DefaultCacheBehavior?.CachePolicyId ?? null,
        },
        {
          path: 'priceClass',
          requirement: 'cloudfront.price-class',
          expected: d.priceClass,
          actual: (l) => l.config.PriceClass,
        },
        {
          path: 'webAclId',
          requirement: 'waf.attached',
          expected: ctx.ref(RESOURCES.webAcl)?.arn,
          actual: (l) => l.config.WebACLId || null,
        },
        {
          path: 'aliases',
          requirement: 'cloudfront.certificate',
          expected: [...d.aliases].sort(),
          actual: (l) => [...(l.config.Aliases?.Items ?? [])].sort(),
        },
        {path: 'enabled', requirement: 'arch.edge', expected: true, actual: (l) => l.config.Enabled === true},
        tagsField(desiredTags(ctx, key, `${ctx.design.project}-${ctx.design.env}-cdn`), (l) => l.tags),
      ]
    },
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path !== 'tags')) {
        // The ETag of the config just read: CloudFront refuses an update based on a stale one.
        const fresh = await cf(ctx).send(new GetDistributionConfigCommand({Id: live.id}))
        await cf(ctx).send(
          new UpdateDistributionCommand({
            Id: live.id,
            IfMatch: fresh.ETag,
            DistributionConfig: desiredConfig(ctx, fresh.DistributionConfig, await secretFor(ctx)),
          }),
        )
      }
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await cf(ctx).send(
          new TagResourceCommand({
            Resource: live.arn,
            Tags: {Items: Object.entries(t.expected as Record<string, string>).map(([Key, Value]) => ({Key, Value}))},
          }),
        )
    },
    async ready(ctx, live) {
      if (live.status === 'Deployed') return live
      // Real CloudFront: 5-30 minutes to deploy a change to every edge location.
      await waitUntil(
        `distribution ${live.id} to be deployed`,
        async () => (await cf(ctx).send(new GetDistributionCommand({Id: live.id}))).Distribution?.Status,
        (s) => (s === 'Deployed' ? 'done' : 'pending'),
        (s) => s ?? 'unknown',
        {timeoutMs: 45 * 60_000, minDelayMs: 20_000, maxDelayMs: 60_000, onPoll: ctx.progress},
      )
      return {...live, status: 'Deployed'}
    },
    async delete(ctx, live) {
      // A distribution must be disabled and deployed before it can be deleted.
      let cur = await cf(ctx).send(new GetDistributionConfigCommand({Id: live.id}))
      if (cur.DistributionConfig?.Enabled) {
        await cf(ctx).send(
          new UpdateDistributionCommand({
            Id: live.id,
            IfMatch: cur.ETag,
            DistributionConfig: {...cur.DistributionConfig, Enabled: false},
          }),
        )
        await waitUntil(
          `distribution ${live.id} to be disabled`,
          async () => (await cf(ctx).send(new GetDistributionCommand({Id: live.id}))).Distribution?.Status,
          (s) => (s === 'Deployed' ? 'done' : 'pending'),
          (s) => s ?? 'unknown',
          {timeoutMs: 45 * 60_000, minDelayMs: 20_000, maxDelayMs: 60_000, onPoll: ctx.progress},
        )
        cur = await cf(ctx).send(new GetDistributionConfigCommand({Id: live.id}))
      }
      await cf(ctx).send(new DeleteDistributionCommand({Id: live.id, IfMatch: cur.ETag}))
    },
    outputs: (l) => ({id: l.id, arn: l.arn, domainName: l.domainName}),
    physicalId: (l) => l.arn,
  }
}

export const cloudfrontLayer: LayerDef = {
  name: 'cloudfront',
  description: 'CloudFront distribution: ALB origin over HTTPS, us-east-1 certificate, web ACL, PriceClass_200',
  dependsOn: ['alb', 'waf', 'certificates'],
  steps: (ctx) => [[distributionResource(ctx.design.alb.originLockdown)]],
}
