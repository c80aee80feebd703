import type {ProvisionResult} from '../reconcile/provision.js'
import type {PlannedResource} from '../reconcile/types.js'
import {oneLine} from './terminal.js'
import {formatValue, pad} from './text.js'

const SYMBOL: Record<PlannedResource['action'], string> = {
  create: '+',
  update: '~',
  replace: '±',
  'no-op': '=',
  'replace-required': '!',
  'delete-duplicate': '-',
}

/** The plan for people: one line per resource, then each changed field, expected <- actual. */
export function planLines(plan: PlannedResource[], opts: {showNoop?: boolean; deferRestarts?: boolean} = {}): string[] {
  const lines: string[] = []
  let layer = ''
  for (const p of plan) {
    if (p.action === 'no-op' && !opts.showNoop) continue
    if (p.layer !== layer) {
      layer = p.layer
      lines.push(`${layer}`)
    }
    const id = p.physicalId ? ` (${oneLine(p.physicalId)})` : ''
    lines.push(
      `  ${SYMBOL[p.action]} ${pad(p.action, 16)} ${p.type} ${oneLine(p.name)}${id}${p.note ? `  -- ${oneLine(p.note)}` : ''}`,
    )
    for (const c of p.changes) {
      lines.push(
        `      ${c.path}: expected ${formatValue(c.expected)}; actual ${formatValue(c.actual)}${c.requirement ? `   [${c.requirement}]` : ''}${c.immutable ? '   (immutable)' : ''}${c.restarts ? (opts.deferRestarts ? '   (restarts the database: applied in the next maintenance window; --apply-now to apply at once)' : '   (restarts the database: applied now)') : ''}`,
      )
    }
  }
  if (lines.length === 0) lines.push('No changes: the environment matches the design.')
  return lines
}

export function summaryLines(r: ProvisionResult): string[] {
  const lines = [
    `${pad('layer', 18)} ${pad('created', 8)} ${pad('updated', 8)} ${pad('unchanged', 10)} replace-required`,
  ]
  for (const l of r.layers)
    lines.push(
      `${pad(l.layer, 18)} ${pad(String(l.created), 8)} ${pad(String(l.updated), 8)} ${pad(String(l.unchanged), 10)} ${l.replaceRequired}`,
    )
  lines.push(
    `AWS calls: ${r.calls.total} (${r.calls.mutating} mutating, ${r.calls.readOnly} read-only); ${(r.elapsedMs / 1000).toFixed(1)} s`,
  )
  return lines
}
