import {
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  RestoreDBClusterToPointInTimeCommand,
} from '@aws-sdk/client-rds'
import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {isolatedGroup, restoreAndTime, rpoSeconds, sourceCluster} from '../../../src/dr/aurora.js'
import {drillId, drillNames} from '../../../src/dr/names.js'

const rds = mockClient(RDSClient)
const ec2 = mockClient(EC2Client)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const d = resolveDesign({}, 'staging')
const ID = '20261201-120000'
const DRILL_TAGS = [
  {Key: 'platform:drill-of', Value: 'medical-ai-staging'},
  {Key: 'platform:drill', Value: ID},
  {Key: 'Name', Value: `medical-ai-staging-drill-${ID}`},
]

/** A clock that advances only when the drill sleeps: durations are the sum of its polling delays. */
function fakeClock(start = Date.parse('2026-12-01T12:00:00Z')) {
  let t = start
  return {now: () => t, sleep: async (ms: number) => void (t += ms)}
}

beforeEach(() => {
  rds.reset()
  ec2.reset()
})

describe('drill names', () => {
  it('are valid RDS identifiers within 63 characters, sortable by time', () => {
    const id = drillId(new Date('2026-12-01T08:01:49.380Z'))
    expect(id).toBe('20261201-080149')
    const n = drillNames(resolveDesign({project: 'abcdefghijklmnopqrst'}, 'staging'), id)
    expect(n.instance.length).toBeLessThanOrEqual(63)
    expect(n.cluster).toMatch(/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/)
  })
})

describe('RPO', () => {
  it('is now minus LatestRestorableTime, in seconds', () => {
    const now = new Date('2026-12-01T12:00:00Z')
    expect(rpoSeconds({LatestRestorableTime: new Date('2026-12-01T11:55:00Z')}, now)).toBe(300)
    expect(rpoSeconds({}, now)).toBeUndefined()
  })

  it('refuses to drill an environment whose cluster does not exist', async () => {
    rds
      .on(DescribeDBClustersCommand)
      .rejects(Object.assign(new Error('nope'), {name: 'DBClusterNotFoundFault', $metadata: {httpStatusCode: 404}}))
    await expect(sourceCluster(new AwsAccess({credentials: creds}), d)).rejects.toMatchObject({
      code: 'USAGE',
      remedy: expect.stringContaining('platform provision --env staging'),
    })
  })
})

describe('the isolated security group', () => {
  it('is created in the cluster VPC with the drill tags, and its default egress rule is revoked by id', async () => {
    rds.on(DescribeDBSubnetGroupsCommand).resolves({DBSubnetGroups: [{VpcId: 'vpc-1'}]})
    ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-drill'})
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [{SecurityGroupRuleId: 'sgr-out', IsEgress: true}],
    })
    const id = await isolatedGroup(
      new AwsAccess({credentials: creds}),
      d,
      {DBSubnetGroup: 'medical-ai-staging-db-subnets'},
      ID,
    )
    expect(id).toBe('sg-drill')
    expect(ec2).toHaveReceivedCommandWith(CreateSecurityGroupCommand, {
      GroupName: `medical-ai-staging-drill-${ID}`,
      VpcId: 'vpc-1',
      TagSpecifications: [{ResourceType: 'security-group', Tags: DRILL_TAGS}],
    })
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, {
      GroupId: 'sg-drill',
      SecurityGroupRuleIds: ['sgr-out'],
    })
  })
})

describe('RTO', () => {
  it('restores to the latest restorable time, creates an instance, and times both until available', async () => {
    const clusterStates = ['creating', 'creating', 'available']
    rds.on(RestoreDBClusterToPointInTimeCommand).resolves({DBCluster: {Status: 'creating'}})
    rds
      .on(DescribeDBClustersCommand)
      .callsFake(async () => ({DBClusters: [{Status: clusterStates.shift() ?? 'available'}]}))
    const instanceStates = ['creating', 'backing-up', 'available']
    rds.on(CreateDBInstanceCommand).resolves({DBInstance: {DBInstanceStatus: 'creating'}})
    rds
      .on(DescribeDBInstancesCommand)
      .callsFake(async () => ({DBInstances: [{DBInstanceStatus: instanceStates.shift() ?? 'available'}]}))
    const clock = fakeClock()
    const polls: string[] = []
    const rec = await restoreAndTime(
      new AwsAccess({credentials: creds}),
      d,
      {DBSubnetGroup: 'medical-ai-staging-db-subnets', Engine: 'aurora-mysql', LatestRestorableTime: new Date(0)},
      ID,
      'sg-drill',
      clock,
      (m) => polls.push(m),
    )
    // Polls start at 5 s and grow by half: 5 + 7.5 s for the cluster, again for the instance.
    expect(Date.parse(rec.clusterAvailableAt!) - Date.parse(rec.requestedAt)).toBe(12_500)
    expect(Date.parse(rec.instanceAvailableAt!) - Date.parse(rec.requestedAt)).toBe(25_000)
    expect(polls[0]).toContain('creating')
    expect(rds).toHaveReceivedCommandWith(RestoreDBClusterToPointInTimeCommand, {
      DBClusterIdentifier: `medical-ai-staging-drill-${ID}`,
      SourceDBClusterIdentifier: 'medical-ai-staging-aurora',
      UseLatestRestorableTime: true,
      DBSubnetGroupName: 'medical-ai-staging-db-subnets',
      VpcSecurityGroupIds: ['sg-drill'],
      DeletionProtection: false,
      Tags: DRILL_TAGS,
    })
    expect(rds).toHaveReceivedCommandWith(CreateDBInstanceCommand, {
      DBInstanceIdentifier: `medical-ai-staging-drill-${ID}-1`,
      DBClusterIdentifier: `medical-ai-staging-drill-${ID}`,
      DBInstanceClass: 'db.r6g.large',
      PubliclyAccessible: false,
      Tags: DRILL_TAGS,
    })
  })

  it('a restore still not available after 4 hours times out, naming the last state', async () => {
    rds.on(RestoreDBClusterToPointInTimeCommand).resolves({})
    rds.on(DescribeDBClustersCommand).resolves({DBClusters: [{Status: 'creating'}]})
    const clock = fakeClock()
    await expect(
      restoreAndTime(new AwsAccess({credentials: creds}), d, {DBSubnetGroup: 'g'}, ID, 'sg', clock),
    ).rejects.toMatchObject({code: 'WAIT_TIMEOUT', message: expect.stringContaining('creating')})
    expect(rds).not.toHaveReceivedCommand(CreateDBInstanceCommand)
  })
})
