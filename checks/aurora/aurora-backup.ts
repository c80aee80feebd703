import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'aurora-backup',
  title: 'Aurora keeps automated backups for 35 days in the designed backup window',
  severity: 'high',
  area: 'aurora',
  requirements: ['rds.backup-retention', 'backup.aurora'],
  frameworks: {fsbp: ['RDS.11'], hipaa: ['164.308(a)(7)(ii)(A)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws rds modify-db-cluster --db-cluster-identifier CLUSTER --backup-retention-period 35 --preferred-backup-window 18:00-19:00 --apply-immediately',
  },
  run: (inv, design) => [
    ...fieldFindings(inv, RESOURCES.dbCluster, ['backupRetentionPeriod', 'preferredBackupWindow']),
    // With auroraDrBackup (issue 15): the locked vaults here and in the DR region, the daily
    // rule with its copy, and the selection naming the cluster.
    ...(design.backup.enabled
      ? [
          ...fieldFindings(inv, RESOURCES.backupVault, ['encryptionKey', 'lock']),
          ...fieldFindings(inv, RESOURCES.drBackupVault, ['encryptionKey', 'lock']),
          ...fieldFindings(inv, RESOURCES.backupPlan, ['rule']),
          ...fieldFindings(inv, RESOURCES.backupSelection, ['resources', 'iamRole']),
        ]
      : []),
  ],
})
