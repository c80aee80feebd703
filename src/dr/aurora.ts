import {
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  RestoreDBClusterToPointInTimeCommand,
  type DBCluster,
} from '@aws-sdk/client-rds'
import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2'
import type {AwsAccess} from '../aws/clients.js'
import {unlessAbsent} from '../aws/errors.js'
import {waitUntil, type WaitOptions} from '../aws/wait.js'
import type {ResolvedDesign} from '../design/types.js'
import {UsageError} from '../errors.js'
import {drillNames, drillOf, drillTags} from './names.js'
import type {RestoreRecord} from './types.js'

/**
 * Real AWS: a point-in-time restore of an Aurora cluster and its first instance take tens of
 * minutes (the restore replays the log from the last snapshot). The drill waits as long as
 * the design's RTO, then reports a timeout: a restore slower than 4 h fails 8.1 anyway.
 */
export const RESTORE_TIMEOUT_MS = 4 * 3600_000

export type Timing = Pick<WaitOptions, 'sleep' | 'now'>

const rds = (aws: AwsAccess, d: ResolvedDesign) => aws.client(RDSClient, d.region)
const ec2 = (aws: AwsAccess, d: ResolvedDesign) => aws.client(EC2Client, d.region)
const absent = (code: string) => [code, `${code}Fault`]

/** The environment's cluster as RDS sees it now; provision must have made it. */
export async function sourceCluster(aws: AwsAccess, d: ResolvedDesign): Promise<DBCluster> {
  const found = (
    await unlessAbsent(
      rds(aws, d).send(new DescribeDBClustersCommand({DBClusterIdentifier: d.rds.clusterId})),
      absent('DBClusterNotFound'),
    )
  )?.DBClusters?.[0]
  if (!found)
    throw new UsageError(
      `The Aurora cluster ${d.rds.clusterId} does not exist: there is nothing to restore.`,
      `Run \`platform provision --env ${d.env}\` first.`,
    )
  return found
}

/**
 * RPO as RDS states it: a point-in-time restore can reach LatestRestorableTime and no later, so
 * what a failure now would lose is now minus that time. Typically within 5 minutes of now.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-pitr.html
 */
export function rpoSeconds(cluster: DBCluster, now: Date): number | undefined {
  const latest = cluster.LatestRestorableTime
  if (!latest) return undefined
  return Math.max(0, Math.round((now.getTime() - new Date(latest).getTime()) / 1000))
}

/**
 * A security group in the cluster's VPC with no ingress and, once the default allow-all egress
 * rule is revoked, no egress: the restored copy of production data answers nobody and calls
 * nobody. Tagged in the create call itself, so a killed drill leaves it findable.
 */
export async function isolatedGroup(aws: AwsAccess, d: ResolvedDesign, cluster: DBCluster, id: string) {
  const group = (await rds(aws, d).send(new DescribeDBSubnetGroupsCommand({DBSubnetGroupName: cluster.DBSubnetGroup})))
    .DBSubnetGroups?.[0]
  if (!group?.VpcId)
    throw new UsageError(`The DB subnet group ${cluster.DBSubnetGroup} names no VPC.`, 'Re-run provision.')
  const name = drillNames(d, id).securityGroup
  const created = await ec2(aws, d).send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: `DR drill ${id} of ${drillOf(d)}: isolated, no ingress, no egress`,
      VpcId: group.VpcId,
      TagSpecifications: [{ResourceType: 'security-group', Tags: drillTags(d, id)}],
    }),
  )
  const groupId = created.GroupId!
  // Revoked by rule id: revoking by permission spec misses rules carrying a description (moto),
  // and the id form is exact on AWS too.
  const rules = (
    await ec2(aws, d).send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [groupId]}]}))
  ).SecurityGroupRules?.filter((r) => r.IsEgress)
  const ids = (rules ?? []).map((r) => r.SecurityGroupRuleId!).filter(Boolean)
  if (ids.length > 0)
    await ec2(aws, d).send(new RevokeSecurityGroupEgressCommand({GroupId: groupId, SecurityGroupRuleIds: ids}))
  return groupId
}

/**
 * RTO as an operator would live it: from the restore request until the first instance of the
 * restored cluster is `available` (RestoreDBClusterToPointInTime restores the cluster only; an
 * instance must be created with CreateDBInstance before anything can connect).
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html
 */
export async function restoreAndTime(
  aws: AwsAccess,
  d: ResolvedDesign,
  source: DBCluster,
  id: string,
  securityGroupId: string,
  timing: Timing = {},
  onPoll?: (m: string) => void,
): Promise<RestoreRecord> {
  const names = drillNames(d, id)
  const now = timing.now ?? Date.now
  const record: RestoreRecord = {
    sourceClusterId: d.rds.clusterId,
    clusterId: names.cluster,
    instanceId: names.instance,
    securityGroupId,
    latestRestorableTime: new Date(source.LatestRestorableTime ?? 0).toISOString(),
    requestedAt: new Date(now()).toISOString(),
  }
  await rds(aws, d).send(
    new RestoreDBClusterToPointInTimeCommand({
      DBClusterIdentifier: names.cluster,
      SourceDBClusterIdentifier: d.rds.clusterId,
      UseLatestRestorableTime: true,
      DBSubnetGroupName: source.DBSubnetGroup,
      VpcSecurityGroupIds: [securityGroupId],
      DeletionProtection: false,
      CopyTagsToSnapshot: false,
      Tags: drillTags(d, id),
    }),
  )
  const wait = {timeoutMs: RESTORE_TIMEOUT_MS, minDelayMs: 5_000, maxDelayMs: 60_000, onPoll, ...timing}
  await waitUntil(
    `the restored cluster ${names.cluster}`,
    async () =>
      (await rds(aws, d).send(new DescribeDBClustersCommand({DBClusterIdentifier: names.cluster}))).DBClusters?.[0],
    (c) => (c?.Status === 'available' ? 'done' : c?.Status?.includes('failed') ? {failed: c.Status} : 'pending'),
    (c) => c?.Status ?? 'absent',
    wait,
  )
  record.clusterAvailableAt = new Date(now()).toISOString()
  await rds(aws, d).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: names.instance,
      DBClusterIdentifier: names.cluster,
      Engine: source.Engine ?? d.rds.engine,
      DBInstanceClass: d.rds.instanceClass,
      PubliclyAccessible: false,
      Tags: drillTags(d, id),
    }),
  )
  await waitUntil(
    `the restored instance ${names.instance}`,
    async () =>
      (await rds(aws, d).send(new DescribeDBInstancesCommand({DBInstanceIdentifier: names.instance}))).DBInstances?.[0],
    (i) =>
      i?.DBInstanceStatus === 'available'
        ? 'done'
        : ['failed', 'incompatible-restore', 'incompatible-parameters', 'incompatible-network'].includes(
              i?.DBInstanceStatus ?? '',
            )
          ? {failed: i!.DBInstanceStatus!}
          : 'pending',
    (i) => i?.DBInstanceStatus ?? 'absent',
    wait,
  )
  record.instanceAvailableAt = new Date(now()).toISOString()
  return record
}
