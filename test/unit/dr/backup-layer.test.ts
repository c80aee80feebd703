import {
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DescribeBackupVaultCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupPlansCommand,
  ListTagsCommand,
  PutBackupVaultLockConfigurationCommand,
  UpdateBackupPlanCommand,
} from '@aws-sdk/client-backup'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {backupLayer} from '../../../src/layers/backup/index.js'
import {planResource, selectionResource, SCHEDULE} from '../../../src/layers/backup/plan.js'
import {vaultResource} from '../../../src/layers/backup/vault.js'
import {diffFields} from '../../../src/reconcile/diff.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const backup = mockClient(BackupClient)
const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/primary'
const DR_KEY = 'arn:aws:kms:ap-northeast-3:111122223333:key/dr'
const DR_VAULT = 'arn:aws:backup:ap-northeast-3:111122223333:backup-vault:medical-ai-prod-backup-vault-dr'
const CLUSTER = 'arn:aws:rds:ap-northeast-1:111122223333:cluster:medical-ai-prod-aurora'
const ROLE = 'arn:aws:iam::111122223333:role/medical-ai-prod-backup-role'
const OURS = {project: 'medical-ai', environment: 'prod', 'managed-by': 'platform'}

function ctx(enabled = true): EngineContext {
  const c = createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({environments: {prod: {auroraDrBackup: enabled}}}, 'prod'),
    account: '111122223333',
    mode: 'apply',
  })
  c.outputs.set(RESOURCES.kmsKey.id, {id: 'primary', arn: KEY})
  c.outputs.set(RESOURCES.drKmsKey.id, {id: 'dr', arn: DR_KEY})
  c.outputs.set(RESOURCES.drBackupVault.id, {name: 'medical-ai-prod-backup-vault-dr', arn: DR_VAULT})
  c.outputs.set(RESOURCES.backupPlan.id, {id: 'plan-1', arn: 'arn:plan-1'})
  c.outputs.set(RESOURCES.backupRole.id, {name: 'medical-ai-prod-backup-role', arn: ROLE})
  c.outputs.set(RESOURCES.dbCluster.id, {id: 'medical-ai-prod-aurora', arn: CLUSTER, endpoint: 'e', secretArn: 's'})
  return c
}

beforeEach(() => {
  backup.reset()
  // AWS's behaviour, not the emulator's tolerances ('backup-selections-missing' drops the selection).
  delete process.env.PLATFORM_EMULATOR
})

