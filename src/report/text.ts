import {oneLine} from './terminal.js'

/** Compact one-line rendering of design values and findings for people; control characters made visible. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'string') return oneLine(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map(formatValue).join(', ')
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>
    if ('protocol' in rec && 'fromPort' in rec) return formatRule(rec)
    return Object.entries(rec)
      .filter(([k]) => k !== 'requirement')
      .map(([k, val]) => `${oneLine(k)}=${Array.isArray(val) ? `[${formatValue(val)}]` : formatValue(val)}`)
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
  // The design writes a source as {cidr} or {group}; the live rule (CanonicalRule) as the
  // string "cidr:..." or "sg:...". Both print; reading .group of the string printed "sg:undefined".
  const src = r.source as string | {cidr?: string; group?: string; prefixList?: string} | undefined
  const text =
    typeof src === 'string'
      ? src
      : (src?.cidr ?? (src?.group ? `sg:${src.group}` : src?.prefixList ? `pl:${src.prefixList}` : '-'))
  return `${ports} ${oneLine(text)}`
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}
