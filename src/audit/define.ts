import type {ResolvedDesign} from '../design/types.js'
import type {ResourceKey} from '../resources.js'
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
export function stateFinding(item: InventoryItem | undefined, key: ResourceKey, expected: unknown): Result | undefined {
  const id = key.id
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
 * The usual check: named fields of one inventory resource (a catalogue key, or an item from
 * `inventory.all(type)`), each a PASS or a FAIL with expected and actual, in the canonical form
 * provision compares. A path names a field or, with a dot after it, a group of fields.
 */
export function fieldFindings(
  inv: Inventory,
  key: ResourceKey,
  paths: string[],
  describe: (f: FieldState, item: InventoryItem) => string = (f, item) => `${item.type} ${item.name}: ${f.path}`,
): Result[] {
  const item = inv.get(key)
  const wholeState = stateFinding(item, key, Object.fromEntries(paths.map((p) => [p, 'as designed'])))
  if (wholeState || !item) return wholeState ? [wholeState] : []
  return paths.flatMap((path): Result[] => {
    const fields = item.fields.filter((f) => f.path === path || f.path.startsWith(`${path}.`))
    if (fields.length === 0) return [missingField(item, path)]
    return fields.map((f) => ({
      status: f.ok ? 'PASS' : 'FAIL',
      resource: resourceOf(item),
      expected: f.expected,
      actual: f.actual,
      message: `${describe(f, item)} ${f.ok ? 'is as designed' : 'differs from the design'}`,
      field: f.path,
      ...(f.requirement ? {requirements: [f.requirement]} : {}),
    }))
  })
}

/**
 * A judgement of one canonical field that is not plain equality (a subset, a support
 * calendar, parts of a field). The check sees the field's expected and actual values, never
 * the raw API shape: provision and the audit keep one meaning of "actual".
 */
export function judgeField(
  inv: Inventory,
  key: ResourceKey,
  path: string,
  judge: (field: FieldState, item: InventoryItem) => {ok: boolean; expected: unknown; actual: unknown; message: string},
): Result[] {
  const item = inv.get(key)
  const s = stateFinding(item, key, 'as designed')
  if (s || !item) return s ? [s] : []
  const field = item.fields.find((f) => f.path === path)
  if (!field) return [missingField(item, path)]
  const r = judge(field, item)
  return [
    {
      status: r.ok ? 'PASS' : 'FAIL',
      resource: resourceOf(item),
      expected: r.expected,
      actual: r.actual,
      message: r.message,
    },
  ]
}

function missingField(item: InventoryItem, path: string): Result {
  return {
    status: 'ERROR',
    resource: resourceOf(item),
    expected: null,
    actual: null,
    message: `${item.type} ${item.name} has no field ${path} (a bug in the check).`,
  }
}

/** The entries of a canonical list that are objects (canonical values are JSON: no class instances). */
export function objectsIn(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))
    : []
}

/** One part of an object-valued canonical field (`resourcesVpcConfig.endpointPublicAccess`). */
export function partOf(value: unknown, part: string): unknown {
  return typeof value === 'object' && value !== null && part in value ? Reflect.get(value, part) : undefined
}

export type {ResolvedDesign}
