import type {CheckMeta} from '../audit/check-meta.js'

/** The text beside `checks list --json`: id, severity and requirement IDs, the title beneath. */
export function checksListText(checks: CheckMeta[]): string[] {
  const lines: string[] = []
  for (const c of checks)
    lines.push(`${c.id.padEnd(28)} ${c.severity.padEnd(8)} ${c.requirements.join(', ')}`, `${''.padEnd(28)} ${c.title}`)
  lines.push('', `${checks.length} checks`)
  return lines
}

/** The text beside `checks show --json`: one labelled line per field, "-" for a framework without a mapping. */
export function checkShowText(check: CheckMeta): string[] {
  return [
    `${check.id}: ${check.title}`,
    `  severity      ${check.severity}`,
    `  area          ${check.area}`,
    `  requirements  ${check.requirements.join(', ')}`,
    `  FSBP          ${(check.frameworks.fsbp ?? []).join(', ') || '-'}`,
    `  HIPAA         ${(check.frameworks.hipaa ?? []).join(', ') || '-'}`,
    `  fix           ${check.remediation.platform}`,
    `  by hand       ${check.remediation.manual}`,
  ]
}
