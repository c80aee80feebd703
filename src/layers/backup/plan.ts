import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateBackupPlanCommand,
  type BackupRuleInput,
  type GetBackupPlanCommandOutput,
  type GetBackupSelectionCommandOutput,
} from '@aws-sdk/client-backup'
import {isOwned} from '../../aws/naming.js'
import {present} from '../../aws/present.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {RESOURCES} from '../../resources.js'
import {desiredTags, tagsField} from '../tags.js'
import {backupClient, backupTags} from './vault.js'

export const RULE_NAME = 'daily-aurora'
export const SELECTION_NAME = 'aurora-cluster'
/**
 * 20:00 UTC (05:00 JST), daily: after the Aurora backup window (18:00-19:00 UTC) and the weekly
 * maintenance window (sat 19:00-20:00 UTC), so a backup job never meets either.
 */
export const SCHEDULE = 'cron(0 20 * * ? *)'

const backup = (ctx: EngineContext) => backupClient(ctx, ctx.design.region)

export interface LivePlan {
  id: string
  arn: string
  plan: GetBackupPlanCommandOutput
  tags: Record<string, string>
}

/** The rule as sent, from the design: a recovery point kept retentionDays, copied to the DR vault for as long. */
export function desiredRule(ctx: EngineContext): BackupRuleInput {
  const days = ctx.design.backup.retentionDays
  return {
    RuleName: RULE_NAME,
    TargetBackupVaultName: ctx.design.backup.vault,
    ScheduleExpression: SCHEDULE,
    ScheduleExpressionTimezone: 'Etc/UTC',
    StartWindowMinutes: 60,
    CompletionWindowMinutes: 480,
    Lifecycle: {DeleteAfterDays: days},
    CopyActions: [
      {DestinationBackupVaultArn: ctx.ref(RESOURCES.drBackupVault)?.arn, Lifecycle: {DeleteAfterDays: days}},
    ],
  }
}

/** The fields compared, in one canonical shape for what was sent and what GetBackupPlan answers. */
function canonicalRule(r: BackupRuleInput | undefined) {
  if (!r) return null
  return {
    name: r.RuleName,
    vault: r.TargetBackupVaultName,
    schedule: r.ScheduleExpression,
    deleteAfterDays: r.Lifecycle?.DeleteAfterDays ?? null,
    copies: (r.CopyActions ?? []).map((a) => ({
      vault: a.DestinationBackupVaultArn,
      deleteAfterDays: a.Lifecycle?.DeleteAfterDays ?? null,
    })),
  }
}

/** The plan, found by its deterministic name (ListBackupPlans has no filter: every page is read). */
export function planResource(ctx: EngineContext): ResourceDef<LivePlan, {id: string; arn: string}> {
  const key = RESOURCES.backupPlan
  const name = ctx.design.backup.plan
  const body = (c: EngineContext) => ({BackupPlanName: name, Rules: [desiredRule(c)]})
  const find = async (c: EngineContext): Promise<LivePlan | undefined> => {
    let NextToken: string | undefined
    do {
      const page = await backup(c).send(new ListBackupPlansCommand({NextToken}))
      const hit = (page.BackupPlansList ?? []).find((p) => p.BackupPlanName === name && !p.DeletionDate)
      if (hit) {
        const id = present(hit.BackupPlanId, 'BackupPlanId')
        const arn = present(hit.BackupPlanArn, 'BackupPlanArn')
        const [plan, tags] = await Promise.all([
          backup(c).send(new GetBackupPlanCommand({BackupPlanId: id})),
          backup(c).send(new ListTagsCommand({ResourceArn: arn})),
        ])
        return {id, arn, plan, tags: backupTags(c, key, name, tags.Tags)}
      }
      NextToken = page.NextToken
    } while (NextToken)
    return undefined
  }
  return {
    key,
    name,
    requirements: ['backup.aurora', 'dr.targets'],
    needs: [RESOURCES.backupVault, RESOURCES.drBackupVault],
    find,
    async create(c) {
      await backup(c).send(
        new CreateBackupPlanCommand({
          BackupPlan: body(c),
          BackupPlanTags: desiredTags(c, key, name),
          CreatorRequestId: `${c.aws.runId}-${key.id}`,
        }),
      )
      return present(await find(c), 'the backup plan just created')
    },
    owned: (l, c) => isOwned(l.tags, c.design.project, c.design.env),
    fields: (c) => [
      {
        path: 'rule',
        requirement: 'backup.aurora',
        expected: canonicalRule(desiredRule(c)),
        actual: (l) => canonicalRule(l.plan.BackupPlan?.Rules?.find((r) => r.RuleName === RULE_NAME)),
      },
      tagsField(desiredTags(c, key, name), (l) => l.tags),
    ],
    async update(c, live, changes) {
      if (changes.some((x) => x.path === 'rule'))
        await backup(c).send(new UpdateBackupPlanCommand({BackupPlanId: live.id, BackupPlan: body(c)}))
      const t = changes.find((x) => x.path === 'tags')
      if (t)
        await backup(c).send(
          new TagResourceCommand({ResourceArn: live.arn, Tags: t.expected as Record<string, string>}),
        )
    },
    async delete(c, live) {
      await backup(c).send(new DeleteBackupPlanCommand({BackupPlanId: live.id}))
    },
    outputs: (l) => ({id: l.id, arn: l.arn}),
    physicalId: (l) => l.arn,
  }
}

