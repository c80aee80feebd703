import type {AuditReport} from '../../audit/index.js'
import type {Finding} from '../../audit/report-schema.js'
import type {CheckDefinition} from '../../audit/types.js'
import {TOOL} from '../../tool.js'
import {formatValue} from '../text.js'

const LEVEL = {critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'} as const
const KIND = {FAIL: 'fail', PASS: 'pass', ERROR: 'open', MANUAL: 'review', MUTED: 'fail'} as const

/** SARIF 2.1.0 for code-scanning tools: a rule per check, a result per finding. */
export function auditSarif(report: AuditReport, checks: readonly CheckDefinition[]): object {
  const used = new Set(report.findings.map((f) => f.checkId))
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
        logicalLocations: [
          {
            name: f.resource.id,
            fullyQualifiedName: f.resource.arn ?? `${f.resource.region}/${f.resource.type}/${f.resource.id}`,
            kind: 'resource',
          },
        ],
      },
    ],
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
  if (report.findings.some((f) => f.checkId.startsWith('manual:')))
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
        results: report.findings.map(result),
      },
    ],
  }
}
