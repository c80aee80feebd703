import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {BASELINE} from '../../../src/design/baseline.js'
import {lintDesign} from '../../../src/design/lint.js'
import {STATUS_LEGEND} from '../../../src/evidence/controls.js'
import {exportEvidence} from '../../../src/evidence/export.js'
import {REDACTED, redact} from '../../../src/evidence/redact.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'
import {auditReport, tempRoot} from '../../hostile/bundle.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, {recursive: true, force: true})))

/** A bundle of the dev fixture with the default security group opened: a high-severity baseline FAIL. */
async function bundleWithBaselineFail() {
  const inventory = cleanInventory()
  const sg = [...inventory.items.values()].find((i) =>
    i.fields.some((f) => f.requirement === 'baseline.vpc.default-sg-closed'),
  )
  const report = auditReport(inventory)
  const f = report.findings.find((x) => x.requirements.includes('baseline.vpc.default-sg-closed'))!
  Object.assign(f, {status: 'FAIL', actual: 'tcp/22 0.0.0.0/0', message: 'the default security group admits SSH'})
  report.summary = {...report.summary, pass: report.summary.pass - 1, fail: report.summary.fail + 1}
  const design = devDesign()
  const out = join(tempRoot(dirs), 'b')
  await exportEvidence({
    outDir: out,
    report,
    inventory,
    design,
    lint: lintDesign(design),
    tool: {name: 'platform', version: 't'},
    commandLine: [],
  })
  return {out, sg}
}

describe('complete evidence content', () => {
  it('a baseline FAIL is a row of controls.csv and of report.html, with its detail', async () => {
    const {out} = await bundleWithBaselineFail()
    const csv = readFileSync(join(out, 'controls.csv'), 'utf8')
    for (const b of BASELINE) expect(csv, b.id).toContain(`${b.id},baseline,`)
    expect(csv).toMatch(/baseline\.vpc\.default-sg-closed,baseline,[^\r]*,FAIL,/)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).toMatch(/<tr class="st-FAIL"><td>baseline<\/td><td><code>baseline\.vpc\.default-sg-closed<\/code>/)
    expect(html).toContain('the default security group admits SSH')
  })

  it('controls.csv ends with the guideline columns; report.html has the MHLW 6.0 section with the FAIL', async () => {
    const {out} = await bundleWithBaselineFail()
    const lines = readFileSync(join(out, 'controls.csv'), 'utf8').split('\r\n')
    expect(lines[0]).toBe('requirement,section,text,checks,status,evidence,mhlw-6.0,meti-mic-1.1')
    const row = (id: string) => lines.find((l) => l.startsWith(`${id},`))!
    expect(row('baseline.vpc.default-sg-closed')).toMatch(/,FAIL,.*,システム運用編 13,本編 5 \(未確認\)$/)
    expect(row('rds.backup-retention')).toMatch(/,システム運用編 12\.2; Q&A シQ-31,本編 6 \(未確認\)$/)
    expect(row('environments')).toMatch(/,,$/)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    const section = html.slice(html.indexOf('<section id="compliance"'), html.indexOf('</section>') + 10)
    expect(section).toContain('data-framework="mhlw-6.0"')
    expect(section).toMatch(/<span id="compliance-fail">FAIL [1-9]\d*<\/span>/)
    expect(section).toMatch(/<tr class="FAIL" id="item-mhlw-6.0_system-operation_13">/)
    expect(section).toContain('the default security group admits SSH')
  })

  it('no unresolved template text; every status is explained in a legend', async () => {
    const {out} = await bundleWithBaselineFail()
    const design = devDesign()
    for (const file of ['controls.csv', 'report.html']) {
      const text = readFileSync(join(out, file), 'utf8')
      expect(text, file).not.toMatch(/\{n\}|\{p\}|\{env\}/)
    }
    const csv = readFileSync(join(out, 'controls.csv'), 'utf8')
    expect(csv).toContain(`vpc.cidr,3.1,VPC CIDR ${design.vpc.cidr},`)
    expect(csv).toContain(`${design.subnets[0]!.cidr} in`)
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    for (const [status, meaning] of Object.entries(STATUS_LEGEND))
      expect(html, status).toContain(`<dt>${status}</dt><dd>${meaning}</dd>`)
  })

  it('redaction hides secrets but keeps ordinary evidence', () => {
    expect(
      redact({
        Role: {MaxSessionDuration: 3600, RoleName: 'r'},
        Key: {SigningAlgorithms: ['ECDSA_SHA_256'], SignatureAlgorithm: 'ECDSA_SHA_256'},
        MasterUserSecret: {SecretStatus: 'active', SecretArn: 'arn:x'},
        SessionToken: 'abc',
        Signature: 'sig',
        SecretString: 's',
        MasterUserPassword: 'p',
      }),
    ).toEqual({
      Role: {MaxSessionDuration: 3600, RoleName: 'r'},
      Key: {SigningAlgorithms: ['ECDSA_SHA_256'], SignatureAlgorithm: 'ECDSA_SHA_256'},
      MasterUserSecret: {SecretStatus: 'active', SecretArn: 'arn:x'},
      SessionToken: REDACTED,
      Signature: REDACTED,
      SecretString: REDACTED,
      MasterUserPassword: REDACTED,
    })
  })
})
