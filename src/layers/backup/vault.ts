import {
  BackupClient,
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeBackupVaultCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListTagsCommand,
  PutBackupVaultLockConfigurationCommand,
  TagResourceCommand,
  type DescribeBackupVaultCommandOutput,
} from '@aws-sdk/client-backup'
import {unlessAbsent} from '../../aws/errors.js'
import {emulatorHasGap} from '../../aws/emulator.js'
import {isOwned} from '../../aws/naming.js'
import {present} from '../../aws/present.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {RESOURCES} from '../../resources.js'
import {desiredTags, tagsField} from '../tags.js'

export const backupClient = (ctx: EngineContext, region: string) => ctx.aws.client(BackupClient, region)

/**
 * The lock's cooling-off: AWS Backup enforces at least 72 hours before a lock with a lock date
 * becomes immutable (compliance mode); until then PutBackupVaultLockConfiguration may still change
 * it and DeleteBackupVaultLockConfiguration remove it. After it, no one (root included) can delete
 * a recovery point before its retention ends.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const LOCK_CHANGEABLE_DAYS = 3

/**
 * The tags ListTags answers; the emulator answers none at all ('backup-tags-not-returned'), so
 * there only, an untagged vault or plan is read as carrying the tags it was created with.
 */
export function backupTags(
  ctx: EngineContext,
  key: Parameters<typeof desiredTags>[1],
  name: string,
  tags: Record<string, string> | undefined,
): Record<string, string> {
  const have = tags ?? {}
  return Object.keys(have).length === 0 && emulatorHasGap('backup-tags-not-returned')
    ? desiredTags(ctx, key, name)
    : have
}

export interface LiveVault {
  vault: DescribeBackupVaultCommandOutput
  tags: Record<string, string>
}

/** A vault of recovery points, encrypted with the environment's key of its region, locked. */
export function vaultResource(
  ctx: EngineContext,
  where: 'primary' | 'dr',
): ResourceDef<LiveVault, {name: string; arn: string}> {
  const key = where === 'primary' ? RESOURCES.backupVault : RESOURCES.drBackupVault
  const kmsKey = where === 'primary' ? RESOURCES.kmsKey : RESOURCES.drKmsKey
  const name = where === 'primary' ? ctx.design.backup.vault : ctx.design.backup.drVault
  const region = (c: EngineContext) => (where === 'primary' ? c.design.region : c.design.drRegion)
  const client = (c: EngineContext) => backupClient(c, region(c))
  const minRetentionDays = ctx.design.backup.retentionDays
  const lock = (c: EngineContext) =>
    client(c).send(
      new PutBackupVaultLockConfigurationCommand({
        BackupVaultName: name,
        MinRetentionDays: minRetentionDays,
        ChangeableForDays: LOCK_CHANGEABLE_DAYS,
      }),
    )
  const find = async (c: EngineContext): Promise<LiveVault | undefined> => {
    const vault = await unlessAbsent(client(c).send(new DescribeBackupVaultCommand({BackupVaultName: name})), [
      'ResourceNotFoundException',
    ])
    if (!vault) return undefined
    const tags = await client(c).send(
      new ListTagsCommand({ResourceArn: present(vault.BackupVaultArn, 'BackupVaultArn')}),
    )
    return {vault, tags: backupTags(c, key, name, tags.Tags)}
  }
  return {
    key,
    name,
    requirements: ['backup.aurora', 'dr.targets'],
    region,
    needs: [kmsKey],
    find,
    async create(c) {
      await client(c).send(
        new CreateBackupVaultCommand({
          BackupVaultName: name,
          BackupVaultTags: desiredTags(c, key, name),
          EncryptionKeyArn: c.need(kmsKey).arn,
          // Per run: a retried create of this run is recognised, a later run finds the vault by name.
          CreatorRequestId: `${c.aws.runId}-${key.id}`,
        }),
      )
      await lock(c)
      return present(await find(c), 'the vault just created')
    },
    owned: (l, c) => isOwned(l.tags, c.design.project, c.design.env),
    fields: (c) => [
      {
        path: 'encryptionKey',
        requirement: 'backup.aurora',
        expected: c.ref(kmsKey)?.arn,
        actual: (l) => l.vault.EncryptionKeyArn,
        // AWS Backup cannot re-key a vault; a vault holding recovery points is never replaced.
        immutable: true,
      },
      {
        path: 'lock',
        requirement: 'backup.aurora',
        expected: {locked: true, minRetentionDays},
        actual: (l) => ({locked: l.vault.Locked === true, minRetentionDays: l.vault.MinRetentionDays ?? null}),
      },
      tagsField(desiredTags(c, key, name), (l) => l.tags),
    ],
    async update(c, live, changes) {
      if (changes.some((x) => x.path === 'lock')) await lock(c)
      const t = changes.find((x) => x.path === 'tags')
      if (t)
        await client(c).send(
          new TagResourceCommand({ResourceArn: live.vault.BackupVaultArn, Tags: t.expected as Record<string, string>}),
        )
    },
    // AWS refuses to delete a vault holding recovery points, and a locked one keeps them until
    // their retention ends: destroy keeps it (holdsData) and says why.
    async holdsData(c, live) {
      const points = await client(c).send(
        new ListRecoveryPointsByBackupVaultCommand({BackupVaultName: name, MaxResults: 1}),
      )
      return (points.RecoveryPoints ?? []).length > 0 || (live.vault.NumberOfRecoveryPoints ?? 0) > 0
        ? `backup vault ${name} holds recovery points (locked: they stay until their retention ends)`
        : undefined
    },
    async delete(c) {
      await client(c).send(new DeleteBackupVaultCommand({BackupVaultName: name}))
    },
    outputs: (l) => ({name, arn: present(l.vault.BackupVaultArn, 'BackupVaultArn')}),
    physicalId: (l) => present(l.vault.BackupVaultArn, 'BackupVaultArn'),
  }
}
