import type {CostResult} from './index.js'

const usd = (n: number) => n.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2})
const signed = (n: number) => `${n >= 0 ? '+' : '-'}${usd(Math.abs(n))}`
const yen = (n: number) => `JPY ${Math.round(n).toLocaleString('en-US')}`
const qty = (n: number) => n.toLocaleString('en-US', {maximumFractionDigits: 2})
/** Per-request prices read better per million. */
const rate = (unitUsd: number, unit: string) =>
  unitUsd > 0 && unitUsd < 0.001
    ? `${usd(unitUsd * 1e6)} USD per million ${unit}`
    : `${unitUsd.toLocaleString('en-US', {maximumFractionDigits: 6})} USD`

/** The human form of `platform cost`: the design's rows, each with its lines, then what the numbers rest on. */
export function costText(r: CostResult): string[] {
  const out: string[] = []
  out.push(`Monthly cost of ${r.env} as designed: On-Demand USD before tax, ${r.hours} hours a month, ${r.region}`)
  out.push(
    r.prices.source === 'price-list-api'
      ? `Prices: AWS Price List API (GetProducts), read ${r.prices.date}`
      : `Prices: offline snapshot of ${r.prices.date}${r.prices.fallback ? ` (${r.prices.fallback})` : ''}`,
  )
  for (const w of r.prices.warnings) out.push(`Warning: ${w}`)
  out.push('')
  const head = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(44)}${b.padStart(12)}${c.padStart(12)}${d.padStart(11)}`
  out.push(head('service (design 9.1)', 'design USD', 'estimate', 'delta'))
  for (const row of r.rows) {
    out.push(
      head(
        `${row.service}${row.spec ? ` (${row.spec})` : ''}`,
        row.id === 'other' ? '-' : usd(row.designUsd),
        usd(row.estimateUsd),
        signed(row.deltaUsd),
      ),
    )
    for (const l of row.lines) {
      const mark = l.inDesign ? ' ' : '*'
      out.push(`  ${mark} ${l.description}`)
      out.push(
        `      ${qty(l.quantity)} ${l.unit} x ${rate(l.unitUsd, l.unit)} = ${usd(l.usd)}${l.note ? `  (${l.note})` : ''}`,
      )
    }
  }
  out.push(head('Total', usd(r.total.designUsd), usd(r.total.estimateUsd), signed(r.total.deltaUsd)))
  out.push(
    `In yen at ${r.jpy.perUsd} JPY/USD (${r.jpy.rateSource === 'default' ? 'default rate: set costJpyPerUsd in the configuration or --jpy-rate' : `from ${r.jpy.rateSource === 'flag' ? '--jpy-rate' : 'costJpyPerUsd'}`}): design ${yen(r.jpy.designJpy)}, estimate ${yen(r.jpy.totalJpy)}`,
  )
  out.push("* not in the design's table: the design's row does not cover it, or section 9.1 has no row for it")
  out.push('')
  out.push('Assumptions:')
  for (const a of r.assumptions) out.push(`  ${a.id}: ${qty(a.value)} ${a.unit} - ${a.text} [${a.basis}]`)
  out.push('Not priced:')
  for (const n of r.notPriced) out.push(`  - ${n}`)
  return out
}
