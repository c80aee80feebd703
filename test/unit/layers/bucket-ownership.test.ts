import {CreateBucketCommand, PutBucketTaggingCommand, S3Client} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import type {LiveBucket} from '../../../src/layers/s3/bucket.js'
import {s3Layer} from '../../../src/layers/s3/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import type {ResourceDef} from '../../../src/reconcile/types.js'

const s3 = mockClient(S3Client)
const design = resolveDesign({}, 'dev')
const ctx = () =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design,
    account: '111122223333',
    mode: 'apply',
  })
// The logs bucket: no KMS key and no replication, so create() needs no outputs of other layers.
const logs = () =>
  s3Layer
    .steps(ctx())
    .flat()
    .find((d) => d.name.endsWith('-logs')) as unknown as ResourceDef<LiveBucket, Record<string, string>>
const live = (tags: Record<string, string>, crashLeftover: boolean) => ({tags, crashLeftover}) as LiveBucket
const saved = process.env.PLATFORM_EMULATOR

beforeEach(() => {
  s3.reset()
  delete process.env.PLATFORM_EMULATOR
})
afterEach(() => {
  if (saved === undefined) delete process.env.PLATFORM_EMULATOR
  else process.env.PLATFORM_EMULATOR = saved
})

describe('bucket ownership is the tags, never the name', () => {
  it('an empty untagged bucket with our name: not ours on AWS; destroy never deletes it, emulator or not', () => {
    const def = logs()
    const ours = {project: design.project, environment: 'dev', 'managed-by': 'platform'}
    expect(def.owned!(live(ours, false), ctx())).toBe(true)
    expect(def.owned!(live({}, true), ctx())).toBe(false)
    expect(def.deletable!(live({}, true), ctx())).toBe(false)
    process.env.PLATFORM_EMULATOR = 'moto'
    // The emulator drops creation tags: there only, provision takes an empty untagged bucket as a crash leftover.
    expect(def.owned!(live({}, true), ctx())).toBe(true)
    expect(def.owned!(live({}, false), ctx())).toBe(false)
    expect(def.deletable!(live({}, true), ctx())).toBe(false)
  })

  it('create() sets the ownership tags in CreateBucket itself, then again with PutBucketTagging', async () => {
    s3.onAnyCommand().resolves({})
    await logs().create(ctx())
    const tags = expect.arrayContaining([
      {Key: 'environment', Value: 'dev'},
      {Key: 'managed-by', Value: 'platform'},
    ])
    expect(s3).toHaveReceivedCommandWith(CreateBucketCommand, {
      Bucket: expect.stringMatching(/-dev-logs$/),
      CreateBucketConfiguration: {LocationConstraint: 'ap-northeast-1', Tags: tags},
    })
    expect(s3).toHaveReceivedCommandWith(PutBucketTaggingCommand, {Tagging: {TagSet: tags}})
  })
})
