import {
  CreateWebACLCommand,
  DeleteLoggingConfigurationCommand,
  DeleteWebACLCommand,
  GetLoggingConfigurationCommand,
  GetWebACLCommand,
  ListTagsForResourceCommand,
  ListWebACLsCommand,
  PutLoggingConfigurationCommand,
  TagResourceCommand,
  UpdateWebACLCommand,
  WAFV2Client,
  type LoggingConfiguration,
  type Rule,
  type WebACL,
} from '@aws-sdk/client-wafv2'
import {errorCode, unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import type {ResolvedDesign} from '../../design/types.js'
import {asSet} from '../../reconcile/diff.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {logGroupResource} from '../logs.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {RESOURCES, type ArnOutputs, type KeyOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'

// CLOUDFRONT-scope web ACLs exist only in us-east-1.
const waf = (ctx: EngineContext) => ctx.aws.client(WAFV2Client, ctx.design.globalRegion)
const visibility = (name: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName: name.replace(/[^\w-]/g, '-'),
})

/** Section 7.2: three AWS managed groups (their own Block actions, not overridden) and a rate rule. */
export function designRules(d: ResolvedDesign): Rule[] {
  return [
    ...d.waf.managedRuleGroups.map((g, i) => ({
      Name: g.name,
      Priority: i,
      Statement: {ManagedRuleGroupStatement: {VendorName: 'AWS', Name: g.name}},
      OverrideAction: {None: {}},
      VisibilityConfig: visibility(g.name),
    })),
    {
      Name: 'rate-limit-per-ip',
      Priority: d.waf.managedRuleGroups.length,
      Statement: {
        RateBasedStatement: {
          Limit: d.waf.rateLimit,
          EvaluationWindowSec: d.waf.rateWindowSeconds,
          AggregateKeyType: 'IP' as const,
        },
      },
      Action: {Block: {}},
      VisibilityConfig: visibility('rate-limit-per-ip'),
    },
  ]
}

export interface CanonicalWafRule {
  name: string
  kind: string
  /** Managed groups: "none" unless overridden (Count turns Block into a mere count). */
  override: string
  ruleActionOverrides: number
  limit?: number
  windowSeconds?: number
  aggregateKey?: string
  action?: string
}

export function canonicalRules(rules: Rule[] | undefined): CanonicalWafRule[] {
  return asSet(
    (rules ?? []).map((r) => {
      const m = r.Statement?.ManagedRuleGroupStatement
      const rate = r.Statement?.RateBasedStatement
      const base = {
        name: r.Name ?? '',
        override: r.OverrideAction
          ? (Object.keys(r.OverrideAction)
              .find((k) => (r.OverrideAction as Record<string, unknown>)[k] !== undefined)
              ?.toLowerCase() ?? 'none')
          : 'none',
        ruleActionOverrides: m?.RuleActionOverrides?.length ?? 0,
      }
      if (m) return {...base, kind: `managed:${m.VendorName}/${m.Name}`}
      if (rate)
        return {
          ...base,
          kind: 'rate',
          limit: rate.Limit,
          windowSeconds: rate.EvaluationWindowSec ?? 300,
          aggregateKey: rate.AggregateKeyType,
          action: r.Action
            ? Object.keys(r.Action)
                .find((k) => (r.Action as Record<string, unknown>)[k] !== undefined)
                ?.toLowerCase()
            : undefined,
        }
      return {...base, kind: Object.keys(r.Statement ?? {})[0] ?? 'unknown'}
    }),
  )
}

interface LiveAcl {
  acl: WebACL
  lockToken: string
  tags: Record<string, string>
}

async function getAcl(ctx: EngineContext, name: string): Promise<{acl: WebACL; lockToken: string} | undefined> {
  let marker: string | undefined
  do {
    const page = await waf(ctx).send(new ListWebACLsCommand({Scope: 'CLOUDFRONT', NextMarker: marker, Limit: 100}))
    const s = page.WebACLs?.find((w) => w.Name === name)
    if (s) {
      const res = await waf(ctx).send(new GetWebACLCommand({Name: name, Scope: 'CLOUDFRONT', Id: s.Id}))
      return {acl: present(res.WebACL, 'WebACL'), lockToken: present(res.LockToken, 'LockToken')}
    }
    marker = page.NextMarker
  } while (marker)
  return undefined
}

function webAclResource(): ResourceDef<LiveAcl, KeyOutputs> {
  const key = RESOURCES.webAcl
  return {
    key,
    name: 'web-acl',
    region: (c) => c.design.globalRegion,
    requirements: ['waf.common', 'waf.bad-inputs', 'waf.sqli', 'waf.rate-limit'],
    async find(ctx) {
      const found = await getAcl(ctx, ctx.design.waf.name)
      if (!found) return undefined
      const tags = await waf(ctx).send(new ListTagsForResourceCommand({ResourceARN: found.acl.ARN}))
      return {...found, tags: tagMap(tags.TagInfoForResource?.TagList)}
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, ctx.design.waf.name)
      const res = await waf(ctx).send(
        new CreateWebACLCommand({
          Name: ctx.design.waf.name,
          Scope: 'CLOUDFRONT',
          DefaultAction: {Allow: {}},
          Rules: designRules(ctx.design),
          VisibilityConfig: visibility(ctx.design.waf.name),
          Tags: tagList(tags),
          Description: `platform ${ctx.design.project}-${ctx.design.env}`,
        }),
      )
      return {
        acl: {
          Name: ctx.design.waf.name,
          Id: res.Summary!.Id,
          ARN: res.Summary!.ARN,
          DefaultAction: {Allow: {}},
          Rules: designRules(ctx.design),
          VisibilityConfig: visibility(ctx.design.waf.name),
        },
        lockToken: res.Summary!.LockToken!,
        tags,
      }
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => {
      const want = canonicalRules(designRules(ctx.design))
      const byReq = (req: string, pick: (r: CanonicalWafRule) => boolean) => ({
        path: `rules.${req}`,
        requirement: req,
        expected: want.filter(pick),
        actual: (l: LiveAcl) => canonicalRules(l.acl.Rules).filter(pick),
      })
      return [
        {
          path: 'defaultAction',
          requirement: 'waf.attached',
          expected: 'allow',
          actual: (l) => (l.acl.DefaultAction?.Block ? 'block' : 'allow'),
        },
        ...ctx.design.waf.managedRuleGroups.map((g) => byReq(g.requirement, (r) => r.kind === `managed:AWS/${g.name}`)),
        byReq('waf.rate-limit', (r) => r.kind === 'rate'),
        {
          path: 'rules.other',
          expected: [],
          actual: (l) =>
            canonicalRules(l.acl.Rules).filter(
              (r) =>
                r.kind !== 'rate' && !ctx.design.waf.managedRuleGroups.some((g) => r.kind === `managed:AWS/${g.name}`),
            ),
        },
        tagsField(desiredTags(ctx, key, ctx.design.waf.name), (l) => l.tags),
      ]
    },
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path !== 'tags')) {
        // Updates need the current lock token; a concurrent change makes it stale: re-read once.
        for (let attempt = 0; ; attempt++) {
          const fresh = await getAcl(ctx, ctx.design.waf.name)
          try {
            await waf(ctx).send(
              new UpdateWebACLCommand({
                Name: ctx.design.waf.name,
                Scope: 'CLOUDFRONT',
                Id: live.acl.Id,
                LockToken: fresh!.lockToken,
                DefaultAction: {Allow: {}},
                Rules: designRules(ctx.design),
                VisibilityConfig: visibility(ctx.design.waf.name),
              }),
            )
            break
          } catch (err) {
            if (errorCode(err) !== 'WAFOptimisticLockException' || attempt > 0) throw err
          }
        }
      }
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await waf(ctx).send(
          new TagResourceCommand({ResourceARN: live.acl.ARN, Tags: tagList(t.expected as Record<string, string>)}),
        )
    },
    async delete(ctx, live) {
      const fresh = await getAcl(ctx, ctx.design.waf.name)
      if (fresh)
        await waf(ctx).send(
          new DeleteWebACLCommand({
            Name: ctx.design.waf.name,
            Scope: 'CLOUDFRONT',
            Id: live.acl.Id,
            LockToken: fresh.lockToken,
          }),
        )
    },
    outputs: (l) => ({id: present(l.acl.Id, 'Id'), arn: present(l.acl.ARN, 'ARN')}),
    physicalId: (l) => present(l.acl.ARN, 'ARN'),
  }
}

