import {defineCheck, fieldFindings} from '../../src/audit/define.js'

export default defineCheck({
  id: 'ecr-immutable-tags',
  title: 'ECR repositories have immutable tags',
  severity: 'medium',
  area: 'ecr',
  requirements: ['baseline.ecr.immutable-tags'],
  frameworks: {fsbp: ['ECR.2'], hipaa: ['164.312(c)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws ecr put-image-tag-mutability --repository-name REPO --image-tag-mutability IMMUTABLE',
  },
  run: (inv) => [
    ...fieldFindings(inv, 'ecr/api', ['imageTagMutability']),
    ...fieldFindings(inv, 'ecr/ml', ['imageTagMutability']),
    ...fieldFindings(inv, 'ecr/worker', ['imageTagMutability']),
  ],
})
