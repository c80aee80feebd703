import {CreateTagsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {TAG_KEYS, isOwned} from '../../aws/naming.js'
import {DuplicateError} from '../../errors.js'
import type {EngineContext, FieldChange} from '../../reconcile/types.js'
import type {ResourceKey} from '../../resources.js'
import {tagList, tagMap} from '../tags.js'

export const ec2 = (ctx: EngineContext) => ctx.aws.client(EC2Client, ctx.design.region)

/** How provision heals copies of a resource: which one to keep, and its id for the plan. */
export interface Healing<T> {
  id: (item: T) => string
  /** Others depend on it (attached, associated, holds subnets): the copy to keep. */
  dependedOn?: (item: T) => boolean
  /** The resource's live shape when it is more than the described item (the VPC's), for delete and physicalId. */
  toLive?: (item: T) => unknown
}

/**
 * The one resource carrying our ownership tags and this logical id. The request already filters
 * by tag (AWS applies it server-side); matching again here costs nothing and covers endpoints
 * that ignore tag filters (moto's DescribeNatGateways does). More than one match is what a lost
 * create response leaves (or someone copied our tags). With `heal` and a walk that collects
 * copies (ctx.duplicates), the canonical one is kept (the one others depend on; else the lowest
 * id, as EC2 reports no creation time for these types and every run must choose the same) and
 * the others are noted: provision plans them as delete-duplicate, the audit reports them,
 * destroy deletes them. Two in use while provision heals, or no way to heal: never guess.
 */
export function findOwned<T extends {Tags?: {Key?: string; Value?: string}[]}>(
  all: T[] | undefined,
  what: string,
  ctx: EngineContext,
  key: ResourceKey,
  heal?: Healing<T>,
): T | undefined {
  const items = (all ?? []).filter((i) => {
    const tags = tagMap(i.Tags)
    return tags[TAG_KEYS.logicalId] === key.id && isOwned(tags, ctx.design.project, ctx.design.env)
  })
  if (items.length <= 1) return items[0]
  const inUse = heal?.dependedOn ? items.filter(heal.dependedOn) : []
  const healing = (ctx.copies ?? 'heal') === 'heal'
  if (!heal || !ctx.duplicates || (inUse.length > 1 && healing)) {
    const ids = heal ? ` (${items.map(heal.id).join(', ')}${inUse.length > 1 ? ', each in use' : ''})` : ''
    throw new DuplicateError(
      `Found ${items.length} ${what} carrying the same ownership tags${ids}; expected one.`,
      'Remove the duplicate (or its platform:logical-id tag), then run provision again.',
    )
  }
  const byId = (a: T, b: T) => heal.id(a).localeCompare(heal.id(b))
  const [canonical, ...others] = inUse.length
    ? [...[...inUse].sort(byId), ...items.filter((i) => !inUse.includes(i)).sort(byId)]
    : [...items].sort(byId)
  const reason = inUse.length ? 'which others depend on' : 'the lowest id (EC2 reports no creation time)'
  for (const live of others!)
    ctx.duplicates.push({
      live: heal.toLive ? heal.toLive(live) : live,
      why: `same ownership tags as ${heal.id(canonical!)}, kept as ${reason}${inUse.includes(live) ? ' (this one is in use too)' : ''}`,
    })
  return canonical
}

export async function applyTags(ctx: EngineContext, resourceId: string, changes: FieldChange[]): Promise<void> {
  const t = changes.find((c) => c.path === 'tags')
  if (t)
    await ec2(ctx).send(
      new CreateTagsCommand({Resources: [resourceId], Tags: tagList(t.expected as Record<string, string>)}),
    )
}
