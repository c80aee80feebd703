import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2'
import {
  DeleteDBClusterCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  RestoreDBClusterToPointInTimeCommand,
} from '@aws-sdk/client-rds'
import {ListObjectVersionsCommand, ListObjectsV2Command, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {runDrill} from '../../../src/dr/run.js'
import {verifyBundle} from '../../../src/evidence/verify.js'

const rds = mockClient(RDSClient)
const ec2 = mockClient(EC2Client)
const s3 = mockClient(S3Client)
const ssm = mockClient(SSMClient)
const sts = mockClient(STSClient)
const d = resolveDesign({}, 'staging')
const DRILL = [{Key: 'platform:drill-of', Value: 'medical-ai-staging'}]
let work: string

beforeEach(() => {
  for (const m of [rds, ec2, s3, ssm, sts]) m.reset()
  work = mkdtempSync(join(tmpdir(), 'drill-run-'))
  sts.on(GetCallerIdentityCommand).resolves({Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ops'})
  let lock: string | undefined
  ssm.on(PutParameterCommand).callsFake(async (i: {Value: string}) => void (lock = i.Value))
  ssm.on(GetParameterCommand).callsFake(async () => ({Parameter: {Value: lock}}))
  ssm.on(DeleteParameterCommand).callsFake(async () => void (lock = undefined))
  s3.on(ListObjectVersionsCommand).resolves({})
  s3.on(PutObjectCommand).resolves({})
  s3.on(ListObjectsV2Command).resolves({})
  rds.on(DescribeDBSubnetGroupsCommand).resolves({DBSubnetGroups: [{VpcId: 'vpc-1'}]})
  ec2.on(CreateSecurityGroupCommand).resolves({GroupId: 'sg-drill'})
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({SecurityGroupRules: []})
})
afterEach(() => rmSync(work, {recursive: true, force: true}))

describe('runDrill', () => {
  const START = Date.parse('2026-12-01T12:00:00Z')
  let t = START
  it('a restore slower than the RTO is a FAIL of 8.1; the copy is removed once RDS accepts it, and the bundle is written', async () => {
    // The restored cluster never becomes available; once deleted, it is gone.
    let restored: string | undefined
    rds.on(RestoreDBClusterToPointInTimeCommand).callsFake(async (i: {DBClusterIdentifier: string}) => {
      restored = i.DBClusterIdentifier
      return {}
    })
    rds.on(DescribeDBClustersCommand).callsFake(async (i: {DBClusterIdentifier?: string}) => {
      if (i.DBClusterIdentifier === 'medical-ai-staging-aurora')
        return {
          DBClusters: [
            {
              DBSubnetGroup: 'g',
              Engine: 'aurora-mysql',
              LatestRestorableTime: new Date(Date.parse('2026-12-01T11:58:20Z')),
            },
          ],
        }
      if (i.DBClusterIdentifier) {
        if (!restored)
          throw Object.assign(new Error('gone'), {name: 'DBClusterNotFoundFault', $metadata: {httpStatusCode: 404}})
        // Slower than the RTO: available only after 4 h 10 min.
        return {DBClusters: [{Status: t < START + 250 * 60_000 ? 'creating' : 'available'}]}
      }
      return {DBClusters: restored ? [{DBClusterIdentifier: restored, TagList: DRILL, Status: 'available'}] : []}
    })
    rds.on(DeleteDBClusterCommand).callsFake(async () => void (restored = undefined))
    rds.on(DescribeDBInstancesCommand).resolves({DBInstances: []})
    let group: string | undefined = 'sg-drill'
    ec2.on(DescribeSecurityGroupsCommand).callsFake(async () => ({
      SecurityGroups: group ? [{GroupId: group, Tags: DRILL}] : [],
    }))
    ec2.on(DeleteSecurityGroupCommand).callsFake(async () => void (group = undefined))
    // Before the restore, the start-of-drill cleanup finds nothing: the group appears with it.
    group = undefined
    ec2.on(CreateSecurityGroupCommand).callsFake(async () => {
      group = 'sg-drill'
      return {GroupId: 'sg-drill'}
    })

    const out = await runDrill({
      design: d,
      aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
      outDir: join(work, 'bundle'),
      tool: {name: 'platform', version: 'test'},
      commandLine: ['platform', 'dr', 'drill'],
      timing: {now: () => t, sleep: async (ms) => void (t += ms)},
    })
    const m = Object.fromEntries(out.measurements.map((x) => [x.id, x]))
    expect(m.rpo).toMatchObject({status: 'PASS', seconds: 100})
    expect(m.rto).toMatchObject({status: 'FAIL', message: expect.stringContaining('Timed out')})
    expect(m.rto!.seconds).toBeUndefined()
    expect(m['velero-backups']).toMatchObject({status: 'FAIL'})
    // The canaries were written but S3 queued nothing (no replication status): never a pass.
    expect(m[`s3-replication:${d.s3.buckets[0]!.name}`]?.status).toBe('NOT_MEASURED')
    expect(m.teardown, JSON.stringify(m.teardown)).toMatchObject({status: 'PASS'})
    expect(out.removed).toEqual([
      `RDS cluster ${restored ?? out.removed[0]!.replace('RDS cluster ', '')}`,
      'security group sg-drill',
    ])
    expect(out.verdict).toBe('FAIL')
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, {SkipFinalSnapshot: true})
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: '/platform/medical-ai/staging/drill-lock',
      Overwrite: false,
    })
    expect(ssm).toHaveReceivedCommand(DeleteParameterCommand)
    const v = verifyBundle(out.bundle.dir, {allowUnsigned: true})
    expect(v.problems).toEqual([])
    expect(v.manifest?.summary).toEqual({pass: 2, fail: 2, error: 2, manual: 0, muted: 0})
    expect(JSON.parse(readFileSync(join(out.bundle.dir, 'drill.json'), 'utf8')).verdict).toBe('FAIL')
  })
})
