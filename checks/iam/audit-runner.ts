import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'audit-runner',
  title:
    'The nightly audit runner’s role trusts only its service account, holds the read-only audit policy and writes only to the evidence store; its Fargate profile selects its namespace',
  severity: 'high',
  area: 'iam',
  requirements: ['baseline.ops.audit-runner'],
  frameworks: {fsbp: [], hipaa: ['164.312(b)', '164.308(a)(1)(ii)(D)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'Restore the role’s trust and inline policies from `platform iam-policy --for audit` and the store prefix; recreate the Fargate profile for the audit-runner namespace.',
  },
  // Only where environments.ENV.auditRunner is set; elsewhere the one finding says so (a check
  // with no finding at all is an ERROR: src/audit/run.ts).
  run: (inv, design) =>
    design.auditRunner.enabled
      ? [
          ...fieldFindings(inv, RESOURCES.auditRunnerRole, ['assumeRolePolicy', 'managedPolicies', 'inlinePolicies']),
          ...fieldFindings(inv, RESOURCES.fargateProfile(design.auditRunner.profile.name), [
            'selectors',
            'subnets',
            'podExecutionRoleArn',
          ]),
        ]
      : [
          {
            status: 'PASS',
            resource: {type: 'config', id: `environments.${design.env}.auditRunner`, region: design.region},
            expected: false,
            actual: false,
            message: `The nightly audit does not run in ${design.env}'s cluster (environments.${design.env}.auditRunner is not set): no runner role or profile is expected.`,
          },
        ],
})
