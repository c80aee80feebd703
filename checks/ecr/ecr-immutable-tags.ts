import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

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
  run: (inv) => inv.all(RESOURCE_TYPES.repository).flatMap((r) => fieldFindings(inv, r, ['imageTagMutability'])),
})
