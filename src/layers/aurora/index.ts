import {
  AddTagsToResourceCommand,
  CreateDBClusterCommand,
  CreateDBClusterParameterGroupCommand,
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  DeleteDBClusterCommand,
  DeleteDBClusterParameterGroupCommand,
  DeleteDBInstanceCommand,
  DeleteDBSubnetGroupCommand,
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RebootDBInstanceCommand,
  DescribeDBSubnetGroupsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyDBInstanceCommand,
  ModifyDBSubnetGroupCommand,
  RDSClient,
  type DBCluster,
  type DBClusterParameterGroup,
  type DBInstance,
  type DBSubnetGroup,
} from '@aws-sdk/client-rds'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import {waitUntil} from '../../aws/wait.js'
import {canonicalWeekly} from '../../design/windows.js'
import type {ResolvedDesign} from '../../design/types.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {PRIVATE_SUBNETS, RESOURCES, type DbClusterOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'

const rds = (ctx: EngineContext) => ctx.aws.client(RDSClient, ctx.design.region)
const PRIVATE = PRIVATE_SUBNETS.map(RESOURCES.subnet)
const RDS_GROUP = RESOURCES.securityGroup('rds')
const tagsOf = async (ctx: EngineContext, arn: string) =>
  tagMap((await rds(ctx).send(new ListTagsForResourceCommand({ResourceName: arn}))).TagList)
// RDS names its errors both ways (DBClusterNotFound, DBClusterNotFoundFault).
const absent = (code: string) => [code, `${code}Fault`]

/** Whether changes are applied now. In prod, a change that restarts the database waits for the maintenance window unless --apply-now. */
export function applyImmediately(ctx: EngineContext, restarts: boolean): boolean {
  return ctx.design.env !== 'prod' || !restarts || ctx.applyNow === true
}

