import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-encryption',
  title: 'Aurora storage is encrypted with the environment key',
  severity: 'critical',
  area: 'aurora',
  requirements: ['rds.encryption'],
  frameworks: {fsbp: ['RDS.27'], hipaa: ['164.312(a)(2)(iv)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Encryption cannot be added in place: snapshot, copy the snapshot with the key, restore.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.dbCluster, ['storageEncrypted', 'kmsKeyId'])],
})
