import type {LintResult} from '../design/lint.js'
import type {DesignView} from '../design/show.js'
import {formatValue, pad} from './text.js'

/**
 * The text beside `design show --json`: each section's values by requirement ID, then the
 * security baseline; a value's source is shown only when it is not the design (or baseline) itself.
 */
export function designShowText(view: DesignView): string[] {
  const lines = [
    `Design for ${view.project} ${view.env} (regions: ${view.regions.primary}, global ${view.regions.global}, DR ${view.regions.dr})`,
  ]
  for (const s of view.sections) {
    lines.push('', `${s.section} ${s.chapter}`)
    for (const i of s.items)
      lines.push(
        `  ${pad(i.requirement, 32)} ${formatValue(i.value)}${i.source === 'design' ? '' : `   [${i.source}]`}`,
      )
  }
  lines.push('', 'Security baseline (beyond the design)')
  for (const b of view.baseline)
    lines.push(
      `  ${pad(b.requirement, 36)} ${formatValue(b.value)}${b.source === 'baseline' ? '' : `   [${b.source}]`}`,
    )
  lines.push('', 'How the design maps to what AWS does (Fargate)')
  for (const m of view.awsMappings)
    lines.push(
      `  [${m.requirements.join(', ')}]`,
      `    design: ${m.design}`,
      `    AWS:    ${m.aws}`,
      `    holds:  ${m.howItHolds}`,
      ...m.source.map((s) => `    source: ${s}`),
    )
  const n = Object.keys(view.overrides).length
  lines.push('', n === 0 ? 'No overrides: the design as written.' : `${n} override(s), marked [file: path] above.`)
  return lines
}

/** The text beside `design lint --json`: each finding with its requirement IDs, then the counts. */
export function designLintText(result: LintResult): string[] {
  const lines: string[] = []
  for (const f of result.findings)
    lines.push(`${f.level.toUpperCase().padEnd(9)} ${f.code} [${f.requirements.join(', ')}]`, `          ${f.message}`)
  lines.push('', `${result.errors} error(s), ${result.warnings} warning(s), ${result.advisories} advisory(ies)`)
  return lines
}
