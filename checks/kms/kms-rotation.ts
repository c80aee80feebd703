import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'kms-rotation',
  title: 'Customer-managed keys rotate automatically',
  severity: 'medium',
  area: 'kms',
  requirements: ['baseline.kms.rotation'],
  frameworks: {fsbp: ['KMS.4'], hipaa: ['164.312(a)(2)(iv)']},
  remediation: {platform: 'platform provision --env {env}', manual: 'aws kms enable-key-rotation --key-id KEY'},
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.kmsKey, ['rotationEnabled']),
    ...fieldFindings(inv, RESOURCES.drKmsKey, ['rotationEnabled']),
  ],
})
