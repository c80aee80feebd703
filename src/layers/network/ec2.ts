import {CreateTagsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {TAG_KEYS, isOwned} from '../../aws/naming.js'
import {PlatformError} from '../../errors.js'
import type {EngineContext, FieldChange} from '../../reconcile/types.js'
import type {ResourceKey} from '../../resources.js'
import {tagList, tagMap} from '../tags.js'

export const ec2 = (ctx: EngineContext) => ctx.aws.client(EC2Client, ctx.design.region)

/**
 * The one resource carrying our ownership tags and this logical id. The request already filters
 * by tag (AWS applies it server-side); matching again here costs nothing and covers endpoints
 * that ignore tag filters (moto's DescribeNatGateways does). More than one match means someone
 * copied our tags: never guess which.
 */
export function findOwned<T extends {Tags?: {Key?: string; Value?: string}[]}>(
  all: T[] | undefined,
  what: string,
  ctx: EngineContext,
  key: ResourceKey,
): T | undefined {
  const items = (all ?? []).filter((i) => {
    const tags = tagMap(i.Tags)
    return tags[TAG_KEYS.logicalId] === key.id && isOwned(tags, ctx.design.project, ctx.design.env)
  })
  if (items.length === 0) return undefined
  if (items.length > 1)
    throw new PlatformError(`Found ${items.length} ${what} carrying the same ownership tags; expected one.`, {
      code: 'DUPLICATE',
      remedy: 'Remove the duplicate (or its platform:logical-id tag), then run provision again.',
    })
  return items[0]
}

export async function applyTags(ctx: EngineContext, resourceId: string, changes: FieldChange[]): Promise<void> {
  const t = changes.find((c) => c.path === 'tags')
  if (t)
    await ec2(ctx).send(
      new CreateTagsCommand({Resources: [resourceId], Tags: tagList(t.expected as Record<string, string>)}),
    )
}