function loggingResource(): ResourceDef<LoggingConfiguration, ArnOutputs> {
  return {
    key: RESOURCES.wafLogging,
    name: 'web-acl logging',
    region: (c) => c.design.globalRegion,
    requirements: ['baseline.waf.logging'],
    needs: [RESOURCES.webAcl, RESOURCES.wafLogGroup],
    async find(ctx) {
      return (
        await unlessAbsent(
          waf(ctx).send(new GetLoggingConfigurationCommand({ResourceArn: ctx.ref(RESOURCES.webAcl)?.arn})),
          ['WAFNonexistentItemException'],
        )
      )?.LoggingConfiguration
    },
    async create(ctx) {
      const conf = {
        ResourceArn: ctx.ref(RESOURCES.webAcl)?.arn,
        LogDestinationConfigs: [ctx.need(RESOURCES.wafLogGroup).arn],
      }
      return (await waf(ctx).send(new PutLoggingConfigurationCommand({LoggingConfiguration: conf})))
        .LoggingConfiguration!
    },
    fields: (ctx) => [
      {
        path: 'logDestinationConfigs',
        requirement: 'baseline.waf.logging',
        expected: [ctx.ref(RESOURCES.wafLogGroup)?.arn],
        actual: (l) => l.LogDestinationConfigs ?? [],
      },
    ],
    async update(ctx) {
      await waf(ctx).send(
        new PutLoggingConfigurationCommand({
          LoggingConfiguration: {
            ResourceArn: ctx.ref(RESOURCES.webAcl)?.arn,
            LogDestinationConfigs: [ctx.need(RESOURCES.wafLogGroup).arn],
          },
        }),
      )
    },
    async delete(ctx) {
      await waf(ctx).send(new DeleteLoggingConfigurationCommand({ResourceArn: ctx.ref(RESOURCES.webAcl)?.arn}))
    },
    outputs: (l) => ({arn: present(l.ResourceArn, 'ResourceArn')}),
    physicalId: (l) => `${l.ResourceArn}/logging`,
  }
}

export const wafLayer: LayerDef = {
  name: 'waf',
  description: 'Web ACL (CLOUDFRONT scope, us-east-1): managed rule groups, rate limit, logging',
  dependsOn: [],
  steps: () => [
    [
      webAclResource(),
      logGroupResource({
        key: RESOURCES.wafLogGroup,
        name: (c) => c.design.baseline.wafLogGroup,
        region: (c) => c.design.globalRegion,
        retentionDays: (c) => c.design.baseline.flowLogRetentionDays,
        requirement: 'baseline.waf.logging',
      }),
    ],
    [loggingResource()],
  ],
}
