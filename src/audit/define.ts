import type {ResolvedDesign} from '../design/types.js'
import type {CheckDefinition, FieldState, Inventory, InventoryItem, Result} from './types.js'

export function defineCheck(def: CheckDefinition): CheckDefinition {
  return def
}

const resourceOf = (item: InventoryItem) => ({
  type: item.type,
  id: item.physicalId ?? item.name,
  arn: item.arn,
  region: item.region,
})

/**
 * Findings for the state of a resource that cannot be judged field by field: absent, not
 * ours, unreadable. A missing resource is a FAIL; anything unread is an ERROR, never a PASS.
 */
export function stateFinding(item: InventoryItem | undefined, id: string, expected: unknown): Result | undefined {
  if (!item)
    return {
      status: 'ERROR',
      resource: {type: 'unknown', id, region: 'unknown'},
      expected,
      actual: null,
      message: `${id} was not part of the inventory.`,
    }
  const resource = resourceOf(item)
  switch (item.state) {
    case 'found':
      return undefined
    case 'absent':
      return {
        status: 'FAIL',
        resource,
        expected,
        actual: 'absent',
        message: `${item.type} ${item.name} does not exist.`,
      }
    case 'not-ours':
      return {
        status: 'FAIL',
        resource,
        expected,
        actual: "exists without this environment's ownership tags",
        message: `${item.type} ${item.name} exists but is not ours (no ownership tags).`,
      }
    case 'error':
      return {
        status: 'ERROR',
        resource,
        expected,
        actual: null,
        message: `Could not read ${item.type} ${item.name}: ${item.error?.code}: ${item.error?.message}`,
      }
    case 'unknown':
      return {
        status: item.blockedBy?.startsWith('error:') ? 'ERROR' : 'FAIL',
        resource,
        expected,
        actual: null,
        message: `${item.type} ${item.name} cannot be judged: ${item.blockedBy?.replace(/^(error|absent):/, '')} ${item.blockedBy?.startsWith('error:') ? 'could not be read' : 'does not exist'}.`,
      }
  }
}

/**
 * The usual check: named fields of one inventory resource, each a PASS or a FAIL with
 * expected and actual, in the canonical form provision compares.
 */
export function fieldFindings(
  inv: Inventory,
  id: string,
  paths: string[],
  describe: (f: FieldState, item: InventoryItem) => string = (f, item) => `${item.type} ${item.name}: ${f.path}`,
): Result[] {
  const item = inv.items.get(id)
  const wholeState = stateFinding(item, id, Object.fromEntries(paths.map((p) => [p, 'as designed'])))
  if (wholeState) return [wholeState]
  const out: Result[] = []
  for (const path of paths) {
    const fields = item!.fields.filter((f) => f.path === path || f.path.startsWith(`${path}.`))
    if (fields.length === 0) {
      out.push({
        status: 'ERROR',
        resource: resourceOf(item!),
        expected: null,
        actual: null,
        message: `${item!.type} ${item!.name} has no field ${path} (a bug in the check).`,
      })
      continue
    }
    for (const f of fields) {
      out.push({
        status: f.ok ? 'PASS' : 'FAIL',
        resource: resourceOf(item!),
        expected: f.expected,
        actual: f.actual,
        message: `${describe(f, item!)} ${f.ok ? 'is as designed' : 'differs from the design'}`,
        ...(f.requirement ? {requirements: [f.requirement]} : {}),
      })
    }
  }
  return out
}

/** A custom judgement on the raw state of a found resource. */
export function judge<T>(
  inv: Inventory,
  id: string,
  expected: unknown,
  f: (raw: T, item: InventoryItem) => {ok: boolean; actual: unknown; message: string},
): Result[] {
  const item = inv.items.get(id)
  const s = stateFinding(item, id, expected)
  if (s) return [s]
  const r = f(item!.raw as T, item!)
  return [{status: r.ok ? 'PASS' : 'FAIL', resource: resourceOf(item!), expected, actual: r.actual, message: r.message}]
}

export type {ResolvedDesign}
