import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'iam-roles',
  title: 'The IAM roles have the trust and exactly the policies of the design',
  severity: 'high',
  area: 'iam',
  requirements: ['eks.name', 'fargate.default', 'backup.s3-replication'],
  frameworks: {fsbp: ['IAM.1'], hipaa: ['164.312(a)(1)', '164.308(a)(4)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'IAM console: restore the trust policy, attach the designed managed policies, remove others.',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.clusterRole, ['assumeRolePolicy', 'managedPolicies', 'inlinePolicies']),
    ...fieldFindings(inv, RESOURCES.podExecutionRole, ['assumeRolePolicy', 'managedPolicies', 'inlinePolicies']),
    ...fieldFindings(inv, RESOURCES.replicationRole, ['assumeRolePolicy', 'managedPolicies', 'inlinePolicies']),
  ],
})
