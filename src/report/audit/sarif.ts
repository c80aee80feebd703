import {isAbsolute, relative, sep} from 'node:path'
import type {AuditReport} from '../../audit/index.js'
import {withIds} from '../../audit/finding-id.js'
import type {Finding} from '../../audit/report-schema.js'
import type {CheckDefinition} from '../../audit/types.js'
import {TOOL} from '../../tool.js'
import {formatValue} from '../text.js'

const LEVEL = {critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'} as const
const KIND = {FAIL: 'fail', PASS: 'pass', ERROR: 'open', MANUAL: 'review', MUTED: 'fail'} as const

/** Where code scanning pins a finding: a file of the repository and a line in it. */
export interface SarifArtifact {
  /** Relative to the repository root (forward slashes), as GitHub matches it against the tree. */
  uri: string
  startLine: number
}

/** The design document the requirements come from: the place of a finding when no configuration file shaped the design. */
export const DESIGN_DOCUMENT = '000_f5d166c9a350215c.txt'

/**
 * The configuration file the design came from, relative to the working directory, at the line
 * that opens the environment (`environments.ENV:`), else its first line. Code scanning refuses a
 * result without a file, and shows one without a line badly (GitHub requires region.startLine).
 */
export function sarifArtifact(
  file: string | undefined,
  text: string | undefined,
  env: string,
  cwd: string,
): SarifArtifact {
  if (!file) return {uri: DESIGN_DOCUMENT, startLine: 1}
  const rel = relative(cwd, file)
  const uri = (rel.startsWith('..') || isAbsolute(rel) ? file : rel).split(sep).join('/')
  const lines = (text ?? '').split(/\r?\n/)
  const envs = lines.findIndex((l) => /^environments:\s*$/.test(l))
  const at = envs < 0 ? -1 : lines.findIndex((l, i) => i > envs && new RegExp(`^\\s+${escapeRegExp(env)}:`).test(l))
  return {uri, startLine: at < 0 ? 1 : at + 1}
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export interface SarifOptions {
  /** Every result, PASS included (code scanning shows each result as an alert: by default only what needs a look). */
  all?: boolean
  artifact?: SarifArtifact
}

/**
 * SARIF 2.1.0 that GitHub code scanning accepts: a rule per check, a result per finding that is
 * not a PASS, each placed in the configuration file and fingerprinted by the finding's stable id
 * (src/audit/finding-id.ts) so that tonight's alert is last night's alert.
 */
export function auditSarif(report: AuditReport, checks: readonly CheckDefinition[], opts: SarifOptions = {}): object {
  const artifact = opts.artifact ?? {uri: DESIGN_DOCUMENT, startLine: 1}
  const findings = withIds(report.findings).filter((f) => opts.all || f.status !== 'PASS')
  const used = new Set(findings.map((f) => f.checkId))
  const rules = checks
    .filter((c) => used.has(c.id))
    .map((c) => ({
      id: c.id,
      name: c.id.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: {text: c.title},
      help: {text: `${c.remediation.platform}\n${c.remediation.manual}`},
      defaultConfiguration: {level: LEVEL[c.severity]},
      properties: {
        requirements: c.requirements,
        fsbp: c.frameworks.fsbp ?? [],
        hipaa: c.frameworks.hipaa ?? [],
        severity: c.severity,
        tags: ['security', 'compliance', c.area],
      },
    }))
  const result = (f: Finding) => ({
    ruleId: f.checkId.startsWith('manual:') ? 'manual-requirement' : f.checkId,
    kind: KIND[f.status],
    level: f.status === 'FAIL' || f.status === 'MUTED' ? LEVEL[f.severity] : 'none',
    message: {
      text:
        f.status === 'FAIL'
          ? `${f.message}. Expected ${formatValue(f.expected)}; actual ${formatValue(f.actual)}.`
          : f.message,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {uri: artifact.uri, uriBaseId: '%SRCROOT%'},
          region: {startLine: artifact.startLine},
        },
        logicalLocations: [
          {
            name: f.resource.id,
            fullyQualifiedName: f.resource.arn ?? `${f.resource.region}/${f.resource.type}/${f.resource.id}`,
            kind: 'resource',
          },
        ],
      },
    ],
    partialFingerprints: {'platformFindingId/v1': f.id!},
    ...(f.status === 'MUTED'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.exception?.reason} (owner ${f.exception?.owner}, until ${f.exception?.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      requirements: f.requirements,
      severity: f.severity,
      status: f.status,
      expected: f.expected,
      actual: f.actual,
      region: f.resource.region,
    },
  })
  if (findings.some((f) => f.checkId.startsWith('manual:')))
    rules.push({
      id: 'manual-requirement',
      name: 'ManualRequirement',
      shortDescription: {text: 'A requirement no AWS API can show; verified by people'},
      help: {text: 'See the requirement.'},
      defaultConfiguration: {level: 'note'},
      properties: {requirements: [], fsbp: [], hipaa: [], severity: 'info', tags: ['manual']},
    })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: TOOL.name, version: TOOL.version, informationUri: TOOL.uri, rules}},
        invocations: [
          {
            executionSuccessful: report.summary.error === 0,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
          },
        ],
        properties: {env: report.env, account: report.account, regions: report.regions, summary: report.summary},
        results: findings.map(result),
      },
    ],
  }
}
