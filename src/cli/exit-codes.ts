import {EXIT_CODES} from '../errors.js'

/** The EXIT CODES section every command's `--help` ends with. */
export function exitCodeHelp(): string {
  const width = Math.max(...EXIT_CODES.map((e) => String(e.code).length)) + 2
  return ['EXIT CODES', ...EXIT_CODES.map((e) => `  ${String(e.code).padEnd(width)}${e.meaning}`)].join('\n')
}

/** The README's exit-code table; flags in backticks, as the rest of the README writes them. */
export function exitCodeMarkdown(): string {
  const rows = EXIT_CODES.map((e) => `| ${e.code} | ${e.meaning.replace(/--[a-z-]+/g, (flag) => `\`${flag}\``)} |`)
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n')
}
