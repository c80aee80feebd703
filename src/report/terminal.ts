/**
 * Text from AWS (policy values, WAF rule names, tags), from files and from bundles can carry
 * terminal escape sequences: ESC [ ... rewrites what an operator sees, OSC 52 writes to the
 * clipboard. Every C0 control (U+0000-U+001F), DEL and C1 control (U+0080-U+009F) is shown as
 * a visible escape instead (ECMA-48 defines both control sets; C1 includes the 8-bit CSI U+009B).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g

const visible = (c: string) => {
  const code = c.charCodeAt(0)
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  if (c === '\t') return '\\t'
  return `\\x${code.toString(16).padStart(2, '0')}`
}

/** One value on one line: every control character, newline included, made visible. */
export function oneLine(s: string): string {
  return s.replace(CONTROL, visible)
}

/** A block of lines for the terminal: line breaks kept, every other control character made visible. */
export function terminalSafe(s: string): string {
  return s.replace(CONTROL_BUT_NEWLINE, visible)
}

/** True when s holds a raw control character other than a line break (for tests and assertions). */
export function hasControl(s: string): boolean {
  return new RegExp(CONTROL_BUT_NEWLINE.source).test(s)
}
