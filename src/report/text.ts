/** Compact one-line rendering of design values and findings for people. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map(formatValue).join(', ')
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>
    if ('protocol' in rec && 'fromPort' in rec) return formatRule(rec)
    return Object.entries(rec)
      .filter(([k]) => k !== 'requirement')
      .map(([k, val]) => `${k}=${Array.isArray(val) ? `[${formatValue(val)}]` : formatValue(val)}`)
      .join(' ')
  }
  return String(v)
}

function formatRule(r: Record<string, unknown>): string {
  const ports =
    r.protocol === 'all'
      ? 'all'
      : r.fromPort === r.toPort
        ? `${r.protocol}/${r.fromPort}`
        : `${r.protocol}/${r.fromPort}-${r.toPort}`
  const src = r.source as {cidr?: string; group?: string}
  return `${ports} ${src.cidr ?? `sg:${src.group}`}`
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}
