import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
} from '@aws-sdk/client-rds'
import {DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, EC2Client} from '@aws-sdk/client-ec2'
import type {AwsAccess} from '../aws/clients.js'
import {isNotFound, unlessAbsent} from '../aws/errors.js'
import {waitUntil} from '../aws/wait.js'
import type {ResolvedDesign} from '../design/types.js'
import type {Timing} from './aurora.js'
import {DRILL_TAGS, drillOf, hasDrillTag} from './names.js'

/** Deleting an Aurora instance or cluster takes minutes on AWS; an hour bounds a stuck one. */
const DELETE_TIMEOUT_MS = 3600_000

/**
 * States in which RDS refuses DeleteDBInstance/DeleteDBCluster (InvalidDBInstanceState): a drill
 * killed during the restore leaves them `creating`, and the next run waits until they settle.
 */
const BUSY = new Set([
  'creating',
  'modifying',
  'backing-up',
  'rebooting',
  'upgrading',
  'renaming',
  'starting',
  'stopping',
  'configuring-enhanced-monitoring',
  'configuring-log-exports',
  'resetting-master-credentials',
])

const rds = (aws: AwsAccess, d: ResolvedDesign) => aws.client(RDSClient, d.region)
const ec2 = (aws: AwsAccess, d: ResolvedDesign) => aws.client(EC2Client, d.region)
const absent = (code: string) => [code, `${code}Fault`]

export interface DrillLeftovers {
  instances: string[]
  clusters: string[]
  securityGroups: string[]
}

/**
 * Everything any drill of this environment created and that still exists, found by the drill
 * tag alone. DescribeDBClusters/DescribeDBInstances take no tag filter (their filters are ids,
 * engines, clusters), so every page is read and the tags returned with each item are compared.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
 */
export async function findDrillResources(aws: AwsAccess, d: ResolvedDesign): Promise<DrillLeftovers> {
  const clusters: string[] = []
  for await (const page of paginateDescribeDBClusters({client: rds(aws, d)}, {}))
    for (const c of page.DBClusters ?? []) if (hasDrillTag(c.TagList, d)) clusters.push(c.DBClusterIdentifier!)
  const instances: string[] = []
  for await (const page of paginateDescribeDBInstances({client: rds(aws, d)}, {}))
    for (const i of page.DBInstances ?? []) if (hasDrillTag(i.TagList, d)) instances.push(i.DBInstanceIdentifier!)
  const groups = await ec2(aws, d).send(
    new DescribeSecurityGroupsCommand({Filters: [{Name: `tag:${DRILL_TAGS.of}`, Values: [drillOf(d)]}]}),
  )
  // Compared again client-side: moto ignores some tag filters (notes/moto.md).
  const securityGroups = (groups.SecurityGroups ?? []).filter((g) => hasDrillTag(g.Tags, d)).map((g) => g.GroupId!)
  return {instances, clusters, securityGroups}
}

export const leftoverNames = (l: DrillLeftovers) => [
  ...l.instances.map((i) => `RDS instance ${i}`),
  ...l.clusters.map((c) => `RDS cluster ${c}`),
  ...l.securityGroups.map((g) => `security group ${g}`),
]

/**
 * Deletes every drill resource of the environment, instances before their cluster (RDS refuses
 * to delete a cluster with instances) and the security group last (it is in use until the
 * cluster is gone; a DependencyViolation meanwhile is retried by the access layer, eventual.ts).
 * No final snapshot, and the automated backups of the copy go too: the copy holds nothing that
 * the source cluster does not. Returns what it removed.
 */
export async function removeDrillResources(
  aws: AwsAccess,
  d: ResolvedDesign,
  timing: Timing = {},
  onPoll?: (m: string) => void,
): Promise<string[]> {
  const found = await findDrillResources(aws, d)
  const wait = {timeoutMs: DELETE_TIMEOUT_MS, minDelayMs: 5_000, maxDelayMs: 60_000, onPoll, ...timing}
  await Promise.all(
    found.instances.map(async (id) => {
      const describe = async () =>
        (
          await unlessAbsent(
            rds(aws, d).send(new DescribeDBInstancesCommand({DBInstanceIdentifier: id})),
            absent('DBInstanceNotFound'),
          )
        )?.DBInstances?.[0]
      const settled = await waitUntil(
        `the drill instance ${id} to accept deletion`,
        describe,
        (i) => (!i || !BUSY.has(i.DBInstanceStatus ?? '') ? 'done' : 'pending'),
        (i) => i?.DBInstanceStatus ?? 'absent',
        wait,
      )
      if (settled && settled.DBInstanceStatus !== 'deleting')
        await ignoreAbsent(
          rds(aws, d).send(new DeleteDBInstanceCommand({DBInstanceIdentifier: id, SkipFinalSnapshot: true})),
          'DBInstanceNotFound',
        )
      await waitUntil(
        `the drill instance ${id} to be deleted`,
        describe,
        (i) => (i ? 'pending' : 'done'),
        (i) => i?.DBInstanceStatus ?? 'absent',
        wait,
      )
    }),
  )
  await Promise.all(
    found.clusters.map(async (id) => {
      const describe = async () =>
        (
          await unlessAbsent(
            rds(aws, d).send(new DescribeDBClustersCommand({DBClusterIdentifier: id})),
            absent('DBClusterNotFound'),
          )
        )?.DBClusters?.[0]
      const settled = await waitUntil(
        `the drill cluster ${id} to accept deletion`,
        describe,
        (c) => (!c || !BUSY.has(c.Status ?? '') ? 'done' : 'pending'),
        (c) => c?.Status ?? 'absent',
        wait,
      )
      if (settled && settled.Status !== 'deleting')
        await ignoreAbsent(
          rds(aws, d).send(
            new DeleteDBClusterCommand({
              DBClusterIdentifier: id,
              SkipFinalSnapshot: true,
              DeleteAutomatedBackups: true,
            }),
          ),
          'DBClusterNotFound',
        )
      await waitUntil(
        `the drill cluster ${id} to be deleted`,
        describe,
        (c) => (c ? 'pending' : 'done'),
        (c) => c?.Status ?? 'absent',
        wait,
      )
    }),
  )
  for (const id of found.securityGroups)
    await ignoreAbsent(ec2(aws, d).send(new DeleteSecurityGroupCommand({GroupId: id})), 'InvalidGroup.NotFound')
  return leftoverNames(found)
}

async function ignoreAbsent(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p
  } catch (err) {
    if (!isNotFound(err, code, `${code}Fault`)) throw err
  }
}
