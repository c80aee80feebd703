import type {Field, FieldChange} from './types.js'

/** JSON with sorted keys: two canonical values are equal when their stable forms are. */
export function stableStringify(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      return Object.fromEntries(
        Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      )
    }
    return val
  })
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableStringify(a ?? null) === stableStringify(b ?? null)
}

export function diffFields<L>(fields: Field<L>[], live: L): FieldChange[] {
  const changes: FieldChange[] = []
  for (const f of fields) {
    const actual = f.actual(live)
    if (!sameValue(f.expected, actual)) {
      changes.push({
        path: f.path,
        requirement: f.requirement,
        expected: f.expected,
        actual: actual ?? null,
        ...(f.immutable ? {immutable: true} : {}),
        ...(f.restarts ? {restarts: true} : {}),
      })
    }
  }
  return changes
}

/** A set field: sorted canonical members, so order never shows as drift. */
export function asSet<T>(items: T[]): T[] {
  return [...items].sort((a, b) => stableStringify(a).localeCompare(stableStringify(b)))
}

export function setDifference<T>(want: T[], have: T[]): {missing: T[]; extra: T[]} {
  const h = new Set(have.map(stableStringify))
  const w = new Set(want.map(stableStringify))
  return {
    missing: want.filter((x) => !h.has(stableStringify(x))),
    extra: have.filter((x) => !w.has(stableStringify(x))),
  }
}
