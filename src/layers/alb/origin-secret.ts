import {createHash, randomBytes} from 'node:crypto'
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  type DescribeSecretResponse,
} from '@aws-sdk/client-secrets-manager'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import {present} from '../../aws/present.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {RESOURCES, type ArnOutputs} from '../../resources.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'

/**
 * The second half of albOriginLockdown. The origin-facing prefix list admits every CloudFront
 * distribution, anyone's; only ours sends this header with the secret value, and the HTTPS
 * listener forwards only requests that carry it (everything else: 403). AWS documents the
 * pattern: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
 * The value lives in Secrets Manager; plans, findings and evidence carry its SHA-256 only.
 */
export const ORIGIN_HEADER = 'X-Origin-Verify'

export const digestOf = (value: string | undefined) => (value ? createHash('sha256').update(value).digest('hex') : null)

const secrets = (ctx: EngineContext) => ctx.aws.client(SecretsManagerClient, ctx.design.region)
const elb = (ctx: EngineContext) => ctx.aws.client(ElasticLoadBalancingV2Client, ctx.design.region)

/** The header value, for the calls that set it (CloudFront's origin, the listener rule). */
export async function originSecretValue(ctx: EngineContext): Promise<string> {
  const res = await secrets(ctx).send(new GetSecretValueCommand({SecretId: ctx.need(RESOURCES.originSecret).arn}))
  return present(res.SecretString, 'SecretString')
}

interface LiveSecret {
  secret: DescribeSecretResponse
  digest: string
}

export function originSecretResource(): ResourceDef<LiveSecret, {arn: string; digest: string}> {
  const key = RESOURCES.originSecret
  const tags = (ctx: EngineContext) => desiredTags(ctx, key, ctx.design.alb.originSecretName)
  const digestNow = async (ctx: EngineContext, arn: string) =>
    digestOf((await secrets(ctx).send(new GetSecretValueCommand({SecretId: arn}))).SecretString) ?? ''
  return {
    key,
    name: 'origin secret',
    requirements: ['baseline.waf.no-bypass'],
    async find(ctx) {
      const secret = await unlessAbsent(
        secrets(ctx).send(new DescribeSecretCommand({SecretId: ctx.design.alb.originSecretName})),
        ['ResourceNotFoundException'],
      )
      if (!secret) return undefined
      // Scheduled for deletion (a destroy, or by hand): the name stays taken until the window
      // ends and the value cannot be read; update() restores it
      // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html).
      if (secret.DeletedDate) return {secret, digest: ''}
      return {secret, digest: await digestNow(ctx, present(secret.ARN, 'ARN'))}
    },
    async create(ctx) {
      // Secrets Manager de-duplicates a retried CreateSecret by ClientRequestToken (the SDK fills
      // one per call and keeps it across its retries); the name is unique too.
      const res = await secrets(ctx).send(
        new CreateSecretCommand({
          Name: ctx.design.alb.originSecretName,
          Description: `CloudFront -> ALB origin header of ${ctx.design.project}-${ctx.design.env} (albOriginLockdown)`,
          SecretString: randomBytes(32).toString('hex'),
          Tags: tagList(tags(ctx)),
        }),
      )
      const arn = present(res.ARN, 'ARN')
      return {secret: {ARN: arn, Name: res.Name, Tags: tagList(tags(ctx))}, digest: await digestNow(ctx, arn)}
    },
    owned: (l, ctx) => isOwned(tagMap(l.secret.Tags), ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'scheduledForDeletion',
        requirement: 'baseline.waf.no-bypass',
        expected: false,
        actual: (l) => Boolean(l.secret.DeletedDate),
      },
      tagsField(tags(ctx), (l) => tagMap(l.secret.Tags)),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'scheduledForDeletion')) {
        await secrets(ctx).send(new RestoreSecretCommand({SecretId: live.secret.ARN}))
        live.digest = await digestNow(ctx, present(live.secret.ARN, 'ARN'))
        ctx.outputs.set(RESOURCES.originSecret.id, {arn: present(live.secret.ARN, 'ARN'), digest: live.digest})
      }
      if (changes.some((c) => c.path === 'tags'))
        await secrets(ctx).send(new TagResourceCommand({SecretId: live.secret.ARN, Tags: tagList(tags(ctx))}))
    },
    async delete(ctx, live) {
      // Nothing to keep (a new environment gets a new value), and a recovery window would keep
      // the name taken: destroy then provision would meet "already scheduled for deletion".
      await secrets(ctx).send(new DeleteSecretCommand({SecretId: live.secret.ARN, ForceDeleteWithoutRecovery: true}))
    },
    outputs: (l) => ({arn: present(l.secret.ARN, 'ARN'), digest: l.digest}),
    physicalId: (l) => present(l.secret.ARN, 'ARN'),
  }
}

/** The rule as compared: which header it checks (the value as a digest) and where it sends. */
export function canonicalRule(r: Rule | undefined) {
  if (!r) return null
  const header = r.Conditions?.find((c) => c.Field === 'http-header')?.HttpHeaderConfig
  const a = r.Actions?.[0]
  return {
    priority: r.Priority,
    header: header?.HttpHeaderName ?? null,
    valueDigest: digestOf(header?.Values?.[0]),
    action: `${a?.Type}:${a?.TargetGroupArn ?? a?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn ?? ''}`,
  }
}

/** HTTPS listener: requests carrying the origin header go to the pods; the default action is 403. */
export function originRuleResource(): ResourceDef<Rule, ArnOutputs> {
  const key = RESOURCES.originRule
  const listener = RESOURCES.listener(443)
  const desired = async (ctx: EngineContext) => ({
    Conditions: [
      {Field: 'http-header', HttpHeaderConfig: {HttpHeaderName: ORIGIN_HEADER, Values: [await originSecretValue(ctx)]}},
    ],
    Actions: [{Type: 'forward' as const, TargetGroupArn: ctx.need(RESOURCES.targetGroup).arn}],
  })
  return {
    key,
    name: 'origin header rule',
    requirements: ['baseline.waf.no-bypass'],
    needs: [listener, RESOURCES.targetGroup, RESOURCES.originSecret],
    async find(ctx) {
      const res = await elb(ctx).send(new DescribeRulesCommand({ListenerArn: ctx.need(listener).arn}))
      return res.Rules?.find((r) => r.Priority === '1')
    },
    async create(ctx) {
      const res = await elb(ctx).send(
        new CreateRuleCommand({
          ListenerArn: ctx.need(listener).arn,
          Priority: 1,
          ...(await desired(ctx)),
          Tags: tagList(desiredTags(ctx, key, `${ctx.design.alb.name}-origin-rule`)),
        }),
      )
      return present(res.Rules?.[0], 'Rules')
    },
    fields: (ctx) => [
      {
        path: 'rule',
        requirement: 'baseline.waf.no-bypass',
        expected: {
          priority: '1',
          header: ORIGIN_HEADER,
          valueDigest: ctx.ref(RESOURCES.originSecret)?.digest ?? null,
          action: `forward:${ctx.ref(RESOURCES.targetGroup)?.arn ?? ''}`,
        },
        actual: canonicalRule,
      },
    ],
    async update(ctx, live) {
      await elb(ctx).send(new ModifyRuleCommand({RuleArn: live.RuleArn, ...(await desired(ctx))}))
    },
    async delete(ctx, live) {
      await elb(ctx).send(new DeleteRuleCommand({RuleArn: live.RuleArn}))
    },
    outputs: (l) => ({arn: present(l.RuleArn, 'RuleArn')}),
    physicalId: (l) => present(l.RuleArn, 'RuleArn'),
  }
}
