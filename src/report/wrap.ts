import {displayWidth} from './width.js'

/**
 * Text into lines of at most `width` display columns. Lines break at spaces and, as Japanese
 * is written without them, between wide characters (never before closing punctuation nor after
 * opening punctuation: the line-breaking rules of JIS X 4051, kinsoku). A piece wider than the
 * line (a long ARN or URL) is cut at the width. The marker stays in one piece, three spaces after the text.
 */
export function wrapDisplay(text: string, width: number, marker = ''): string[] {
  const tokens = text
    .split(' ')
    .flatMap((word, i) =>
      pieces(word).flatMap((p, j) =>
        cut(p, width).map((c, k) => ({text: c, gap: i > 0 && j === 0 && k === 0 ? ' ' : ''})),
      ),
    )
  if (marker) tokens.push(...cut(marker, width).map((c, k) => ({text: c, gap: k === 0 ? '   ' : ''})))
  const lines: string[] = []
  let line = ''
  for (const {text: t, gap} of tokens) {
    if (line !== '' && displayWidth(line + gap + t) > width) {
      lines.push(line)
      line = t
    } else line = line === '' ? t : line + gap + t
  }
  lines.push(line)
  return lines
}

const NO_BREAK_BEFORE = new Set('、。，．）」』】・ー：:,.)')
const NO_BREAK_AFTER = new Set('（「『【(')

/** A word as the pieces a line may break between: runs of narrow characters, each wide character alone. */
function pieces(word: string): string[] {
  const out: string[] = []
  for (const ch of word) {
    const wide = displayWidth(ch) === 2
    const last = out.at(-1)
    if (
      last !== undefined &&
      (NO_BREAK_BEFORE.has(ch) || NO_BREAK_AFTER.has(last.at(-1)!) || (!wide && displayWidth(last.at(-1)!) === 1))
    )
      out[out.length - 1] = last + ch
    else out.push(ch)
  }
  return out
}

/** A piece wider than the line (a long URL) cut at the width. */
function cut(word: string, width: number): string[] {
  if (displayWidth(word) <= width) return [word]
  const parts: string[] = []
  let part = ''
  for (const ch of word) {
    if (displayWidth(part + ch) > width) {
      parts.push(part)
      part = ''
    }
    part += ch
  }
  return [...parts, part]
}
