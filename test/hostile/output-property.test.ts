import {describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {controlRows, controlsCsv, type ControlRow} from '../../src/evidence/controls.js'
import {CHECKS} from '../../checks/index.js'
import {auditCsv} from '../../src/report/audit/csv.js'
import {renderAudit} from '../../src/report/audit/index.js'
import {auditTable} from '../../src/report/audit/table.js'
import {csvCellIsNeutral} from '../../src/report/csv.js'
import {evidenceVerifyText} from '../../src/report/evidence-text.js'
import {planLines} from '../../src/report/plan-text.js'
import {hasControl, terminalSafe} from '../../src/report/terminal.js'
import {formatValue} from '../../src/report/text.js'
import {cleanInventory, devDesign} from '../helpers/fixture.js'
import {auditReport} from './bundle.js'
import {csvCells} from './scan.js'

/** mulberry32: a small seeded generator, so a failure replays with the same strings. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Strings weighted towards what hurts: C0, DEL, C1, escape sequences, formula starters, quotes. */
function hostileString(r: () => number): string {
  const pieces = [
    () => String.fromCharCode(Math.floor(r() * 0x20)),
    () => String.fromCharCode(0x7f + Math.floor(r() * 0x21)),
    () => '\u001b[31m',
    () => '\u001b]52;c;ZXZpbA==\u0007',
    () => '\u009b2J',
    () => ['=', '+', '-', '@', '\t', '\r'][Math.floor(r() * 6)]!,
    () => '=HYPERLINK("http://x","y")',
    () => '"',
    () => ',',
    () => '\n',
    () => String.fromCharCode(0x20 + Math.floor(r() * 0x5f)),
    () => String.fromCodePoint(0xa0 + Math.floor(r() * 0x3000)),
  ]
  let s = ''
  const n = Math.floor(r() * 12)
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)]!()
  return s
}

const RUNS = 300
const base = auditReport()

describe('property: hostile strings never reach a terminal raw, and never start a formula in a CSV', () => {
  it(`${RUNS} seeded runs over the audit table, plan, verify text, formatValue, findings.csv, controls.csv and the JSON report`, () => {
    const r = rng(12)
    for (let run = 0; run < RUNS; run++) {
      const h = () => hostileString(r)
      const findings = base.findings.slice(0, 6).map((f) => ({
        ...f,
        status: (['PASS', 'FAIL', 'ERROR', 'MUTED'] as const)[run % 4]!,
        resource: {...f.resource, id: h(), arn: h(), region: h()},
        message: h(),
        expected: {value: h(), list: [h(), h()]},
        actual: h(),
        remediation: {...f.remediation, platform: h()},
        exception: {check: h(), resource: h(), reason: h(), owner: h(), expires: h()},
      }))
      const report: AuditReport = {...base, findings}
      const outputs = {
        table: auditTable(report),
        plan: planLines(
          [
            {
              layer: 'iam',
              id: 'iam.role',
              type: 'AWS::IAM::Role',
              name: h(),
              physicalId: h(),
              note: h(),
              action: 'update',
              requirements: [],
              changes: [{path: 'policy', expected: h(), actual: {Statement: [h()]}, requirement: 'x'}],
            },
          ],
          {showNoop: true},
        ).join('\n'),
        verify: evidenceVerifyText({
          path: h(),
          status: 'BROKEN',
          intact: false,
          files: 1,
          altered: [],
          missing: [],
          extra: [],
          signature: 'invalid',
          trust: 'integrity-only',
          problems: [h(), h()],
        }).join('\n'),
        value: formatValue({a: h(), rule: {protocol: 'tcp', fromPort: 1, toPort: 2, source: h()}}),
        sink: terminalSafe(h()),
      }
      for (const [name, text] of Object.entries(outputs))
        expect(hasControl(text), `${name} (run ${run}): ${JSON.stringify(text)}`).toBe(false)
      expect(formatValue(h())).not.toMatch(/\n/)

      const rows: ControlRow[] = [
        {requirement: h(), section: h(), text: h(), checks: [h()], status: 'FAIL', evidence: [h()]},
      ]
      for (const [name, csv] of [
        ['findings.csv', auditCsv(report)],
        ['controls.csv', controlsCsv(rows)],
      ] as const) {
        // CRLF ends each record (RFC 4180); inside cells every control is made visible.
        expect(hasControl(csv.replace(/\r\n/g, '\n')), `${name} (run ${run}) holds a raw control character`).toBe(false)
        for (const cell of csvCells(csv))
          expect(csvCellIsNeutral(cell), `${name} (run ${run}) cell ${JSON.stringify(cell)}`).toBe(true)
      }
      // JSON keeps every value exactly (it is the machine-readable copy) with no raw control.
      const json = renderAudit('json', report, CHECKS)
      expect(hasControl(json), `json (run ${run})`).toBe(false)
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)))
    }
  })

  it('escape sequences and formula payloads planted in AWS data (a WAF rule name, an IAM policy value) reach no output raw', () => {
    const inventory = cleanInventory()
    const payload = '\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J=HYPERLINK("http://evil","x")\u009b31m'
    const acl = inventory.items.get('waf/web-acl')!
    acl.physicalId = '=cmd|"/c calc"!A1'
    Object.assign(acl.fields.find((f) => f.path === 'rules.other')!, {actual: [{Name: payload}], ok: false})
    const role = inventory.items.get('iam/eks-cluster-role')!
    Object.assign(role.fields.find((f) => f.path === 'inlinePolicies')!, {
      actual: {[payload]: {Action: payload}},
      ok: false,
    })
    const report = auditReport(inventory)
    const planted = report.findings.filter((f) => JSON.stringify(f.actual ?? null).includes('HYPERLINK'))
    expect(planted.length).toBeGreaterThanOrEqual(2)
    expect(hasControl(auditTable(report))).toBe(false)
    expect(auditTable(report)).toContain('\\x1b]52;c;')
    expect(auditCsv(report)).toContain(`"'=cmd|""/c calc""!A1"`)
    const rows = controlRows(report.findings, () => undefined, devDesign())
    for (const csv of [auditCsv(report), controlsCsv(rows)])
      for (const cell of csvCells(csv)) expect(csvCellIsNeutral(cell), cell).toBe(true)
  })

  it('the security-group rule renderer prints the source of a live rule and of a designed one', () => {
    expect(formatValue({protocol: 'tcp', fromPort: 443, toPort: 443, source: 'sg:alb'})).toBe('tcp/443 sg:alb')
    expect(formatValue({protocol: 'tcp', fromPort: 5432, toPort: 5432, source: {group: 'eks'}})).toBe('tcp/5432 sg:eks')
    expect(formatValue({protocol: 'all', fromPort: -1, toPort: -1, source: {cidr: '10.0.0.0/16'}})).toBe(
      'all 10.0.0.0/16',
    )
    expect(formatValue({protocol: 'tcp', fromPort: 1, toPort: 2, source: 'cidr:0.0.0.0/0'})).not.toContain('undefined')
  })
})
