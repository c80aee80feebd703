import type {AuditReport} from '../../audit/index.js'
import type {Finding} from '../../audit/report-schema.js'
import {TOOL} from '../../tool.js'

const SEVERITY_ID = {info: 1, low: 2, medium: 3, high: 4, critical: 5} as const
/** Detection Finding status: 1 New, 3 Suppressed, 4 Resolved, 99 Other. */
const STATUS = {
  FAIL: [1, 'New'],
  MUTED: [3, 'Suppressed'],
  PASS: [4, 'Resolved'],
  ERROR: [99, 'Other'],
  MANUAL: [99, 'Other'],
} as const

/** OCSF 1.1 Detection Finding (class 2004) per finding, for security data lakes. */
export function auditOcsf(report: AuditReport): object[] {
  const time = Date.parse(report.finishedAt)
  return report.findings.map((f: Finding, i) => ({
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    time,
    severity_id: SEVERITY_ID[f.severity],
    severity: f.severity[0]!.toUpperCase() + f.severity.slice(1),
    status_id: STATUS[f.status][0],
    status: STATUS[f.status][1],
    status_code: f.status,
    message: f.message,
    finding_info: {
      uid: `${report.env}/${f.checkId}/${f.resource.id}/${i}`,
      title: f.message,
      types: [f.checkId],
      created_time: time,
    },
    resources: [
      {
        uid: f.resource.arn ?? f.resource.id,
        name: f.resource.id,
        type: f.resource.type,
        region: f.resource.region,
        cloud_partition: 'aws',
      },
    ],
    cloud: {provider: 'AWS', account: {uid: report.account, type: 'AWS Account'}, region: f.resource.region},
    remediation: {desc: f.remediation.manual, references: [f.remediation.platform]},
    metadata: {
      version: '1.1.0',
      product: {name: TOOL.name, vendor_name: 'medical-ai platform team', version: TOOL.version},
      profiles: ['cloud'],
    },
    unmapped: {requirements: f.requirements, expected: f.expected, actual: f.actual, env: report.env},
  }))
}
