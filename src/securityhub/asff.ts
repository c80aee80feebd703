import type {AwsSecurityFinding} from '@aws-sdk/client-securityhub'
import type {AuditReport, Finding} from '../audit/report-schema.js'
import {sectionOfRequirement} from '../audit/run.js'

/**
 * Audit findings as AWS Security Finding Format (ASFF) records:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html
 */
export const SCHEMA_VERSION = '2018-10-08'

/** The default product of the account: any account may import its own findings under it. */
export const productArn = (region: string, account: string) =>
  `arn:aws:securityhub:${region}:${account}:product/${account}/default`

/**
 * The ASFF Id: the stable finding id (src/audit/finding-id.ts) qualified by the environment.
 * Account-wide checks judge the same resource for every environment of the account, so the bare
 * id would make two environments overwrite (and archive) each other's findings. Its "|"
 * separators are written %7C ("%" as %25, so the mapping stays one-to-one): pagers that use "|"
 * as their own separator (moto's GetFindings NextToken) break on it. The exact id is in
 * ProductFields["platform/findingId"].
 */
export const asffId = (env: string, findingId: string) =>
  `platform/${env}/${findingId.replace(/%/g, '%25').replace(/\|/g, '%7C')}`

/**
 * PASS/FAIL map directly; ERROR (could not read) is NOT_AVAILABLE, never PASSED; MANUAL (a
 * person must judge) is WARNING. MUTED stays FAILED: the exception accepts the risk, it does not
 * remove it (its Workflow is SUPPRESSED instead).
 */
const COMPLIANCE = {PASS: 'PASSED', FAIL: 'FAILED', ERROR: 'NOT_AVAILABLE', MANUAL: 'WARNING', MUTED: 'FAILED'} as const
const SEVERITY = {critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL'} as const

// ASFF limits: Title 256, Description 1024, Remediation text 512, ProductFields value 2048,
// Compliance.RelatedRequirements 32 entries.
const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`)

export interface AsffContext {
  env: string
  account: string
  region: string
  /** UpdatedAt: tonight's run (Security Hub orders a finding's updates by it). */
  updatedAt: string
  /**
   * This finding as Security Hub holds it from an earlier run: its CreatedAt is kept, and its
   * Workflow, the customer's after creation, is not sent again.
   */
  existing?: AwsSecurityFinding
}

export function toAsff(f: Finding & {id: string}, ctx: AsffContext): AwsSecurityFinding {
  const sections = [...new Set(f.requirements.map(sectionOfRequirement))]
  // Security Hub's own controls report a passed control as INFORMATIONAL.
  const label = f.status === 'PASS' ? 'INFORMATIONAL' : SEVERITY[f.severity]
  return {
    SchemaVersion: SCHEMA_VERSION,
    Id: asffId(ctx.env, f.id),
    ProductArn: productArn(ctx.region, ctx.account),
    GeneratorId: f.checkId,
    AwsAccountId: ctx.account,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards/Medical AI Platform Design'],
    CreatedAt: ctx.existing?.CreatedAt ?? f.firstSeen ?? ctx.updatedAt,
    UpdatedAt: ctx.updatedAt,
    Severity: {Label: label, Original: f.severity},
    // Severity should not be updated through BatchImportFindings after creation; this is the provider's channel.
    FindingProviderFields: {Severity: {Label: label, Original: f.severity}},
    Title: cut(`${f.checkId}: ${f.resource.type} ${f.resource.id}`, 256),
    Description: cut(f.message || f.checkId, 1024),
    Remediation: {Recommendation: {Text: cut(`${f.remediation.platform} | ${f.remediation.manual}`, 512)}},
    ProductFields: {
      'platform/env': ctx.env,
      'platform/findingId': cut(f.id, 2048),
      'platform/status': f.status,
      'platform/requirements': cut(f.requirements.join(','), 2048),
      'platform/designSection': cut(sections.join(','), 2048),
      ...(f.field ? {'platform/field': cut(f.field, 2048)} : {}),
      ...(f.exception
        ? {
            'platform/exception': cut(
              `${f.exception.reason} (${f.exception.owner}, until ${f.exception.expires})`,
              2048,
            ),
          }
        : {}),
    },
    Compliance: {Status: COMPLIANCE[f.status], RelatedRequirements: f.requirements.slice(0, 32)},
    Resources: [
      {
        // Our types are not ASFF's enumerated ones: ASFF says to use Other then, with the detail.
        Type: 'Other',
        Id: f.resource.arn ?? f.resource.id,
        Region: f.resource.region,
        Details: {Other: {platformType: cut(f.resource.type, 1024), platformId: cut(f.resource.id, 1024)}},
      },
    ],
    RecordState: 'ACTIVE',
    ...(ctx.existing
      ? {}
      : {Workflow: {Status: f.status === 'MUTED' ? 'SUPPRESSED' : f.status === 'PASS' ? 'RESOLVED' : 'NEW'}}),
  }
}

/** A finding of an earlier run that tonight's run no longer reports: the same record, ARCHIVED. */
export function archived(existing: AwsSecurityFinding, updatedAt: string): AwsSecurityFinding {
  const {Workflow: _w, WorkflowState: _ws, Note: _n, UserDefinedFields: _u, VerificationState: _v, ...rest} = existing
  return {...rest, UpdatedAt: updatedAt, RecordState: 'ARCHIVED'}
}

/** Every finding of the report with its id (the report carries them since stable ids exist). */
export const reportFindings = (report: AuditReport) =>
  report.findings.filter((f): f is Finding & {id: string} => typeof f.id === 'string')
