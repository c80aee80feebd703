import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {removeCanaries, replicationCanary, veleroBackups} from '../../../src/dr/s3.js'

const s3 = mockClient(S3Client)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const d = resolveDesign({}, 'staging')
const models = d.s3.buckets.find((b) => b.role === 'models')!
const KEY = 'platform-drill/20261201-120000.txt'
const notFound = () => Object.assign(new Error(''), {name: 'NotFound', $metadata: {httpStatusCode: 404}})
const clock = () => {
  let t = Date.parse('2026-12-01T12:00:00Z')
  return {now: () => t, sleep: async (ms: number) => void (t += ms)}
}
const canary = (timing = clock()) =>
  replicationCanary(new AwsAccess({credentials: creds}), d, models, '20261201-120000', timing)

beforeEach(() => s3.reset())

describe('the replication canary', () => {
  it('times the arrival in the DR bucket once S3 has queued it (PENDING on the source)', async () => {
    let replicaPolls = 0
    s3.on(PutObjectCommand).resolves({})
    s3.on(HeadObjectCommand).callsFake(async (input: {Bucket: string}) => {
      if (input.Bucket === models.name) return {ReplicationStatus: 'PENDING'}
      if (++replicaPolls < 3) throw notFound()
      return {ReplicationStatus: 'REPLICA'}
    })
    const m = await canary()
    // Polls at 2 s and 3 s before the third finds it: 5 s.
    expect(m).toMatchObject({id: `s3-replication:${models.name}`, status: 'PASS', seconds: 5})
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {Bucket: models.name, Key: KEY})
    expect(s3).toHaveReceivedCommandWith(HeadObjectCommand, {Bucket: models.replicaName, Key: KEY})
  })

  it('an object S3 never queued (no replication status, as on moto) is NOT_MEASURED, never a pass', async () => {
    s3.on(PutObjectCommand).resolves({})
    s3.on(HeadObjectCommand).resolves({})
    const m = await canary()
    expect(m.status).toBe('NOT_MEASURED')
    expect(m.message).toContain('did not queue the canary')
    expect(s3).not.toHaveReceivedCommandWith(HeadObjectCommand, {Bucket: models.replicaName, Key: KEY})
  })

  it('a refused write (a 403 without a body) is NOT_MEASURED and names the HTTP status', async () => {
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('UnknownError'), {name: 'Unknown', $metadata: {httpStatusCode: 403}}),
    )
    const m = await canary()
    expect(m).toMatchObject({status: 'NOT_MEASURED', message: expect.stringContaining('HTTP 403')})
  })

  it('a source reporting FAILED, or no arrival within the RPO, is a FAIL', async () => {
    s3.on(PutObjectCommand).resolves({})
    s3.on(HeadObjectCommand, {Bucket: models.name})
      .resolvesOnce({ReplicationStatus: 'PENDING'})
      .resolves({ReplicationStatus: 'FAILED'})
    s3.on(HeadObjectCommand, {Bucket: models.replicaName}).rejects(notFound())
    expect(await canary()).toMatchObject({status: 'FAIL', message: expect.stringContaining('FAILED')})

    s3.reset()
    s3.on(PutObjectCommand).resolves({})
    s3.on(HeadObjectCommand, {Bucket: models.name}).resolves({ReplicationStatus: 'PENDING'})
    s3.on(HeadObjectCommand, {Bucket: models.replicaName}).rejects(notFound())
    expect(await canary()).toMatchObject({status: 'FAIL', message: expect.stringContaining('Timed out')})
  })

  it('cleanup deletes every version and delete marker under the drill prefix, in sources and replicas', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{Key: KEY, VersionId: 'v1'}],
      DeleteMarkers: [{Key: KEY, VersionId: 'm1'}],
    })
    s3.on(DeleteObjectCommand).resolves({})
    const r = await removeCanaries(new AwsAccess({credentials: creds}), d)
    // models, data and their two replicas, two versions each.
    expect(r.removed).toHaveLength(8)
    expect(r.problems).toEqual([])
    expect(s3).toHaveReceivedCommandWith(ListObjectVersionsCommand, {
      Bucket: models.replicaName,
      Prefix: 'platform-drill/',
    })
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, {Bucket: models.name, Key: KEY, VersionId: 'm1'})
  })
})

describe('Velero backups', () => {
  const now = new Date('2026-12-02T12:00:00Z')
  const obj = (name: string, at: string) => ({Key: `backups/${name}/velero-backup.json`, LastModified: new Date(at)})

  it('lists the latest backups from their metadata objects; a latest within a day passes', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        obj('daily-1', '2026-12-01T03:00:00Z'),
        {Key: 'backups/daily-2/daily-2-logs.gz', LastModified: new Date('2026-12-02T03:00:01Z')},
        obj('daily-2', '2026-12-02T03:00:00Z'),
      ],
    })
    const m = await veleroBackups(new AwsAccess({credentials: creds}), d, now)
    expect(m).toMatchObject({status: 'PASS', seconds: 9 * 3600})
    expect(m.details).toMatchObject({count: 2, latest: [{name: 'daily-2'}, {name: 'daily-1'}]})
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {Bucket: d.velero.bucket, Prefix: 'backups/'})
  })

  it('no backup, or a latest older than a missed daily run, fails', async () => {
    s3.on(ListObjectsV2Command).resolves({Contents: []})
    expect(await veleroBackups(new AwsAccess({credentials: creds}), d, now)).toMatchObject({status: 'FAIL'})
    s3.on(ListObjectsV2Command).resolves({Contents: [obj('daily-0', '2026-11-30T03:00:00Z')]})
    expect(await veleroBackups(new AwsAccess({credentials: creds}), d, now)).toMatchObject({status: 'FAIL'})
  })
})
