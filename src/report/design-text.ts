import {relative, sep} from 'node:path'
import type {LintResult} from '../design/lint.js'
import {DECISIONS, type Decision, type DesignItem, type DesignView} from '../design/show.js'
import {sectionName, translator, type Lang, type Translate} from '../i18n/index.js'
import {requirementText} from '../i18n/requirement-texts.js'
import {formatValue} from './text.js'
import {displayWidth, padDisplay} from './width.js'
import {wrapDisplay} from './wrap.js'

/** A terminal a person reads the design on: every line fits, Japanese counted two columns a character. */
export const DESIGN_TEXT_WIDTH = 120

/**
 * The text beside `design show --json`, in the reader's language: sections under the design
 * document's own names ("3.2 サブネット設計"), requirement IDs and values in aligned columns,
 * every value the tool decided where the design is silent marked [decision N] (explained at
 * the end), every override marked with the file and path that set it. `cwd` shortens a
 * configuration file under it to its relative path, as the operator typed it.
 */
export function designShowText(view: DesignView, lang: Lang = 'en', opts: {cwd?: string} = {}): string[] {
  const t = translator(lang)
  const r = view.regions
  const lines = [
    ...wrap(
      t('design:header', {project: view.project, env: view.env, primary: r.primary, global: r.global, dr: r.dr}),
      '',
    ),
    ...(view.env === 'prod' ? [] : wrap(t('design:header.non-prod', {env: view.env}), '')),
    ...wrap(t('design:legend'), ''),
  ]
  const used = new Set<Decision>()
  const marker = (i: DesignItem) => {
    if (i.decision) {
      used.add(i.decision)
      return t('design:marker.decision', {n: DECISIONS.indexOf(i.decision) + 1})
    }
    if (i.source === 'design' || i.source === 'baseline' || i.source === 'decision') return ''
    return t('design:marker.override', {source: shortSource(i.source, opts.cwd)})
  }
  const idWidth = Math.max(...view.sections.flatMap((s) => s.items.map((i) => displayWidth(i.requirement))))
  let chapter = ''
  for (const s of view.sections) {
    const top = s.section.split('.')[0]!
    if (top !== chapter) lines.push('', sectionName(top, lang))
    chapter = top
    lines.push(`  ${sectionName(s.section, lang)}`)
    for (const i of s.items) lines.push(...row(i.requirement, formatValue(i.value), marker(i), idWidth, '    '))
  }
  lines.push('', t('design:baseline.title'))
  const baseWidth = Math.max(...view.baseline.map((b) => displayWidth(b.requirement)))
  for (const b of view.baseline) {
    const value = b.value === b.text ? requirementText(b.requirement, b.text, lang) : formatValue(b.value)
    lines.push(...row(b.requirement, value, marker(b), baseWidth, '  '))
  }
  lines.push('', t('design:mappings.title'), ...mappingLines(view, t))
  if (used.size > 0) {
    lines.push('', t('design:decisions.title'))
    for (const d of DECISIONS.filter((x) => used.has(x))) {
      const m = t('design:marker.decision', {n: DECISIONS.indexOf(d) + 1})
      const [first, ...rest] = wrap(t(`design:decision.${d}`), ' '.repeat(2 + displayWidth(m) + 1))
      lines.push(`  ${m} ${first!.trimStart()}`, ...rest)
    }
  }
  const n = Object.keys(view.overrides).length
  lines.push('', n === 0 ? t('design:overrides.none') : t('design:overrides.count', {count: n}))
  return lines
}

function mappingLines(view: DesignView, t: Translate): string[] {
  const labels = {
    design: t('design:mapping.design'),
    aws: t('design:mapping.aws'),
    holds: t('design:mapping.holds'),
    source: t('design:mapping.source'),
  }
  const w = Math.max(...Object.values(labels).map(displayWidth))
  const field = (label: string, text: string) => {
    const [first, ...rest] = wrap(text, ' '.repeat(4 + w + 1))
    return [`    ${padDisplay(label, w)} ${first!.trimStart()}`, ...rest]
  }
  return view.awsMappings.flatMap((m) => [
    `  [${m.requirements.join(', ')}]`,
    ...field(labels.design, m.design),
    ...field(labels.aws, m.aws),
    ...field(labels.holds, m.howItHolds),
    ...m.source.flatMap((s) => field(labels.source, s)),
  ])
}

/** One requirement: its ID in a column, the value (and marker) beside it, wrapped under the value column. */
function row(id: string, value: string, marker: string, idWidth: number, indent: string): string[] {
  const cont = ' '.repeat(displayWidth(indent) + idWidth + 2)
  const [first, ...rest] = wrap(value, cont, marker)
  return [`${indent}${padDisplay(id, idWidth)}  ${first!.trimStart()}`.trimEnd(), ...rest]
}

/** Text into lines within DESIGN_TEXT_WIDTH, each starting with `indent`; the marker stays whole, three spaces after the value. */
function wrap(text: string, indent: string, marker = ''): string[] {
  return wrapDisplay(text, DESIGN_TEXT_WIDTH - displayWidth(indent), marker).map((l) => indent + l)
}

/** "/home/op/infra/platform.config.yaml: environments.dev.natGateways" as "platform.config.yaml: ..." run from /home/op/infra. */
function shortSource(source: string, cwd?: string): string {
  if (!cwd || !source.startsWith(cwd + sep)) return source
  const colon = source.indexOf(': ')
  if (colon < 0) return source
  return relative(cwd, source.slice(0, colon)) + source.slice(colon)
}

/** The text beside `design lint --json`: each finding with its requirement IDs, then the counts. */
export function designLintText(result: LintResult): string[] {
  const lines: string[] = []
  for (const f of result.findings)
    lines.push(`${f.level.toUpperCase().padEnd(9)} ${f.code} [${f.requirements.join(', ')}]`, `          ${f.message}`)
  lines.push('', `${result.errors} error(s), ${result.warnings} warning(s), ${result.advisories} advisory(ies)`)
  return lines
}
