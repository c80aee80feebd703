import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'kms-key',
  title: 'The environment key and its DR replica key exist, are enabled and have their aliases',
  severity: 'high',
  area: 'kms',
  requirements: ['rds.encryption', 'backup.s3-replication'],
  frameworks: {fsbp: [], hipaa: ['164.312(a)(2)(iv)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'KMS console: enable the key, restore its alias and key policy (platform provision does both).',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.kmsKey, ['alias', 'keyState', 'keySpec', 'policy']),
    ...fieldFindings(inv, RESOURCES.drKmsKey, ['alias', 'keyState', 'keySpec', 'policy']),
  ],
})