function subnetGroupResource(): ResourceDef<{group: DBSubnetGroup; tags: Record<string, string>}, {name: string}> {
  const key = RESOURCES.dbSubnetGroup
  const subnets = (ctx: EngineContext) => PRIVATE.map((k) => ctx.need(k).id).sort()
  return {
    key,
    name: 'db-subnet-group',
    requirements: ['rds.multi-az'],
    needs: PRIVATE,
    async find(ctx) {
      const group = (
        await unlessAbsent(
          rds(ctx).send(new DescribeDBSubnetGroupsCommand({DBSubnetGroupName: ctx.design.rds.subnetGroup})),
          absent('DBSubnetGroupNotFound'),
        )
      )?.DBSubnetGroups?.[0]
      return group ? {group, tags: await tagsOf(ctx, present(group.DBSubnetGroupArn, 'DBSubnetGroupArn'))} : undefined
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, ctx.design.rds.subnetGroup)
      const res = await rds(ctx).send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: ctx.design.rds.subnetGroup,
          DBSubnetGroupDescription: `Aurora ${ctx.design.project}-${ctx.design.env}: private subnets`,
          SubnetIds: subnets(ctx),
          Tags: tagList(tags),
        }),
      )
      return {group: present(res.DBSubnetGroup, 'DBSubnetGroup'), tags}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'subnetIds',
        requirement: 'rds.multi-az',
        expected: subnets(ctx),
        actual: (l) => (l.group.Subnets ?? []).map((s) => s.SubnetIdentifier!).sort(),
      },
      tagsField(desiredTags(ctx, key, ctx.design.rds.subnetGroup), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'subnetIds'))
        await rds(ctx).send(
          new ModifyDBSubnetGroupCommand({DBSubnetGroupName: ctx.design.rds.subnetGroup, SubnetIds: subnets(ctx)}),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await rds(ctx).send(
          new AddTagsToResourceCommand({
            ResourceName: live.group.DBSubnetGroupArn,
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async delete(ctx) {
      await rds(ctx).send(new DeleteDBSubnetGroupCommand({DBSubnetGroupName: ctx.design.rds.subnetGroup}))
    },
    outputs: (l) => ({name: present(l.group.DBSubnetGroupName, 'DBSubnetGroupName')}),
    physicalId: (l) => present(l.group.DBSubnetGroupName, 'DBSubnetGroupName'),
  }
}

interface LiveParameterGroup {
  group: DBClusterParameterGroup
  tags: Record<string, string>
  values: Record<string, string | null>
}

function parameterGroupResource(): ResourceDef<LiveParameterGroup, {name: string}> {
  const key = RESOURCES.dbParameterGroup
  return {
    key,
    name: 'cluster-parameter-group',
    requirements: [
      'rds.param.character-set-server',
      'rds.param.time-zone',
      'rds.param.max-connections',
      'rds.param.slow-query-log',
      'rds.param.long-query-time',
      'baseline.rds.audit-logging',
    ],
    async find(ctx) {
      const name = ctx.design.rds.parameterGroup
      const group = (
        await unlessAbsent(
          rds(ctx).send(new DescribeDBClusterParameterGroupsCommand({DBClusterParameterGroupName: name})),
          absent('DBParameterGroupNotFound'),
        )
      )?.DBClusterParameterGroups?.[0]
      if (!group) return undefined
      // Source=user lists what was set on this group; AWS-default values are not our settings.
      const values: Record<string, string | null> = {}
      let marker: string | undefined
      do {
        const page = await rds(ctx).send(
          new DescribeDBClusterParametersCommand({DBClusterParameterGroupName: name, Source: 'user', Marker: marker}),
        )
        for (const p of page.Parameters ?? []) if (p.ParameterName) values[p.ParameterName] = p.ParameterValue ?? null
        marker = page.Marker
      } while (marker)
      return {
        group,
        tags: await tagsOf(ctx, present(group.DBClusterParameterGroupArn, 'DBClusterParameterGroupArn')),
        values,
      }
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, ctx.design.rds.parameterGroup)
      const res = await rds(ctx).send(
        new CreateDBClusterParameterGroupCommand({
          DBClusterParameterGroupName: ctx.design.rds.parameterGroup,
          DBParameterGroupFamily: ctx.design.rds.parameterFamily,
          Description: `Aurora MySQL 8.0 parameters of the design (section 5.2), ${ctx.design.project}-${ctx.design.env}`,
          Tags: tagList(tags),
        }),
      )
      return {group: present(res.DBClusterParameterGroup, 'DBClusterParameterGroup'), tags, values: {}}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'family',
        requirement: 'rds.engine',
        expected: ctx.design.rds.parameterFamily,
        actual: (l) => l.group.DBParameterGroupFamily,
        immutable: true,
      },
      ...ctx.design.rds.parameters.map((p) => ({
        path: `parameters.${p.name}`,
        requirement: p.requirement,
        expected: p.value,
        actual: (l: LiveParameterGroup) => l.values[p.name] ?? null,
      })),
      tagsField(desiredTags(ctx, key, ctx.design.rds.parameterGroup), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const params = ctx.design.rds.parameters.filter((p) => changes.some((c) => c.path === `parameters.${p.name}`))
      // All are dynamic in Aurora MySQL 8.0 (the audit ones too: "Modifying these parameters doesn't
      // require a DB cluster restart when the parameter group is already associated"): no restart.
      if (params.length)
        await rds(ctx).send(
          new ModifyDBClusterParameterGroupCommand({
            DBClusterParameterGroupName: ctx.design.rds.parameterGroup,
            Parameters: params.map((p) => ({ParameterName: p.name, ParameterValue: p.value, ApplyMethod: 'immediate'})),
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await rds(ctx).send(
          new AddTagsToResourceCommand({
            ResourceName: live.group.DBClusterParameterGroupArn,
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async delete(ctx) {
      await rds(ctx).send(
        new DeleteDBClusterParameterGroupCommand({DBClusterParameterGroupName: ctx.design.rds.parameterGroup}),
      )
    },
    outputs: (l) => ({name: present(l.group.DBClusterParameterGroupName, 'DBClusterParameterGroupName')}),
    physicalId: (l) => present(l.group.DBClusterParameterGroupName, 'DBClusterParameterGroupName'),
  }
}

async function describeCluster(ctx: EngineContext): Promise<DBCluster | undefined> {
  return (
    await unlessAbsent(
      rds(ctx).send(new DescribeDBClustersCommand({DBClusterIdentifier: ctx.design.rds.clusterId})),
      absent('DBClusterNotFound'),
    )
  )?.DBClusters?.[0]
}

/** Real AWS: an Aurora cluster takes 10-20 minutes, an instance as long again. */
const waitCluster = (ctx: EngineContext, what: string, done: (c: DBCluster | undefined) => boolean) =>
  waitUntil(
    `Aurora cluster ${ctx.design.rds.clusterId} ${what}`,
    () => describeCluster(ctx),
    (c) => (done(c) ? 'done' : c?.Status === 'failed' ? {failed: 'status failed'} : 'pending'),
    (c) => c?.Status ?? 'gone',
    {timeoutMs: 60 * 60_000, minDelayMs: 15_000, maxDelayMs: 30_000, onPoll: ctx.progress},
  )

/** The members that wait for a reboot to apply the cluster parameter group. */
export function pendingReboot(c: DBCluster): string[] {
  return (c.DBClusterMembers ?? [])
    .filter((m) => m.DBClusterParameterGroupStatus === 'pending-reboot')
    .map((m) => m.DBInstanceIdentifier ?? '')
    .sort()
}

/**
 * Reboots, one at a time (the other instance keeps serving), the members waiting for one. In prod
 * only under --apply-now: otherwise the change stays pending, the plan and the audit show it.
 */
async function rebootPending(ctx: EngineContext, live: DBCluster): Promise<void> {
  const members = pendingReboot(live)
  if (!applyImmediately(ctx, true)) {
    ctx.progress(`${members.join(', ')}: pending-reboot; run provision --apply-now to reboot (prod)`)
    return
  }
  for (const id of members) {
    await rds(ctx).send(new RebootDBInstanceCommand({DBInstanceIdentifier: id}))
    await waitUntil(
      `Aurora instance ${id} to be available after its reboot`,
      async () =>
        (await rds(ctx).send(new DescribeDBInstancesCommand({DBInstanceIdentifier: id}))).DBInstances?.[0]
          ?.DBInstanceStatus,
      (s) => (s === 'available' ? 'done' : s === 'failed' ? {failed: s} : 'pending'),
      (s) => s ?? 'unknown',
      {timeoutMs: 30 * 60_000, minDelayMs: 15_000, maxDelayMs: 30_000, onPoll: ctx.progress},
    )
  }
}

function clusterResource(): ResourceDef<DBCluster, DbClusterOutputs> {
  const key = RESOURCES.dbCluster
  return {
    key,
    name: 'aurora',
    requirements: ['rds.engine', 'rds.encryption', 'rds.backup-retention', 'rds.maintenance-window', 'backup.aurora'],
    needs: [RESOURCES.dbSubnetGroup, RESOURCES.dbParameterGroup, RDS_GROUP, RESOURCES.kmsKey],
    find: describeCluster,
    async create(ctx) {
      const r = ctx.design.rds
      const res = await rds(ctx).send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: r.clusterId,
          Engine: r.engine,
          EngineVersion: r.engineVersion,
          DBSubnetGroupName: r.subnetGroup,
          DBClusterParameterGroupName: r.parameterGroup,
          VpcSecurityGroupIds: [ctx.need(RDS_GROUP).id],
          StorageEncrypted: true,
          KmsKeyId: ctx.need(RESOURCES.kmsKey).arn,
          BackupRetentionPeriod: r.backupRetentionDays,
          PreferredBackupWindow: r.backupWindow,
          PreferredMaintenanceWindow: r.maintenanceWindow,
          DeletionProtection: r.deletionProtection,
          EnableCloudwatchLogsExports: r.logExports,
          // RDS keeps the master password in Secrets Manager: the tool never sees, prints or stores it.
          MasterUsername: 'platform_admin',
          ManageMasterUserPassword: true,
          CopyTagsToSnapshot: true,
          Tags: tagList(desiredTags(ctx, key, r.clusterId)),
        }),
      )
      return present(res.DBCluster, 'DBCluster')
    },
    owned: (l, ctx) => isOwned(tagMap(l.TagList), ctx.design.project, ctx.design.env),
    fields: (ctx) => {
      const r = ctx.design.rds
      return [
        {path: 'engine', requirement: 'rds.engine', expected: r.engine, actual: (l) => l.Engine, immutable: true},
        {
          path: 'engineMajorVersion',
          requirement: 'rds.engine',
          expected: r.engineMajor,
          actual: (l) => (l.EngineVersion ?? '').split('.').slice(0, 2).join('.'),
          immutable: true,
        },
        {
          path: 'storageEncrypted',
          requirement: 'rds.encryption',
          expected: true,
          actual: (l) => l.StorageEncrypted === true,
          immutable: true,
        },
        {
          path: 'kmsKeyId',
          requirement: 'rds.encryption',
          expected: ctx.ref(RESOURCES.kmsKey)?.arn,
          actual: (l) => l.KmsKeyId,
          immutable: true,
        },
        {
          path: 'dbSubnetGroup',
          requirement: 'rds.multi-az',
          expected: r.subnetGroup,
          actual: (l) => l.DBSubnetGroup,
          immutable: true,
        },
        {
          path: 'backupRetentionPeriod',
          requirement: 'rds.backup-retention',
          expected: r.backupRetentionDays,
          actual: (l) => l.BackupRetentionPeriod,
        },
        {
          path: 'preferredMaintenanceWindow',
          requirement: 'rds.maintenance-window',
          expected: canonicalWeekly(r.maintenanceWindow),
          actual: (l) => canonicalWeekly(l.PreferredMaintenanceWindow ?? ''),
        },
        {
          path: 'preferredBackupWindow',
          requirement: 'backup.aurora',
          expected: r.backupWindow,
          actual: (l) => l.PreferredBackupWindow,
        },
        {
          path: 'deletionProtection',
          requirement: 'baseline.rds.deletion-protection',
          expected: r.deletionProtection,
          actual: (l) => l.DeletionProtection === true,
        },
        {
          path: 'enabledCloudwatchLogsExports',
          requirement: 'baseline.rds.log-exports',
          expected: [...r.logExports].sort(),
          actual: (l) => [...(l.EnabledCloudwatchLogsExports ?? [])].sort(),
        },
        {
          path: 'dbClusterParameterGroup',
          requirement: 'rds.param.time-zone',
          expected: r.parameterGroup,
          actual: (l) => l.DBClusterParameterGroup,
          restarts: true,
        },
        {
          // A parameter change that waits for a reboot (RDS shows pending-reboot) is not in force;
          // the maintenance window does not reboot for it
          // (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.Modifying.html).
          path: 'parametersPendingReboot',
          requirement: 'baseline.rds.parameters-applied',
          expected: [],
          actual: pendingReboot,
          restarts: true,
        },
        {
          path: 'vpcSecurityGroups',
          requirement: 'sg.rds.ingress',
          expected: [ctx.ref(RDS_GROUP)?.id],
          actual: (l) => (l.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).sort(),
        },
        {
          path: 'masterPasswordManagedBySecretsManager',
          requirement: 'principle.security',
          expected: true,
          actual: (l) => Boolean(l.MasterUserSecret?.SecretArn),
        },
        tagsField(desiredTags(ctx, key, r.clusterId), (l) => tagMap(l.TagList)),
      ]
    },
    async update(ctx, live, changes) {
      const r = ctx.design.rds
      const has = (p: string) => changes.some((c) => c.path === p)
      if (live.Status !== 'available') await waitCluster(ctx, 'to accept changes', (c) => c?.Status === 'available')
      const mod: Record<string, unknown> = {}
      if (has('backupRetentionPeriod')) mod.BackupRetentionPeriod = r.backupRetentionDays
      if (has('preferredMaintenanceWindow')) mod.PreferredMaintenanceWindow = r.maintenanceWindow
      if (has('preferredBackupWindow')) mod.PreferredBackupWindow = r.backupWindow
      if (has('deletionProtection')) mod.DeletionProtection = r.deletionProtection
      if (has('vpcSecurityGroups')) mod.VpcSecurityGroupIds = [ctx.need(RDS_GROUP).id]
      if (has('masterPasswordManagedBySecretsManager')) mod.ManageMasterUserPassword = true
      if (has('enabledCloudwatchLogsExports')) {
        const want = r.logExports
        const have = live.EnabledCloudwatchLogsExports ?? []
        mod.CloudwatchLogsExportConfiguration = {
          EnableLogTypes: want.filter((t) => !have.includes(t)),
          DisableLogTypes: have.filter((t) => !want.includes(t)),
        }
      }
      // A new cluster parameter group takes effect at the next restart.
      const restarts = has('dbClusterParameterGroup')
      if (restarts) mod.DBClusterParameterGroupName = r.parameterGroup
      if (Object.keys(mod).length) {
        await rds(ctx).send(
          new ModifyDBClusterCommand({
            DBClusterIdentifier: r.clusterId,
            ApplyImmediately: applyImmediately(ctx, restarts),
            ...mod,
          }),
        )
      }
      // A cluster given another parameter group reports its members `pending-reboot` once the
      // change is applied, and only a reboot puts the group in force ("After you associate a new
      // DB cluster parameter group ... reboot the DB instances", Aurora UG
      // USER_WorkingWithParamGroups.Associating). Where the change was applied now, reboot in the
      // same run rather than leave it to the next one.
      if (restarts && applyImmediately(ctx, true)) {
        const applied = await waitCluster(ctx, 'to take its parameter group', (c) =>
          (c?.DBClusterMembers ?? []).every((m) => m.DBClusterParameterGroupStatus !== 'applying'),
        )
        await rebootPending(ctx, applied ?? live)
      } else if (has('parametersPendingReboot')) await rebootPending(ctx, live)
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await rds(ctx).send(
          new AddTagsToResourceCommand({
            ResourceName: live.DBClusterArn,
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async ready(ctx, live) {
      return live.Status === 'available'
        ? live
        : (await waitCluster(ctx, 'to be available', (c) => c?.Status === 'available'))!
    },
    async delete(ctx) {
      const r = ctx.design.rds
      if (r.deletionProtection)
        await rds(ctx).send(
          new ModifyDBClusterCommand({
            DBClusterIdentifier: r.clusterId,
            DeletionProtection: false,
            ApplyImmediately: true,
          }),
        )
      // Never without a last copy of the data.
      await rds(ctx).send(
        new DeleteDBClusterCommand({
          DBClusterIdentifier: r.clusterId,
          SkipFinalSnapshot: false,
          FinalDBSnapshotIdentifier: `${r.clusterId}-final-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`,
        }),
      )
      await waitCluster(ctx, 'to be deleted', (c) => c === undefined)
    },
    outputs: (l) => ({
      id: present(l.DBClusterIdentifier, 'DBClusterIdentifier'),
      arn: present(l.DBClusterArn, 'DBClusterArn'),
      endpoint: l.Endpoint ?? '',
      secretArn: l.MasterUserSecret?.SecretArn ?? '',
    }),
    physicalId: (l) => present(l.DBClusterArn, 'DBClusterArn'),
  }
}

async function describeInstance(ctx: EngineContext, name: string): Promise<DBInstance | undefined> {
  return (
    await unlessAbsent(
      rds(ctx).send(new DescribeDBInstancesCommand({DBInstanceIdentifier: name})),
      absent('DBInstanceNotFound'),
    )
  )?.DBInstances?.[0]
}

/** Instance n's identifier (preflight checks its length against RDS's limit). */
export const instanceIdentifier = (design: ResolvedDesign, n: number) => `${design.rds.clusterId}-${n}`

/** Writer and reader in different AZs (rds.multi-az): instance n goes to the n-th private subnet's AZ. */
function instanceResource(n: number): ResourceDef<DBInstance, {id: string; az: string}> {
  const key = RESOURCES.dbInstance(n)
  const name = (ctx: EngineContext) => instanceIdentifier(ctx.design, n)
  const az = (ctx: EngineContext) => ctx.design.subnets.filter((s) => s.tier === 'private')[(n - 1) % 3]!.az
  const wait = (ctx: EngineContext, what: string, done: (i: DBInstance | undefined) => boolean) =>
    waitUntil(
      `Aurora instance ${name(ctx)} ${what}`,
      () => describeInstance(ctx, name(ctx)),
      (i) => (done(i) ? 'done' : i?.DBInstanceStatus === 'failed' ? {failed: 'status failed'} : 'pending'),
      (i) => i?.DBInstanceStatus ?? 'gone',
      {timeoutMs: 60 * 60_000, minDelayMs: 15_000, maxDelayMs: 30_000, onPoll: ctx.progress},
    )
  return {
    key,
    name: `aurora-${n}`,
    requirements: ['rds.instance-class', 'rds.multi-az', 'ha.aurora'],
    needs: [RESOURCES.dbCluster],
    find: (ctx) => describeInstance(ctx, name(ctx)),
    async create(ctx) {
      const res = await rds(ctx).send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: name(ctx),
          DBClusterIdentifier: ctx.design.rds.clusterId,
          Engine: ctx.design.rds.engine,
          DBInstanceClass: ctx.design.rds.instanceClass,
          AvailabilityZone: az(ctx),
          PubliclyAccessible: false,
          AutoMinorVersionUpgrade: true,
          Tags: tagList(desiredTags(ctx, key, name(ctx))),
        }),
      )
      return present(res.DBInstance, 'DBInstance')
    },
    owned: (l, ctx) => isOwned(tagMap(l.TagList), ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'dbClusterIdentifier',
        requirement: 'rds.multi-az',
        expected: ctx.design.rds.clusterId,
        actual: (l) => l.DBClusterIdentifier,
        immutable: true,
      },
      {
        path: 'availabilityZone',
        requirement: 'rds.multi-az',
        expected: az(ctx),
        actual: (l) => l.AvailabilityZone,
        immutable: true,
      },
      {
        path: 'dbInstanceClass',
        requirement: 'rds.instance-class',
        expected: ctx.design.rds.instanceClass,
        actual: (l) => l.DBInstanceClass,
        restarts: true,
      },
      {
        path: 'publiclyAccessible',
        requirement: 'principle.security',
        expected: false,
        actual: (l) => l.PubliclyAccessible === true,
      },
      tagsField(desiredTags(ctx, key, name(ctx)), (l) => tagMap(l.TagList)),
    ],
    async update(ctx, live, changes) {
      const has = (p: string) => changes.some((c) => c.path === p)
      const mod: Record<string, unknown> = {}
      if (has('dbInstanceClass')) mod.DBInstanceClass = ctx.design.rds.instanceClass
      if (has('publiclyAccessible')) mod.PubliclyAccessible = false
      // A class change restarts the instance.
      if (Object.keys(mod).length)
        await rds(ctx).send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: name(ctx),
            ApplyImmediately: applyImmediately(ctx, has('dbInstanceClass')),
            ...mod,
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await rds(ctx).send(
          new AddTagsToResourceCommand({
            ResourceName: live.DBInstanceArn,
            Tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async ready(ctx, live) {
      return live.DBInstanceStatus === 'available'
        ? live
        : (await wait(ctx, 'to be available', (i) => i?.DBInstanceStatus === 'available'))!
    },
    async delete(ctx) {
      await rds(ctx).send(new DeleteDBInstanceCommand({DBInstanceIdentifier: name(ctx)}))
      await wait(ctx, 'to be deleted', (i) => i === undefined)
    },
    outputs: (l) => ({id: present(l.DBInstanceIdentifier, 'DBInstanceIdentifier'), az: l.AvailabilityZone ?? ''}),
    physicalId: (l) => present(l.DBInstanceArn, 'DBInstanceArn'),
  }
}

export const auroraLayer: LayerDef = {
  name: 'aurora',
  description: 'Aurora MySQL 8.0: subnet group, cluster parameter group, encrypted cluster, instances in two AZs',
  dependsOn: ['network', 'security-groups', 'kms'],
  steps: (ctx) => [
    [subnetGroupResource(), parameterGroupResource()],
    [clusterResource()],
    Array.from({length: ctx.design.rds.instances}, (_, i) => instanceResource(i + 1)),
  ],
}
