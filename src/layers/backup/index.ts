import {emulatorHasGap} from '../../aws/emulator.js'
import type {EngineContext, LayerDef} from '../../reconcile/types.js'
import {RESOURCES} from '../../resources.js'
import {roleResource} from '../iam/role.js'
import {trustPolicy} from '../iam/policy.js'
import {planResource, selectionResource} from './plan.js'
import {vaultResource} from './vault.js'

/**
 * AWS Backup needs the keys of both regions: the cluster's snapshots are encrypted with the
 * environment key, and a cross-Region copy is re-encrypted with the DR vault's key.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 */
function keyPolicy(ctx: EngineContext) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'BackupKeys',
        Effect: 'Allow',
        Action: [
          'kms:CreateGrant',
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
        ],
        Resource: [ctx.need(RESOURCES.kmsKey).arn, ctx.need(RESOURCES.drKmsKey).arn],
      },
    ],
  }
}

/**
 * auroraDrBackup (issue 15, off by default): a daily AWS Backup recovery point of the Aurora
 * cluster in a locked vault, copied to a locked vault in the DR region. Without the opt-in the
 * layer has no resources, so environments without it (the recorded dev fixtures) are unchanged.
 */
export const backupLayer: LayerDef = {
  name: 'backup',
  description:
    'Only with auroraDrBackup: AWS Backup of the Aurora cluster, daily, into a locked vault, copied to a locked vault in the DR region',
  dependsOn: ['kms', 'aurora'],
  steps: (ctx) =>
    ctx.design.backup.enabled
      ? [
          [
            roleResource({
              key: RESOURCES.backupRole,
              name: ctx.design.backup.role,
              description: 'AWS Backup: backs up and copies the Aurora cluster',
              requirements: ['backup.aurora'],
              needs: [RESOURCES.kmsKey, RESOURCES.drKmsKey],
              trust: () => trustPolicy('backup.amazonaws.com'),
              managedPolicies: [
                'service-role/AWSBackupServiceRolePolicyForBackup',
                'service-role/AWSBackupServiceRolePolicyForRestores',
              ],
              inline: (c) => ({'backup-keys': keyPolicy(c)}),
            }),
            vaultResource(ctx, 'primary'),
            vaultResource(ctx, 'dr'),
          ],
          [planResource(ctx)],
          // The emulator has no selections ('backup-selections-missing'): there the plan backs up
          // nothing, and the audit reports the selection as not read (ERROR), never as a pass.
          ...(emulatorHasGap('backup-selections-missing') ? [] : [[selectionResource()]]),
        ]
      : [],
}