export interface LiveSelection {
  planId: string
  id: string
  selection: GetBackupSelectionCommandOutput
}

/**
 * What the plan backs up: the environment's Aurora cluster, by ARN, with the backup role. A
 * selection cannot be changed (AWS Backup has no UpdateBackupSelection): a difference is a
 * delete and create, harmless since it holds no data. Selections carry no tags: it is ours when
 * it is in our plan under our name.
 */
export function selectionResource(): ResourceDef<LiveSelection, {id: string}> {
  const key = RESOURCES.backupSelection
  return {
    key,
    name: SELECTION_NAME,
    requirements: ['backup.aurora'],
    needs: [RESOURCES.backupPlan, RESOURCES.backupRole, RESOURCES.dbCluster],
    async find(c) {
      const planId = c.need(RESOURCES.backupPlan).id
      let NextToken: string | undefined
      do {
        const page = await backup(c).send(new ListBackupSelectionsCommand({BackupPlanId: planId, NextToken}))
        const hit = (page.BackupSelectionsList ?? []).find((s) => s.SelectionName === SELECTION_NAME)
        if (hit) {
          const id = present(hit.SelectionId, 'SelectionId')
          const selection = await backup(c).send(new GetBackupSelectionCommand({BackupPlanId: planId, SelectionId: id}))
          return {planId, id, selection}
        }
        NextToken = page.NextToken
      } while (NextToken)
      return undefined
    },
    async create(c) {
      const planId = c.need(RESOURCES.backupPlan).id
      const res = await backup(c).send(
        new CreateBackupSelectionCommand({
          BackupPlanId: planId,
          BackupSelection: {
            SelectionName: SELECTION_NAME,
            IamRoleArn: c.need(RESOURCES.backupRole).arn,
            Resources: [c.need(RESOURCES.dbCluster).arn],
          },
          CreatorRequestId: `${c.aws.runId}-${key.id}`,
        }),
      )
      const id = present(res.SelectionId, 'SelectionId')
      return {
        planId,
        id,
        selection: await backup(c).send(new GetBackupSelectionCommand({BackupPlanId: planId, SelectionId: id})),
      }
    },
    owned: () => true,
    fields: (c) => [
      {
        path: 'resources',
        requirement: 'backup.aurora',
        expected: [c.ref(RESOURCES.dbCluster)?.arn],
        actual: (l) => [...(l.selection.BackupSelection?.Resources ?? [])].sort(),
        immutable: true,
      },
      {
        path: 'iamRole',
        requirement: 'backup.aurora',
        expected: c.ref(RESOURCES.backupRole)?.arn,
        actual: (l) => l.selection.BackupSelection?.IamRoleArn,
        immutable: true,
      },
    ],
    replaceable: 'a backup selection only names what to back up: deleted and created again, nothing is lost',
    async update() {
      // Every field is immutable and the selection replaceable: the engine deletes and creates it.
    },
    async delete(c, live) {
      await backup(c).send(new DeleteBackupSelectionCommand({BackupPlanId: live.planId, SelectionId: live.id}))
    },
    outputs: (l) => ({id: l.id}),
    physicalId: (l) => l.id,
  }
}