describe('the backup layer (auroraDrBackup)', () => {
  it('has no resources unless the opt-in is set', () => {
    expect(backupLayer.steps(ctx(false))).toEqual([])
    expect(
      backupLayer
        .steps(ctx(true))
        .flat()
        .map((r) => r.key.id),
    ).toEqual(['backup/role', 'backup/vault', 'backup/dr-vault', 'backup/plan', 'backup/selection'])
  })

  it('creates the DR vault in the DR region with its key and tags in the call, then locks it', async () => {
    const c = ctx()
    backup.on(CreateBackupVaultCommand).resolves({})
    backup.on(PutBackupVaultLockConfigurationCommand).resolves({})
    backup.on(DescribeBackupVaultCommand).resolves({
      BackupVaultArn: DR_VAULT,
      EncryptionKeyArn: DR_KEY,
      Locked: true,
      MinRetentionDays: 35,
    })
    backup.on(ListTagsCommand).resolves({Tags: OURS})
    const vault = vaultResource(c, 'dr')
    expect(vault.region!(c)).toBe('ap-northeast-3')
    const live = await vault.create(c)
    expect(backup).toHaveReceivedCommandWith(CreateBackupVaultCommand, {
      BackupVaultName: 'medical-ai-prod-backup-vault-dr',
      EncryptionKeyArn: DR_KEY,
      BackupVaultTags: expect.objectContaining({...OURS, 'platform:logical-id': 'backup/dr-vault'}),
    })
    expect(backup).toHaveReceivedCommandWith(PutBackupVaultLockConfigurationCommand, {
      BackupVaultName: 'medical-ai-prod-backup-vault-dr',
      MinRetentionDays: 35,
      ChangeableForDays: 3,
    })
    expect(diffFields(vault.fields(c), live).filter((x) => x.path !== 'tags')).toEqual([])
  })

  it('an unlocked vault, or a lock with a shorter minimum, is drift repaired by locking again', async () => {
    const c = ctx()
    const vault = vaultResource(c, 'primary')
    const live = {vault: {$metadata: {}, BackupVaultArn: 'arn:v', EncryptionKeyArn: KEY, Locked: false}, tags: {}}
    const changes = diffFields(vault.fields(c), live).filter((x) => x.path === 'lock')
    expect(changes).toEqual([
      expect.objectContaining({
        expected: {locked: true, minRetentionDays: 35},
        actual: {locked: false, minRetentionDays: null},
      }),
    ])
    backup.on(PutBackupVaultLockConfigurationCommand).resolves({})
    await vault.update(c, live, changes)
    expect(backup).toHaveReceivedCommandWith(PutBackupVaultLockConfigurationCommand, {
      BackupVaultName: 'medical-ai-prod-backup-vault',
      MinRetentionDays: 35,
    })
  })

  it('the plan: a daily rule into the primary vault with a copy to the DR vault; a changed rule is updated in place', async () => {
    const c = ctx()
    backup.on(CreateBackupPlanCommand).resolves({})
    backup.on(ListBackupPlansCommand).resolves({
      BackupPlansList: [
        {BackupPlanName: 'medical-ai-prod-backup-plan', BackupPlanId: 'plan-1', BackupPlanArn: 'arn:plan-1'},
      ],
    })
    backup.on(GetBackupPlanCommand).resolves({
      BackupPlan: {
        BackupPlanName: 'medical-ai-prod-backup-plan',
        Rules: [
          {
            RuleName: 'daily-aurora',
            TargetBackupVaultName: 'medical-ai-prod-backup-vault',
            ScheduleExpression: SCHEDULE,
            Lifecycle: {DeleteAfterDays: 7},
            CopyActions: [{DestinationBackupVaultArn: DR_VAULT, Lifecycle: {DeleteAfterDays: 35}}],
          },
        ],
      },
    })
    backup.on(ListTagsCommand).resolves({Tags: OURS})
    backup.on(UpdateBackupPlanCommand).resolves({})
    const plan = planResource(c)
    const live = await plan.create(c)
    expect(backup).toHaveReceivedCommandWith(CreateBackupPlanCommand, {
      BackupPlan: {
        BackupPlanName: 'medical-ai-prod-backup-plan',
        Rules: [
          expect.objectContaining({
            TargetBackupVaultName: 'medical-ai-prod-backup-vault',
            ScheduleExpression: 'cron(0 20 * * ? *)',
            Lifecycle: {DeleteAfterDays: 35},
            CopyActions: [{DestinationBackupVaultArn: DR_VAULT, Lifecycle: {DeleteAfterDays: 35}}],
          }),
        ],
      },
    })
    const changes = diffFields(plan.fields(c), live).filter((x) => x.path !== 'tags')
    expect(changes.map((x) => x.path)).toEqual(['rule'])
    await plan.update(c, live, changes)
    expect(backup).toHaveReceivedCommandWith(UpdateBackupPlanCommand, {BackupPlanId: 'plan-1'})
  })

  it('the selection names the cluster and the backup role; both are immutable, the selection replaceable', async () => {
    const c = ctx()
    backup.on(CreateBackupSelectionCommand).resolves({SelectionId: 'sel-1'})
    backup
      .on(GetBackupSelectionCommand)
      .resolves({BackupSelection: {SelectionName: 'aurora-cluster', IamRoleArn: ROLE, Resources: [CLUSTER]}})
    const sel = selectionResource()
    const live = await sel.create(c)
    expect(backup).toHaveReceivedCommandWith(CreateBackupSelectionCommand, {
      BackupPlanId: 'plan-1',
      BackupSelection: {SelectionName: 'aurora-cluster', IamRoleArn: ROLE, Resources: [CLUSTER]},
    })
    expect(diffFields(sel.fields(c), live)).toEqual([])
    expect(sel.fields(c).every((f) => f.immutable)).toBe(true)
    expect(sel.replaceable).toBeDefined()
  })
})
