/**
 * AWS maintenance and backup windows. RDS keeps them in UTC as `ddd:hh:mm-ddd:hh:mm`
 * (maintenance) and `hh:mm-hh:mm` (backup); the design speaks JST. Comparing as minutes of
 * the week avoids the spelling traps (case, `sun` vs `Sun`, windows that wrap the week).
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
const WEEK = 7 * 24 * 60
const DAY = 24 * 60

export const WEEKLY_WINDOW_RE =
  /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/i
export const DAILY_WINDOW_RE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/

export interface Interval {
  start: number
  end: number
}

export function parseWeekly(text: string): Interval | undefined {
  const m = WEEKLY_WINDOW_RE.exec(text.trim())
  if (!m) return undefined
  const at = (d: string, h: string, mi: string) =>
    DAYS.indexOf(d.toLowerCase() as (typeof DAYS)[number]) * DAY + Number(h) * 60 + Number(mi)
  const start = at(m[1]!, m[2]!, m[3]!)
  let end = at(m[4]!, m[5]!, m[6]!)
  if (end <= start) end += WEEK
  return {start, end}
}

/** The canonical spelling AWS returns: lower-case days, zero-padded. */
export function canonicalWeekly(text: string): string {
  const m = WEEKLY_WINDOW_RE.exec(text.trim())
  return m ? `${m[1]!.toLowerCase()}:${m[2]}:${m[3]}-${m[4]!.toLowerCase()}:${m[5]}:${m[6]}` : text.trim()
}

/** Converts a weekly window written in JST (UTC+9) to the UTC spelling RDS stores. */
export function jstWeeklyToUtc(text: string): string {
  const iv = parseWeekly(text)
  if (!iv) throw new Error(`not a weekly window: ${text}`)
  const shift = (mins: number) => (((mins - 9 * 60) % WEEK) + WEEK) % WEEK
  return `${formatMinuteOfWeek(shift(iv.start))}-${formatMinuteOfWeek(shift(iv.end))}`
}

function formatMinuteOfWeek(mins: number): string {
  const d = DAYS[Math.floor(mins / DAY) % 7]!
  const h = Math.floor((mins % DAY) / 60)
  const mi = mins % 60
  return `${d}:${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`
}

/** A daily window as intervals over a week, so it can be compared with a weekly one. */
export function dailyAsWeekly(text: string): Interval[] | undefined {
  const m = DAILY_WINDOW_RE.exec(text.trim())
  if (!m) return undefined
  const start = Number(m[1]) * 60 + Number(m[2])
  let end = Number(m[3]) * 60 + Number(m[4])
  if (end <= start) end += DAY
  return DAYS.map((_, i) => ({start: i * DAY + start, end: i * DAY + end}))
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  // Test b and b shifted by a week either way, since a window may wrap past Saturday midnight.
  return [-WEEK, 0, WEEK].some((s) => a.start < b.end + s && b.start + s < a.end)
}

export function windowsOverlap(weekly: string, daily: string): boolean {
  const w = parseWeekly(weekly)
  const ds = dailyAsWeekly(daily)
  if (!w || !ds) return false
  return ds.some((d) => intervalsOverlap(w, d))
}

export function dailyDurationMinutes(text: string): number | undefined {
  const iv = dailyAsWeekly(text)?.[0]
  return iv ? iv.end - iv.start : undefined
}
