/**
 * IAM returns policy documents URL-encoded, with single values where we wrote arrays (and
 * the reverse), and statements in any order. Canonicalise before comparing or drift never ends.
 */
export interface PolicyDocument {
  Version: string
  Statement: Record<string, unknown>[]
}

export function parsePolicy(doc: string | undefined): unknown {
  if (!doc) return null
  const text = doc.trim().startsWith('%') || doc.includes('%22') ? decodeURIComponent(doc) : doc
  return JSON.parse(text)
}

const LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Service', 'AWS', 'Federated'])

function canonical(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v))
    return LIST_KEYS.has(key)
      ? [...new Set(items.map((i) => JSON.stringify(i)))].sort().map((s) => JSON.parse(s))
      : items
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) out[k] = canonical((value as Record<string, unknown>)[k], k)
    return out
  }
  if (LIST_KEYS.has(key) && typeof value === 'string') return [value]
  return value
}

export function canonicalPolicy(doc: unknown): unknown {
  if (!doc || typeof doc !== 'object') return doc
  const d = canonical(doc) as {Statement?: unknown}
  const statements = Array.isArray(d.Statement) ? d.Statement : d.Statement ? [d.Statement] : []
  return {
    ...d,
    Statement: statements
      .map((s) => JSON.stringify(s))
      .sort()
      .map((s) => JSON.parse(s)),
  }
}

export function trustPolicy(service: string, condition?: Record<string, unknown>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {Service: service},
        Action: 'sts:AssumeRole',
        ...(condition ? {Condition: condition} : {}),
      },
    ],
  }
}
