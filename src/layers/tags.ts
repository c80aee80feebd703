import {TAG_KEYS} from '../aws/naming.js'
import type {EngineContext, Field} from '../reconcile/types.js'
import type {ResourceKey} from '../resources.js'

/** The tags a resource of ours carries: ownership, Name, and its logical id. */
export function desiredTags(ctx: EngineContext, key: ResourceKey, name: string): Record<string, string> {
  return {...ctx.design.tags, [TAG_KEYS.name]: name, [TAG_KEYS.logicalId]: key.id}
}

export function tagMap(tags: {Key?: string; Value?: string}[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']))
}

export function tagList(tags: Record<string, string>): {Key: string; Value: string}[] {
  return Object.entries(tags).map(([Key, Value]) => ({Key, Value}))
}

/** Tags are compared on our keys only: tags people add by hand are theirs and stay. */
export function tagsField<L>(expected: Record<string, string>, actual: (live: L) => Record<string, string>): Field<L> {
  return {
    path: 'tags',
    expected,
    actual: (live) => {
      const have = actual(live)
      return Object.fromEntries(
        Object.keys(expected)
          .filter((k) => k in have)
          .map((k) => [k, have[k]]),
      )
    },
  }
}

/** EC2 filters that find exactly our resource with this logical id. */
export function ownedFilters(ctx: EngineContext, key: ResourceKey): {Name: string; Values: string[]}[] {
  return [
    ...Object.entries(ctx.design.tags).map(([k, v]) => ({Name: `tag:${k}`, Values: [v]})),
    {Name: `tag:${TAG_KEYS.logicalId}`, Values: [key.id]},
  ]
}
