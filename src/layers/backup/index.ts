import {emulatorHasGap} from '../../aws/emulator.js'
import type {EngineContext, LayerDef} from '../../reconcile/types.js'
import {RESOURCES} from '../../resources.js'
import {roleResource} from '../iam/role.js'
import {trustPolicy} from '../iam/policy.js'
import {planResource, selectionResource} from './plan.js'
import {vaultResource} from './vault.js'

/**
 * AWS Backup's role must be able to use the keys involved, or jobs "succeed" without backing
 * anything up. Aurora is not fully managed by AWS Backup, so its recovery points keep the
 * cluster's encryption (the environment key); the copy in the DR region cannot use a Tokyo key
 * and is encrypted there, hence the DR key too. (Which key AWS picks for the copy of a
 * not-fully-managed type is to be confirmed on a real account: both are granted.)
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
