import type {DrillOutput} from './run.js'

const fmt = (s: number | undefined) =>
  s === undefined
    ? '-'
    : s >= 3600
      ? `${(s / 3600).toFixed(2)} h (${s} s)`
      : s >= 60
        ? `${(s / 60).toFixed(1)} min (${s} s)`
        : `${s} s`

/** The human form of `platform dr drill`. */
export function drillText(o: DrillOutput): string[] {
  return [
    `DR drill ${o.drillId} of ${o.env} (account ${o.account}): ${o.verdict}`,
    ...(o.cleanedBefore.length > 0 ? [`Removed first, left by an earlier drill: ${o.cleanedBefore.join(', ')}`] : []),
    ...o.measurements.map(
      (m) => `  ${m.status.padEnd(12)} ${m.id.padEnd(40)} ${fmt(m.seconds).padEnd(18)} ${m.message}`,
    ),
    `${o.summary.pass} passed, ${o.summary.fail} failed, ${o.summary.notMeasured} not measured`,
    `Evidence bundle: ${o.bundle.dir} (${o.bundle.files} files, ${o.bundle.signed ? 'signed' : 'unsigned'}); check it with \`platform evidence verify ${o.bundle.dir}\``,
  ]
}
