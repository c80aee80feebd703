import {describe, expect, it} from 'vitest'
import {
  AwsLikeState,
  notYetAnswer,
  parseRealismSpec,
  presentPending,
  recordCreation,
  recordRebootState,
} from '../../../src/aws/realism.js'

/** The test bed's AWS-like answers (realism.ts) on a clock the test moves. */
function state() {
  let t = 0
  const s = new AwsLikeState(parseRealismSpec('consistencyMs=3000,pendingMs=4000')!, () => t)
  return {s, at: (ms: number) => (t = ms)}
}

describe('the AWS-like test bed', () => {
  it('answers NotFound for a fresh EC2 id, then lets it through once consistent', () => {
    const {s, at} = state()
    recordCreation(s, 'EC2', 'CreateVpc', {}, {Vpc: {VpcId: 'vpc-0abc1234'}})
    expect(notYetAnswer(s, 'EC2', 'ModifyVpcAttribute', {VpcId: 'vpc-0abc1234'})).toMatchObject({
      name: 'InvalidVpcID.NotFound',
    })
    expect(notYetAnswer(s, 'EC2', 'DescribeVpcs', {VpcIds: ['vpc-0abc1234']})).toBeUndefined()
    at(3_000)
    expect(notYetAnswer(s, 'EC2', 'ModifyVpcAttribute', {VpcId: 'vpc-0abc1234'})).toBeUndefined()
  })

  it('EKS refuses a role created seconds ago with its InvalidParameterException message', () => {
    const {s} = state()
    recordCreation(s, 'IAM', 'CreateRole', {}, {Role: {Arn: 'arn:aws:iam::1:role/eks'}})
    expect(notYetAnswer(s, 'EKS', 'CreateCluster', {roleArn: 'arn:aws:iam::1:role/eks'})).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Role could not be assumed because the trusted entity is not correct',
    })
  })

  it('keeps an Aurora cluster creating, then available', () => {
    const {s, at} = state()
    recordCreation(s, 'RDS', 'CreateDBCluster', {DBClusterIdentifier: 'c'}, {})
    const out = {DBClusters: [{DBClusterIdentifier: 'c', Status: 'available'}]}
    presentPending(s, 'RDS', out)
    expect(out.DBClusters[0]!.Status).toBe('creating')
    at(4_000)
    const later = {DBClusters: [{DBClusterIdentifier: 'c', Status: 'available'}]}
    presentPending(s, 'RDS', later)
    expect(later.DBClusters[0]!.Status).toBe('available')
  })

  it('shows members pending-reboot after a parameter group switch until each is rebooted, however long', () => {
    const {s, at} = state()
    const read = () => {
      const out = {
        DBClusters: [
          {
            DBClusterIdentifier: 'c',
            DBClusterParameterGroup: 'g',
            DBClusterMembers: [
              {DBInstanceIdentifier: 'c-1', DBClusterParameterGroupStatus: 'in-sync'},
              {DBInstanceIdentifier: 'c-2', DBClusterParameterGroupStatus: 'in-sync'},
            ],
          },
        ],
      }
      presentPending(s, 'RDS', out)
      return out.DBClusters[0]!.DBClusterMembers.map((m) => m.DBClusterParameterGroupStatus)
    }
    recordRebootState(s, 'RDS', 'ModifyDBCluster', {DBClusterIdentifier: 'c', DBClusterParameterGroupName: 'g'})
    at(60 * 60_000)
    expect(read()).toEqual(['pending-reboot', 'pending-reboot'])
    recordRebootState(s, 'RDS', 'RebootDBInstance', {DBInstanceIdentifier: 'c-1'})
    expect(read()).toEqual(['in-sync', 'pending-reboot'])
    recordRebootState(s, 'RDS', 'RebootDBInstance', {DBInstanceIdentifier: 'c-2'})
    expect(read()).toEqual(['in-sync', 'in-sync'])
  })

  it('a pending-reboot parameter marks the clusters using that group; an immediate one does not', () => {
    const {s} = state()
    recordRebootState(s, 'RDS', 'ModifyDBClusterParameterGroup', {
      DBClusterParameterGroupName: 'other',
      Parameters: [{ParameterName: 'x', ApplyMethod: 'immediate'}],
    })
    expect(s.rebootNeeded.groups.size).toBe(0)
    recordRebootState(s, 'RDS', 'ModifyDBClusterParameterGroup', {
      DBClusterParameterGroupName: 'g',
      Parameters: [{ParameterName: 'innodb_log_file_size', ApplyMethod: 'pending-reboot'}],
    })
    const out = {
      DBClusters: [
        {DBClusterIdentifier: 'c', DBClusterParameterGroup: 'g', DBClusterMembers: [{DBInstanceIdentifier: 'c-1'}]},
      ],
    }
    presentPending(s, 'RDS', out)
    expect(out.DBClusters[0]!.DBClusterMembers[0]).toMatchObject({DBClusterParameterGroupStatus: 'pending-reboot'})
  })
})
