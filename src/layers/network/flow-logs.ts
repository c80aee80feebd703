import {CreateFlowLogsCommand, DeleteFlowLogsCommand, DescribeFlowLogsCommand, type FlowLog} from '@aws-sdk/client-ec2'
import {createHash} from 'node:crypto'
import {AwsCallError} from '../../errors.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {trustPolicy} from '../iam/policy.js'
import {roleResource} from '../iam/role.js'
import {logGroupResource} from '../logs.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {applyTags, ec2, findOwned} from './ec2.js'
import {RESOURCES} from '../../resources.js'
import {present} from '../../aws/present.js'

const REQ = ['baseline.vpc.flow-logs']

/** The role VPC Flow Logs assumes to write to the log group, limited to that group. */
export function flowLogRoleResource(name: string) {
  return roleResource({
    key: RESOURCES.flowLogRole,
    name,
    description: 'VPC flow logs delivery to CloudWatch Logs',
    requirements: REQ,
    trust: () => trustPolicy('vpc-flow-logs.amazonaws.com'),
    managedPolicies: [],
    inline: (ctx) => ({
      'deliver-flow-logs': {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [
              `arn:aws:logs:${ctx.design.region}:${ctx.account}:log-group:${ctx.design.baseline.flowLogGroup}:*`,
            ],
          },
        ],
      },
    }),
  })
}

export function flowLogGroupResource() {
  return logGroupResource({
    key: RESOURCES.flowLogGroup,
    name: (c) => c.design.baseline.flowLogGroup,
    region: (c) => c.design.region,
    retentionDays: (c) => c.design.baseline.flowLogRetentionDays,
    requirement: REQ[0]!,
  })
}

const flowLogName = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-vpc-flow-log`

export function flowLogResource(): ResourceDef<FlowLog, {id: string}> {
  const key = RESOURCES.flowLog
  const name = flowLogName
  return {
    key,
    name: 'flow-log',
    requirements: REQ,
    needs: [RESOURCES.vpc, RESOURCES.flowLogGroup, RESOURCES.flowLogRole],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeFlowLogsCommand({
          Filter: [...ownedFilters(ctx, key), {Name: 'resource-id', Values: [ctx.need(RESOURCES.vpc).id]}],
        }),
      )
      return findOwned(res.FlowLogs, 'flow logs', ctx, key)
    },
    async create(ctx) {
      return createFlowLog(ctx)
    },
    fields: (ctx) => [
      {path: 'trafficType', requirement: REQ[0], expected: 'ALL', actual: (l) => l.TrafficType, immutable: true},
      {
        path: 'logGroupName',
        requirement: REQ[0],
        expected: ctx.design.baseline.flowLogGroup,
        actual: (l) => l.LogGroupName,
        immutable: true,
      },
      {
        path: 'deliverLogsPermissionArn',
        requirement: REQ[0],
        expected: ctx.ref(RESOURCES.flowLogRole)?.arn,
        actual: (l) => l.DeliverLogsPermissionArn,
        immutable: true,
      },
      // FAILED: the role or the log group refused the records ("Access error" in
      // DeliverLogsErrorMessage, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html).
      // AWS documents no call that makes EC2 check again, and the emulator never does: update()
      // replaces the flow log (it holds no data) once the role and the group are right, and the
      // check vpc-flow-logs-deliver fails until then.
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html (DeliverLogsStatus)
      {path: 'deliverLogsStatus', requirement: REQ[0], expected: 'SUCCESS', actual: (l) => l.DeliverLogsStatus ?? null},
      tagsField(desiredTags(ctx, key, name(ctx)), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      // Only an explicit FAILED: right after CreateFlowLogs the status may not be readable yet.
      if (changes.some((c) => c.path === 'deliverLogsStatus') && live.DeliverLogsStatus === 'FAILED') {
        ctx.progress(`flow log ${live.FlowLogId} does not deliver (FAILED): replacing it`)
        await ec2(ctx).send(new DeleteFlowLogsCommand({FlowLogIds: [present(live.FlowLogId, 'FlowLogId')]}))
        await createFlowLog(ctx, live.FlowLogId)
        return
      }
      await applyTags(ctx, present(live.FlowLogId, 'FlowLogId'), changes)
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteFlowLogsCommand({FlowLogIds: [present(live.FlowLogId, 'FlowLogId')]}))
    },
    outputs: (l) => ({id: present(l.FlowLogId, 'FlowLogId')}),
    physicalId: (l) => present(l.FlowLogId, 'FlowLogId'),
  }
}

/**
 * One CreateFlowLogs. Its ClientToken covers the SDK's retries of this run only: EC2 answers a
 * repeated token with the original flow log even once deleted, so a token that outlived the run
 * (or the flow log it replaces) would bring back a deleted one instead of a new one.
 */
async function createFlowLog(ctx: EngineContext, replacing?: string): Promise<FlowLog> {
  const key = RESOURCES.flowLog
  const name = flowLogName
  const res = await ec2(ctx).send(
    new CreateFlowLogsCommand({
      ResourceIds: [ctx.need(RESOURCES.vpc).id],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: ctx.design.baseline.flowLogGroup,
      DeliverLogsPermissionArn: ctx.need(RESOURCES.flowLogRole).arn,
      ClientToken: createHash('sha256')
        .update(
          `${ctx.design.project}|${ctx.design.env}|${key.id}|${ctx.need(RESOURCES.vpc).id}|${ctx.aws.runId}|${replacing ?? ''}`,
        )
        .digest('hex')
        .slice(0, 32),
      TagSpecifications: [{ResourceType: 'vpc-flow-log', Tags: tagList(desiredTags(ctx, key, name(ctx)))}],
    }),
  )
  // CreateFlowLogs answers 200 and reports per-resource failures in Unsuccessful[].
  const failed = res.Unsuccessful?.[0]
  if (failed)
    throw new AwsCallError(
      `CreateFlowLogs failed for ${failed.ResourceId}: ${failed.Error?.Code} ${failed.Error?.Message}`,
      'Check the delivery role and the log group.',
      failed.Error?.Code ?? 'FLOW_LOGS',
    )
  return {
    FlowLogId: res.FlowLogIds?.[0],
    TrafficType: 'ALL',
    LogGroupName: ctx.design.baseline.flowLogGroup,
    LogDestinationType: 'cloud-watch-logs',
    DeliverLogsPermissionArn: ctx.need(RESOURCES.flowLogRole).arn,
    Tags: tagList(desiredTags(ctx, key, name(ctx))),
  }
}
