import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 'ecr-scan-on-push',
  title: 'ECR repositories scan images on push',
  severity: 'medium',
  area: 'ecr',
  requirements: ['baseline.ecr.scan-on-push'],
  frameworks: {fsbp: ['ECR.1'], hipaa: ['164.308(a)(1)(ii)(A)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws ecr put-image-scanning-configuration --repository-name REPO --image-scanning-configuration scanOnPush=true',
  },
  run: (inv) => inv.all(RESOURCE_TYPES.repository).flatMap((r) => fieldFindings(inv, r, ['scanOnPush'])),
})
