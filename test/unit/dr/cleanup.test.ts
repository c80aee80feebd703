import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds'
import {DeleteSecurityGroupCommand, DescribeSecurityGroupsCommand, EC2Client} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {findDrillResources, removeDrillResources} from '../../../src/dr/cleanup.js'

const rds = mockClient(RDSClient)
const ec2 = mockClient(EC2Client)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const d = resolveDesign({}, 'staging')
const drillTag = [{Key: 'platform:drill-of', Value: 'medical-ai-staging'}]
const clock = () => {
  let t = 0
  return {now: () => t, sleep: async (ms: number) => void (t += ms)}
}

beforeEach(() => {
  rds.reset()
  ec2.reset()
})

describe('drill cleanup', () => {
  it('finds drill resources by their tag only: the environment cluster and other drills are left alone', async () => {
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {DBClusterIdentifier: 'medical-ai-staging-aurora', TagList: [{Key: 'environment', Value: 'staging'}]},
        {DBClusterIdentifier: 'medical-ai-staging-drill-1', TagList: drillTag},
        {
          DBClusterIdentifier: 'medical-ai-prod-drill-1',
          TagList: [{Key: 'platform:drill-of', Value: 'medical-ai-prod'}],
        },
      ],
    })
    rds.on(DescribeDBInstancesCommand).resolves({DBInstances: []})
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1', Tags: drillTag}]})
    expect(await findDrillResources(new AwsAccess({credentials: creds}), d)).toEqual({
      clusters: ['medical-ai-staging-drill-1'],
      instances: [],
      securityGroups: ['sg-1'],
    })
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, {
      Filters: [{Name: 'tag:platform:drill-of', Values: ['medical-ai-staging']}],
    })
  })

  it('a killed drill left a creating instance: waits until RDS accepts deletion, then instance, cluster, group in order', async () => {
    let instance: string | undefined = 'creating'
    const instanceStates = ['creating', 'creating', 'available']
    let cluster: string | undefined = 'available'
    const order: string[] = []
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: {DBInstanceIdentifier?: string}) => {
      if (!input.DBInstanceIdentifier)
        return {DBInstances: [{DBInstanceIdentifier: 'i-1', TagList: drillTag, DBInstanceStatus: instance}]}
      if (instance === undefined)
        throw Object.assign(new Error('gone'), {name: 'DBInstanceNotFoundFault', $metadata: {httpStatusCode: 404}})
      if (instance !== 'deleting') instance = instanceStates.shift() ?? instance
      return {DBInstances: [{DBInstanceStatus: instance}]}
    })
    rds.on(DeleteDBInstanceCommand).callsFake(async () => {
      order.push('instance')
      instance = undefined
      return {}
    })
    rds.on(DescribeDBClustersCommand).callsFake(async (input: {DBClusterIdentifier?: string}) => {
      if (!input.DBClusterIdentifier) return {DBClusters: [{DBClusterIdentifier: 'c-1', TagList: drillTag}]}
      if (cluster === undefined)
        throw Object.assign(new Error('gone'), {name: 'DBClusterNotFoundFault', $metadata: {httpStatusCode: 404}})
      return {DBClusters: [{Status: cluster}]}
    })
    rds.on(DeleteDBClusterCommand).callsFake(async () => {
      order.push('cluster')
      cluster = undefined
      return {}
    })
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1', Tags: drillTag}]})
    ec2.on(DeleteSecurityGroupCommand).callsFake(async () => {
      order.push('group')
      return {}
    })
    const removed = await removeDrillResources(new AwsAccess({credentials: creds}), d, clock())
    expect(removed).toEqual(['RDS instance i-1', 'RDS cluster c-1', 'security group sg-1'])
    expect(order).toEqual(['instance', 'cluster', 'group'])
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
      DBInstanceIdentifier: 'i-1',
      SkipFinalSnapshot: true,
    })
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, {
      DBClusterIdentifier: 'c-1',
      SkipFinalSnapshot: true,
      DeleteAutomatedBackups: true,
    })
    expect(ec2).toHaveReceivedCommandWith(DeleteSecurityGroupCommand, {GroupId: 'sg-1'})
  })

  it('an instance already deleting is not deleted twice, only waited for', async () => {
    let polls = 0
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: {DBInstanceIdentifier?: string}) => {
      if (!input.DBInstanceIdentifier)
        return {DBInstances: [{DBInstanceIdentifier: 'i-1', TagList: drillTag, DBInstanceStatus: 'deleting'}]}
      if (++polls > 2)
        throw Object.assign(new Error('gone'), {name: 'DBInstanceNotFound', $metadata: {httpStatusCode: 404}})
      return {DBInstances: [{DBInstanceStatus: 'deleting'}]}
    })
    rds.on(DescribeDBClustersCommand).resolves({DBClusters: []})
    ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: []})
    await removeDrillResources(new AwsAccess({credentials: creds}), d, clock())
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand)
    expect(polls).toBe(3)
  })
})
