import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {createRequire} from 'node:module'
import {validateXML} from 'xmllint-wasm'
import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import type {AuditReport} from '../../../src/audit/index.js'
import {runChecks, summarize} from '../../../src/audit/run.js'
import {auditCsv} from '../../../src/report/audit/csv.js'
import {auditJunit} from '../../../src/report/audit/junit.js'
import {auditOcsf} from '../../../src/report/audit/ocsf.js'
import {auditSarif} from '../../../src/report/audit/sarif.js'
import {auditTable} from '../../../src/report/audit/table.js'
import {ROOT} from '../../helpers/cli.js'
import {cleanInventory, devDesign, withItem} from '../../helpers/fixture.js'

// CommonJS packages whose default export TypeScript cannot see through NodeNext.
const require = createRequire(import.meta.url)
const Ajv2020 = require('ajv/dist/2020').default
const AjvDraft04 = require('ajv-draft-04').default
const addFormats = require('ajv-formats').default

/** A report with every status: a FAIL, an ERROR, a MUTED, PASSes and MANUALs. */
function report(): AuditReport {
  let inv = withItem(cleanInventory(), 'aurora/cluster', (i) => ({
    ...i,
    fields: i.fields.map((f) => (f.path === 'backupRetentionPeriod' ? {...f, ok: false, actual: 7} : f)),
  }))
  inv = withItem(inv, 's3/logs', (i) => ({
    ...i,
    state: 'error',
    fields: [],
    error: {code: 'AccessDenied', message: 'denied <&>'},
  }))
  inv = withItem(inv, 'kms/dr-key', (i) => ({
    ...i,
    fields: i.fields.map((f) => (f.path === 'rotationEnabled' ? {...f, ok: false, actual: false} : f)),
  }))
  const findings = runChecks({
    checks: CHECKS,
    inventory: inv,
    design: devDesign(),
    exceptions: [
      {
        check: 'kms-rotation',
        resource: '*',
        reason: 'DR key rotation tracked in TICKET-1',
        owner: 'sec',
        expires: '2099-01-01',
      },
    ],
    today: new Date('2026-11-29'),
    filters: {},
  })
  return {
    env: 'dev',
    account: '123456789012',
    callerArn: 'arn:aws:iam::123456789012:user/x',
    regions: ['ap-northeast-1'],
    startedAt: '2026-11-29T00:00:00.000Z',
    finishedAt: '2026-11-29T00:00:01.000Z',
    summary: summarize(findings),
    findings,
    calls: {total: 1, mutating: 0, readOnly: 1, byOperation: {'STS.GetCallerIdentity': 1}},
  }
}

describe('audit output formats', () => {
  const r = report()

  it('the report holds every status', () => {
    // The unreadable logs bucket is an ERROR in each of the five checks that judge it.
    expect(r.summary).toMatchObject({fail: 1, error: 5, muted: 1, manual: 7})
    expect(r.summary.pass).toBeGreaterThan(100)
  })

  it('--json validates against schema/audit-report.schema.json', () => {
    const ajv = new Ajv2020({strict: false, allErrors: true})
    addFormats(ajv)
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/audit-report.schema.json'), 'utf8')))
    expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true)
    expect(validate({...r, summary: {pass: 'many'}})).toBe(false)
  })

  it('SARIF validates against the SARIF 2.1.0 schema', () => {
    // The SARIF schema's patterns are not valid under the u flag.
    const ajv = new AjvDraft04({strict: false, allErrors: true, unicodeRegExp: false})
    addFormats(ajv)
    const validate = ajv.compile(
      JSON.parse(
        readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
      ),
    )
    const sarif = JSON.parse(JSON.stringify(auditSarif(r, CHECKS)))
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    const fail = sarif.runs[0].results.find(
      (x: {kind: string; level: string}) => x.kind === 'fail' && x.level === 'error',
    )
    expect(fail).toMatchObject({
      ruleId: 'aurora-backup',
      properties: {requirements: ['rds.backup-retention'], expected: 35, actual: 7},
    })
    expect(sarif.runs[0].results.filter((x: {suppressions?: unknown}) => x.suppressions)).toHaveLength(1)
  })

  it('JUnit validates against schema/junit.xsd and counts failures and errors', async () => {
    const xml = auditJunit(r)
    const res = await validateXML({
      xml: [{fileName: 'audit.xml', contents: xml}],
      schema: [{fileName: 'junit.xsd', contents: readFileSync(join(ROOT, 'schema/junit.xsd'), 'utf8')}],
    })
    expect(res.errors).toEqual([])
    expect(res.valid).toBe(true)
    expect(xml).toMatch(/<testsuites name="platform audit dev" tests="\d+" failures="1" errors="5" skipped="8"/)
    expect(xml).toContain('denied &lt;&amp;&gt;')
  })

  it('OCSF Detection Findings carry class 2004, severities and statuses', () => {
    const o = auditOcsf(r) as {
      class_uid: number
      status_id: number
      severity_id: number
      status_code: string
      unmapped: {requirements: string[]}
    }[]
    expect(o).toHaveLength(r.findings.length)
    expect(new Set(o.map((x) => x.class_uid))).toEqual(new Set([2004]))
    const fail = o.find((x) => x.status_code === 'FAIL')!
    expect([fail.status_id, fail.severity_id, fail.unmapped.requirements]).toEqual([1, 4, ['rds.backup-retention']])
    expect(o.find((x) => x.status_code === 'MUTED')!.status_id).toBe(3)
  })

  it('CSV has a header and one quoted-as-needed row per finding', () => {
    const lines = auditCsv(r).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'checkId,status,severity,requirements,resourceType,resourceId,resourceArn,region,expected,actual,message,remediation',
    )
    expect(lines).toHaveLength(r.findings.length + 1)
    expect(lines.find((l) => l.startsWith('aurora-backup,FAIL'))).toContain(',35,7,')
  })

  it('the table groups by section with failures first and expected vs actual', () => {
    const t = auditTable(r, {checks: CHECKS})
    expect(t).toMatch(/5\.1 Aurora MySQL\n {2}FAIL {3}high {5}aurora-backup/)
    expect(t).toContain('expected: 35')
    expect(t).toContain('actual:   7')
    expect(t).toMatch(/FAIL 1 · ERROR 5 · MUTED 1 · MANUAL 7 · PASS \d+/)
  })
})
