import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {GetBucketTaggingCommand, HeadBucketCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {isReadOnlyOperation} from '../../../src/aws/recorder.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {copiesOf} from '../../../src/layers/s3/bucket.js'
import {s3Layer} from '../../../src/layers/s3/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import type {EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const s3 = mockClient(S3Client)
const tagging = mockClient(ResourceGroupsTaggingAPIClient)
const design = resolveDesign({}, 'dev')
const ctx = (mode: 'plan' | 'apply' = 'apply'): EngineContext =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design,
    account: '111122223333',
    mode,
  })
const key = RESOURCES.bucket('logs')
const logsName = design.s3.buckets.find((b) => b.role === 'logs')!.name
const ownTags = (id: string) => [
  {Key: 'project', Value: 'medical-ai'},
  {Key: 'environment', Value: 'dev'},
  {Key: 'managed-by', Value: 'platform'},
  {Key: 'platform:logical-id', Value: id},
]
const notFound = () => Object.assign(new Error('NotFound'), {name: 'NotFound', $metadata: {httpStatusCode: 404}})
const mutating = () =>
  s3
    .calls()
    .map((c) => (c.args[0] as {constructor: {name: string}}).constructor.name)
    .filter((n) => !isReadOnlyOperation(n))

beforeEach(() => {
  s3.reset()
  tagging.reset()
})

describe('bucket copies are found by their tags (Resource Groups Tagging API) and confirmed on S3', () => {
  it('asks for s3:bucket resources carrying all four tags; a listed bucket that is gone or no longer ours is no copy', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        {ResourceARN: `arn:aws:s3:::${logsName}`},
        {ResourceARN: 'arn:aws:s3:::logs-deleted-a-moment-ago'},
        {ResourceARN: 'arn:aws:s3:::logs-retagged-since'},
        {ResourceARN: 'arn:aws:s3:::logs-copy'},
      ],
    })
    s3.on(HeadBucketCommand).resolves({BucketRegion: 'ap-northeast-1'})
    s3.on(HeadBucketCommand, {Bucket: 'logs-deleted-a-moment-ago'}).rejects(notFound())
    s3.on(GetBucketTaggingCommand, {Bucket: 'logs-retagged-since'}).resolves({TagSet: ownTags('s3/data')})
    s3.on(GetBucketTaggingCommand, {Bucket: 'logs-copy'}).resolves({TagSet: ownTags(key.id)})
    const copies = await copiesOf(ctx(), {key, name: logsName}, 'ap-northeast-1')
    expect(copies.map((c) => c.live.name)).toEqual(['logs-copy'])
    expect(copies[0]!.why).toMatch(new RegExp(`ownership tags and logical id of ${logsName}`))
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      ResourceTypeFilters: ['s3:bucket'],
      TagFilters: [
        {Key: 'project', Values: ['medical-ai']},
        {Key: 'environment', Values: ['dev']},
        {Key: 'managed-by', Values: ['platform']},
        {Key: 'platform:logical-id', Values: [key.id]},
      ],
    })
    // The bucket with the design's name is not its own copy, and is not even confirmed.
    expect(s3).not.toHaveReceivedCommandWith(HeadBucketCommand, {Bucket: logsName})
    expect(s3).toHaveReceivedCommandWith(HeadBucketCommand, {Bucket: 'logs-deleted-a-moment-ago'})
    expect(s3).not.toHaveReceivedCommandWith(GetBucketTaggingCommand, {Bucket: 'logs-deleted-a-moment-ago'})
  })

  it('follows the pagination token', async () => {
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ResourceTagMappingList: [], PaginationToken: 'p2'})
      .resolvesOnce({ResourceTagMappingList: [{ResourceARN: 'arn:aws:s3:::logs-copy'}], PaginationToken: ''})
    s3.on(HeadBucketCommand).resolves({})
    s3.on(GetBucketTaggingCommand).resolves({TagSet: ownTags(key.id)})
    const copies = await copiesOf(ctx(), {key, name: logsName}, 'ap-northeast-1')
    expect(copies.map((c) => c.live.name)).toEqual(['logs-copy'])
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2)
    expect(tagging).toHaveReceivedNthCommandWith(GetResourcesCommand, 2, {PaginationToken: 'p2'})
  })

  const logsDef = (c: EngineContext) =>
    s3Layer
      .steps(c)
      .flat()
      .find((d) => d.key.id === key.id)!

  it('provision (apply) stops naming both before any mutating call, even though the bucket has drifted', async () => {
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: [{ResourceARN: 'arn:aws:s3:::logs-copy'}]})
    // Every read answers "nothing configured": a run that went on would Put* them all.
    s3.onAnyCommand().resolves({})
    s3.on(HeadBucketCommand).resolves({BucketRegion: 'ap-northeast-1'})
    s3.on(GetBucketTaggingCommand).resolves({TagSet: ownTags(key.id)})
    s3.on(ListObjectsV2Command).resolves({KeyCount: 0})
    const c = ctx('apply')
    const err = await reconcileResource('s3', logsDef(c), c).catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'DUPLICATE',
      exitCode: 4,
      message: expect.stringContaining(`${logsName} and logs-copy`),
      remedy: expect.stringMatching(/Decide which one to keep/),
    })
    expect(mutating()).toEqual([])
  })

  it('a tagged copy under another name and none with the design name: stops rather than create a second', async () => {
    tagging.on(GetResourcesCommand).resolves({ResourceTagMappingList: [{ResourceARN: 'arn:aws:s3:::logs-copy'}]})
    s3.on(HeadBucketCommand).resolves({})
    s3.on(HeadBucketCommand, {Bucket: logsName}).rejects(notFound())
    s3.on(GetBucketTaggingCommand).resolves({TagSet: ownTags(key.id)})
    const c = ctx('apply')
    await expect(reconcileResource('s3', logsDef(c), c)).rejects.toThrow(
      /AWS::S3::Bucket .*-logs does not exist under its name, but logs-copy carries its ownership tags and logical id\. Buckets hold data: .*nor creates another/,
    )
    expect(mutating()).toEqual([])
  })

  it('a bare context (no walk collecting copies) makes no Tagging API call', async () => {
    s3.on(HeadBucketCommand).rejects(notFound())
    await logsDef(ctx()).find(ctx())
    expect(tagging).not.toHaveReceivedCommand(GetResourcesCommand)
  })
})
