import {defineCheck, fieldFindings} from '../../src/audit/define.js'

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
  run: (inv) => [
    ...fieldFindings(inv, 'ecr/api', ['scanOnPush']),
    ...fieldFindings(inv, 'ecr/ml', ['scanOnPush']),
    ...fieldFindings(inv, 'ecr/worker', ['scanOnPush']),
  ],
})
