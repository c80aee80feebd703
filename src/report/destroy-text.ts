import type {DestroyItem, DestroyResult} from '../reconcile/destroy.js'

/** What destroy deletes (-) and keeps (=), one line each, with why a resource is kept. */
export function destroyItemLines(items: DestroyItem[], opts: {dryRun: boolean}): string[] {
  if (items.length === 0) return [`Nothing of ${opts.dryRun ? 'this environment' : 'ours'} to delete.`]
  return items.map(
    (i) =>
      `  ${i.action === 'delete' ? '-' : '='} ${i.action.padEnd(6)} ${i.type} ${i.name} (${i.physicalId})${i.reason ? `  -- ${i.reason}` : ''}`,
  )
}

/**
 * The text beside destroy's --json result. When something was deleted, the list was already
 * shown before the confirmation, so only the counts follow the progress lines.
 */
export function destroyText(result: DestroyResult): string[] {
  return [
    ...(result.dryRun || result.deleted === 0 ? destroyItemLines(result.items, {dryRun: result.dryRun}) : []),
    '',
    `${result.dryRun ? 'Would delete' : 'Deleted'} ${result.deleted}, kept ${result.kept}. AWS calls: ${result.calls.total} (${result.calls.mutating} mutating); ${(result.elapsedMs / 1000).toFixed(1)} s`,
  ]
}
