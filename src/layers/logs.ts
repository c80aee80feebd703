import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs'
import {isOwned} from '../aws/naming.js'
import type {EngineContext, ResourceDef} from '../reconcile/types.js'
import type {ResourceKey} from '../resources.js'
import {desiredTags, tagsField} from './tags.js'
import {present} from '../aws/present.js'

export interface LiveLogGroup {
  group: LogGroup
  tags: Record<string, string>
}

const logs = (ctx: EngineContext, region: string) => ctx.aws.client(CloudWatchLogsClient, region)
// DescribeLogGroups gives the ARN with a trailing ":*"; the tagging APIs want it without.
const bareArn = (arn: string) => arn.replace(/:\*$/, '')

/** A CloudWatch Logs group of ours, found by name, with a retention. */
export function logGroupResource(spec: {
  key: ResourceKey<{name: string; arn: string}>
  name: (ctx: EngineContext) => string
  region: (ctx: EngineContext) => string
  retentionDays: (ctx: EngineContext) => number
  requirement: string
}): ResourceDef<LiveLogGroup, {name: string; arn: string}> {
  return {
    key: spec.key,
    name: spec.key.id.split('/').pop() ?? spec.key.id,
    region: spec.region,
    requirements: [spec.requirement],
    async find(ctx) {
      const name = spec.name(ctx)
      const client = logs(ctx, spec.region(ctx))
      const res = await client.send(new DescribeLogGroupsCommand({logGroupNamePrefix: name}))
      const group = res.logGroups?.find((g) => g.logGroupName === name)
      if (!group) return undefined
      const tags = await client.send(new ListTagsForResourceCommand({resourceArn: bareArn(present(group.arn, 'arn'))}))
      return {group, tags: tags.tags ?? {}}
    },
    async create(ctx) {
      const name = spec.name(ctx)
      const region = spec.region(ctx)
      const tags = desiredTags(ctx, spec.key, name)
      await logs(ctx, region).send(new CreateLogGroupCommand({logGroupName: name, tags}))
      return {group: {logGroupName: name, arn: `arn:aws:logs:${region}:${ctx.account}:log-group:${name}:*`}, tags}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'retentionInDays',
        requirement: spec.requirement,
        expected: spec.retentionDays(ctx),
        actual: (l) => l.group.retentionInDays ?? null,
      },
      tagsField(desiredTags(ctx, spec.key, spec.name(ctx)), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const client = logs(ctx, spec.region(ctx))
      if (changes.some((c) => c.path === 'retentionInDays'))
        await client.send(
          new PutRetentionPolicyCommand({
            logGroupName: live.group.logGroupName,
            retentionInDays: spec.retentionDays(ctx),
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await client.send(
          new TagResourceCommand({
            resourceArn: bareArn(present(live.group.arn, 'arn')),
            tags: t.expected as Record<string, string>,
          }),
        )
    },
    async delete(ctx, live) {
      await logs(ctx, spec.region(ctx)).send(new DeleteLogGroupCommand({logGroupName: live.group.logGroupName}))
    },
    outputs: (l) => ({name: present(l.group.logGroupName, 'logGroupName'), arn: bareArn(present(l.group.arn, 'arn'))}),
    physicalId: (l) => present(l.group.logGroupName, 'logGroupName'),
  }
}
