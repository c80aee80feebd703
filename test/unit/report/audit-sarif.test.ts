import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {findingId} from '../../../src/audit/finding-id.js'
import {renderAudit} from '../../../src/report/audit/index.js'
import {auditSarif, DESIGN_DOCUMENT, sarifArtifact} from '../../../src/report/audit/sarif.js'
import {ROOT} from '../../helpers/cli.js'
import {oneFailReport} from './audit-fixture.js'

const require = createRequire(import.meta.url)
const AjvDraft04 = require('ajv-draft-04').default
const addFormats = require('ajv-formats').default

type Result = {
  ruleId: string
  kind: string
  properties: {status: string}
  partialFingerprints: Record<string, string>
  locations: {physicalLocation: {artifactLocation: {uri: string}; region: {startLine: number}}}[]
}
type Sarif = {runs: {results: Result[]; tool: {driver: {rules: {id: string}[]}}}[]}

function validator() {
  // The SARIF schema's patterns are not valid under the u flag.
  const ajv = new AjvDraft04({strict: false, allErrors: true, unicodeRegExp: false})
  addFormats(ajv)
  return ajv.compile(
    JSON.parse(
      readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ),
  )
}

describe('audit SARIF for code scanning', () => {
  const r = oneFailReport()
  const artifact = {uri: 'config/local-dev.yaml', startLine: 12}
  const validate = validator()

  it('validates against SARIF 2.1.0; only what is not a PASS by default', () => {
    const sarif = JSON.parse(JSON.stringify(auditSarif(r, CHECKS, {artifact}))) as Sarif
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    const results = sarif.runs[0]!.results
    expect(results.map((x) => x.ruleId)).toEqual(['s3-public-access-block'])
    // Rules for the results shown, not for the 12 checks that passed.
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toEqual(['s3-public-access-block'])
  })

  it('every result has an artifact location with a line and a fingerprint from the stable finding id', () => {
    const sarif = JSON.parse(renderAudit('sarif', r, CHECKS, {sarifAll: true, artifact})) as Sarif
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    const results = sarif.runs[0]!.results
    expect(results).toHaveLength(r.findings.length)
    for (const x of results) {
      expect(x.locations[0]!.physicalLocation.artifactLocation.uri).toBe('config/local-dev.yaml')
      expect(x.locations[0]!.physicalLocation.region.startLine).toBe(12)
    }
    const fail = results.find((x) => x.kind === 'fail')!
    expect(fail.partialFingerprints['platformFindingId/v1']).toBe(
      findingId(r.findings.find((f) => f.status === 'FAIL')!),
    )
    expect(new Set(results.map((x) => x.partialFingerprints['platformFindingId/v1'])).size).toBe(results.length)
    // The same findings in another order keep their fingerprints.
    const reversed = JSON.parse(
      renderAudit('sarif', {...r, findings: [...r.findings].reverse()}, CHECKS, {sarifAll: true}),
    ) as Sarif
    expect(new Set(reversed.runs[0]!.results.map((x) => x.partialFingerprints['platformFindingId/v1']))).toEqual(
      new Set(results.map((x) => x.partialFingerprints['platformFindingId/v1'])),
    )
  })

  it('places findings at the environment in the configuration file, relative to the working directory', () => {
    const text = 'project: p\nenvironments:\n  dev:\n    accountId: "1"\n  prod:\n    accountId: "2"\n'
    expect(sarifArtifact('/repo/config/platform.yaml', text, 'prod', '/repo')).toEqual({
      uri: 'config/platform.yaml',
      startLine: 5,
    })
    expect(sarifArtifact('/repo/platform.yaml', 'project: p\n', 'dev', '/repo')).toEqual({
      uri: 'platform.yaml',
      startLine: 1,
    })
    expect(sarifArtifact(undefined, undefined, 'dev', '/repo')).toEqual({uri: DESIGN_DOCUMENT, startLine: 1})
  })
})
