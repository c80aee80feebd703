import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 'fargate-profiles',
  title: 'The Fargate profiles select the namespaces of the design on the three private subnets',
  severity: 'high',
  area: 'eks',
  requirements: ['fargate.default', 'fargate.application', 'fargate.mlops', 'ha.eks'],
  frameworks: {fsbp: [], hipaa: ['164.308(a)(7)(ii)(B)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Recreate the profile (selectors cannot change in place): platform provision does it.',
  },
  run: (inv) =>
    inv
      .all(RESOURCE_TYPES.fargateProfile)
      .flatMap((p) => fieldFindings(inv, p, ['selectors', 'subnets', 'podExecutionRoleArn'])),
})
