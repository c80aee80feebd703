import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  DeleteBucketLifecycleCommand,
  DeleteBucketReplicationCommand,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionConfiguration,
  type LifecycleRule,
  type ReplicationConfiguration,
} from '@aws-sdk/client-s3'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {TAG_KEYS, isOwned, ownershipTags} from '../../aws/naming.js'
import {unlessAbsent} from '../../aws/errors.js'
import {emulatorHasGap} from '../../aws/emulator.js'
import {AccessDeniedError, PlatformError} from '../../errors.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import type {ResourceKey} from '../../resources.js'
import {canonicalPolicy} from '../iam/policy.js'
import {desiredTags, tagsField} from '../tags.js'
import {
  ALL_BLOCKED,
  encryptionFromLive,
  lifecycleFromLive,
  lifecycleToApi,
  replicationFromLive,
  replicationToApi,
  tlsOnlyPolicy,
  type CanonicalLifecycleRule,
  type CanonicalReplication,
} from './rules.js'

export interface BucketSpec {
  key: ResourceKey<BucketOutputs>
  name: string
  region: (ctx: EngineContext) => string
  requirements: {encryption: string; versioning: string; lifecycle: string; replication?: string}
  versioning: boolean
  /** Output id of the KMS key for SSE-KMS; absent means SSE-S3 (AES256). */
  kmsKey?: ResourceKey<{id: string; arn: string}>
  lifecycle: CanonicalLifecycleRule[]
  replication?: (ctx: EngineContext) => CanonicalReplication
  needs?: ResourceKey[]
  /** destroy: keep a bucket that holds objects unless --delete-data. */
  holdsData: boolean
}

export interface LiveBucket {
  /** The bucket's name: the design's, or another one's for a tagged copy (copiesOf). */
  name: string
  region: string
  tags: Record<string, string>
  /** No tags and no objects: what a run killed between CreateBucket and PutBucketTagging leaves. */
  crashLeftover: boolean
  versioning: string
  encryption: ServerSideEncryptionConfiguration | undefined
  lifecycle: LifecycleRule[] | undefined
  publicAccessBlock: PublicAccessBlockConfiguration | undefined
  policy: unknown
  ownership: string | null
  replication: ReplicationConfiguration | undefined
}

export const s3 = (ctx: EngineContext, region: string) => ctx.aws.client(S3Client, region)

type BucketOutputs = {name: string; arn: string; region: string}

export function bucketResource(spec: BucketSpec): ResourceDef<LiveBucket, BucketOutputs> {
  const kmsArn = (ctx: EngineContext) => (spec.kmsKey ? ctx.ref(spec.kmsKey)?.arn : undefined)
  const keyIds = (ctx: EngineContext): Record<string, string> => {
    if (!spec.kmsKey) return {}
    const key = ctx.need(spec.kmsKey)
    return {[key.id]: key.arn, [key.arn]: key.arn}
  }
  return {
    key: spec.key,
    name: spec.name,
    region: spec.region,
    requirements: Object.values(spec.requirements).filter((r): r is string => Boolean(r)),
    needs: [...(spec.kmsKey ? [spec.kmsKey] : []), ...(spec.needs ?? [])],
    async find(ctx) {
      const region = spec.region(ctx)
      const client = s3(ctx, region)
      // Buckets are found by their global name; a copy under another name (a create whose
      // answer was lost and was retried under a new name, or our tags copied by hand) is only
      // seen through its tags. Walks that collect copies (provision, audit, destroy) look.
      if (ctx.duplicates) ctx.duplicates.push(...(await copiesOf(ctx, spec, region)))
      let bucketRegion: string
      try {
        const head = await client.send(new HeadBucketCommand({Bucket: spec.name}))
        bucketRegion = head.BucketRegion ?? region
      } catch (err) {
        const status = (err as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode
        if (status === 404) return undefined
        // HeadBucket answers 403 both for a name another account owns and for our own bucket
        // when the caller may not read it: say both.
        if (status === 403) {
          throw new AccessDeniedError(
            `HeadBucket on ${spec.name} was denied (403): the name is taken by another AWS account (bucket names are global), or the caller lacks s3:ListBucket on it.`,
            'If the name is taken, set bucketNamePrefix or bucketNameSuffix in platform.config.yaml; otherwise grant s3:ListBucket and the s3:Get* reads on the environment buckets.',
          )
        }
        throw err
      }
      const B = {Bucket: spec.name}
      const [tags, versioning, encryption, lifecycle, pab, policy, ownership, replication] = await Promise.all([
        unlessAbsent(
          client
            .send(new GetBucketTaggingCommand(B))
            .then((r) => Object.fromEntries((r.TagSet ?? []).map((t) => [t.Key!, t.Value ?? '']))),
          ['NoSuchTagSet', 'NoSuchTagSetError'],
          {} as Record<string, string>,
        ),
        client.send(new GetBucketVersioningCommand(B)).then((r) => r.Status ?? 'Disabled'),
        unlessAbsent(
          client.send(new GetBucketEncryptionCommand(B)).then((r) => r.ServerSideEncryptionConfiguration),
          ['ServerSideEncryptionConfigurationNotFoundError'],
          undefined,
        ),
        unlessAbsent(
          client.send(new GetBucketLifecycleConfigurationCommand(B)).then((r) => r.Rules),
          ['NoSuchLifecycleConfiguration'],
          undefined,
        ),
        unlessAbsent(
          client.send(new GetPublicAccessBlockCommand(B)).then((r) => r.PublicAccessBlockConfiguration),
          ['NoSuchPublicAccessBlockConfiguration'],
          undefined,
        ),
        unlessAbsent(
          client.send(new GetBucketPolicyCommand(B)).then((r) => canonicalPolicy(JSON.parse(r.Policy ?? 'null'))),
          ['NoSuchBucketPolicy'],
          null,
        ),
        unlessAbsent(
          client
            .send(new GetBucketOwnershipControlsCommand(B))
            .then((r) => r.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null),
          ['OwnershipControlsNotFoundError'],
          null,
        ),
        unlessAbsent(
          client.send(new GetBucketReplicationCommand(B)).then((r) => r.ReplicationConfiguration),
          ['ReplicationConfigurationNotFoundError'],
          undefined,
        ),
      ])
      let crashLeftover = false
      if (Object.keys(tags).length === 0) {
        const objects = await client.send(new ListObjectsV2Command({Bucket: spec.name, MaxKeys: 1}))
        crashLeftover = (objects.KeyCount ?? 0) === 0
      }
      return {
        name: spec.name,
        region: bucketRegion,
        tags,
        crashLeftover,
        versioning,
        encryption,
        lifecycle,
        publicAccessBlock: pab,
        policy,
        ownership,
        replication,
      }
    },
    async create(ctx) {
      const region = spec.region(ctx)
      const client = s3(ctx, region)
      const tags = desiredTags(ctx, spec.key, spec.name)
      const TagSet = Object.entries(tags).map(([Key, Value]) => ({Key, Value}))
      // us-east-1 is the one region that rejects a LocationConstraint. The tags go in the create
      // call itself (CreateBucketConfiguration.Tags, needs s3:TagResource:
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html), so the bucket is
      // never ours-but-untagged, whatever kills the run (ownership is the tags, see owned).
      await client.send(
        new CreateBucketCommand({
          Bucket: spec.name,
          CreateBucketConfiguration: {
            ...(region === 'us-east-1' ? {} : {LocationConstraint: region as 'ap-northeast-1'}),
            Tags: TagSet,
          },
        }),
      )
      // Set again: the emulator ignores tags in CreateBucket; on AWS this rewrites the same set.
      await client.send(
        new PutBucketTaggingCommand({
          Bucket: spec.name,
          Tagging: {TagSet},
        }),
      )
      return {
        name: spec.name,
        region,
        tags,
        crashLeftover: false,
        versioning: 'Disabled',
        encryption: undefined,
        lifecycle: undefined,
        publicAccessBlock: undefined,
        policy: null,
        ownership: null,
        replication: undefined,
      }
    },
    // Ownership is the tags, never the name: bucket names are global, and an empty untagged
    // bucket with our exact name may be anyone's (issue 12: destroy deleted it, provision adopted
    // it). create() sets the tags in CreateBucket itself (CreateBucketConfiguration.Tags), so on
    // AWS no run, killed at any point, leaves an untagged bucket of ours. The emulator ignores
    // those tags ('s3-create-bucket-tags-ignored'), leaving the old window between CreateBucket
    // and PutBucketTagging: there only, an empty untagged bucket (crashLeftover) is taken as a
    // crash leftover by provision. destroy never deletes a bucket without our tags (deletable).
    owned: (l, ctx) =>
      isOwned(l.tags, ctx.design.project, ctx.design.env) ||
      (l.crashLeftover && emulatorHasGap('s3-create-bucket-tags-ignored')),
    deletable: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => {
      const fields: ReturnType<ResourceDef<LiveBucket, BucketOutputs>['fields']> = [
        {path: 'region', expected: spec.region(ctx), actual: (l) => l.region, immutable: true},
        {
          path: 'versioning',
          requirement: spec.requirements.versioning,
          expected: spec.versioning ? 'Enabled' : 'Disabled',
          actual: (l) => (l.versioning === 'Enabled' ? 'Enabled' : 'Disabled'),
        },
        {
          path: 'encryption',
          requirement: spec.requirements.encryption,
          expected: spec.kmsKey ? {algorithm: 'aws:kms', kmsKey: kmsArn(ctx)} : {algorithm: 'AES256'},
          actual: (l) => encryptionFromLive(l.encryption, keyIds(ctx)),
        },
        {
          path: 'lifecycle',
          requirement: spec.requirements.lifecycle,
          expected: [...spec.lifecycle].sort((a, b) => a.id.localeCompare(b.id)),
          actual: (l) => lifecycleFromLive(l.lifecycle),
        },
        {
          path: 'publicAccessBlock',
          requirement: 'baseline.s3.public-access-block',
          expected: ALL_BLOCKED,
          actual: (l) => ({
            BlockPublicAcls: l.publicAccessBlock?.BlockPublicAcls === true,
            IgnorePublicAcls: l.publicAccessBlock?.IgnorePublicAcls === true,
            BlockPublicPolicy: l.publicAccessBlock?.BlockPublicPolicy === true,
            RestrictPublicBuckets: l.publicAccessBlock?.RestrictPublicBuckets === true,
          }),
        },
        {
          path: 'policy',
          requirement: 'baseline.s3.tls-only',
          expected: canonicalPolicy(tlsOnlyPolicy(spec.name)),
          actual: (l) => l.policy,
        },
        {
          path: 'ownershipControls',
          requirement: 'baseline.s3.public-access-block',
          expected: 'BucketOwnerEnforced',
          actual: (l) => l.ownership,
        },
        tagsField(desiredTags(ctx, spec.key, spec.name), (l) => l.tags),
      ]
      if (spec.replication)
        fields.push({
          path: 'replication',
          requirement: spec.requirements.replication,
          expected: spec.replication(ctx),
          actual: (l) => replicationFromLive(l.replication),
        })
      return fields
    },
    async update(ctx, live, changes) {
      const client = s3(ctx, spec.region(ctx))
      const B = {Bucket: spec.name}
      const has = (p: string) => changes.some((c) => c.path === p)
      if (has('tags')) {
        // PutBucketTagging replaces the whole set: keep the tags people added.
        const merged = {...live.tags, ...desiredTags(ctx, spec.key, spec.name)}
        await client.send(
          new PutBucketTaggingCommand({
            ...B,
            Tagging: {TagSet: Object.entries(merged).map(([Key, Value]) => ({Key, Value}))},
          }),
        )
      }
      if (has('publicAccessBlock'))
        await client.send(new PutPublicAccessBlockCommand({...B, PublicAccessBlockConfiguration: ALL_BLOCKED}))
      if (has('ownershipControls'))
        await client.send(
          new PutBucketOwnershipControlsCommand({
            ...B,
            OwnershipControls: {Rules: [{ObjectOwnership: 'BucketOwnerEnforced'}]},
          }),
        )
      if (has('encryption')) {
        const rule = spec.kmsKey
          ? {SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: kmsArn(ctx)}
          : {SSEAlgorithm: 'AES256' as const}
        await client.send(
          new PutBucketEncryptionCommand({
            ...B,
            ServerSideEncryptionConfiguration: {
              Rules: [{ApplyServerSideEncryptionByDefault: rule, BucketKeyEnabled: Boolean(spec.kmsKey)}],
            },
          }),
        )
      }
      // Versioning before replication: S3 refuses replication from an unversioned bucket.
      if (has('versioning')) {
        if (spec.versioning)
          await client.send(new PutBucketVersioningCommand({...B, VersioningConfiguration: {Status: 'Enabled'}}))
        else if (live.versioning === 'Enabled')
          await client.send(new PutBucketVersioningCommand({...B, VersioningConfiguration: {Status: 'Suspended'}}))
      }
      if (has('lifecycle')) {
        if (spec.lifecycle.length)
          await client.send(
            new PutBucketLifecycleConfigurationCommand({
              ...B,
              LifecycleConfiguration: {Rules: lifecycleToApi(spec.lifecycle)},
            }),
          )
        else await client.send(new DeleteBucketLifecycleCommand(B))
      }
      if (has('policy'))
        await client.send(new PutBucketPolicyCommand({...B, Policy: JSON.stringify(tlsOnlyPolicy(spec.name))}))
      if (has('replication') && spec.replication)
        await client.send(
          new PutBucketReplicationCommand({...B, ReplicationConfiguration: replicationToApi(spec.replication(ctx))}),
        )
    },
    async delete(ctx, live) {
      const client = s3(ctx, spec.region(ctx))
      if (live.replication) await client.send(new DeleteBucketReplicationCommand({Bucket: spec.name}))
      await emptyBucket(client, spec.name)
      await client.send(new DeleteBucketCommand({Bucket: spec.name}))
    },
    async holdsData(ctx) {
      if (!spec.holdsData) return undefined
      return (await bucketHasObjects(s3(ctx, spec.region(ctx)), spec.name))
        ? `bucket ${spec.name} holds objects`
        : undefined
    },
    outputs: (l) => ({name: spec.name, arn: `arn:aws:s3:::${spec.name}`, region: l.region}),
    physicalId: (l) => l.name,
    copiesHoldData: 'Buckets hold data',
  }
}

/**
 * Other buckets carrying this bucket's ownership tags and logical id, found the way AWS
 * supports a search by tag: the Resource Groups Tagging API's GetResources with TagFilters and
 * ResourceTypeFilters ['s3:bucket'] (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).
 * That API is regional and "returns all the tagged or previously tagged resources" (same page):
 * its index lags, and a bucket deleted moments ago can still be listed (as for other types:
 * https://repost.aws/es/questions/QUH0hblHnBT9iK5VpfsVRnBQ/only-get-existing-resources-with-resourcegrouptaggingapi-get-resources).
 * So each candidate is confirmed on S3 itself: HeadBucket (404: gone, not a copy) and
 * GetBucketTagging (still carries our tags and this logical id) before it is called a copy.
 */
export async function copiesOf(
  ctx: EngineContext,
  spec: Pick<BucketSpec, 'key' | 'name'>,
  region: string,
): Promise<{live: LiveBucket; why: string}[]> {
  const tagging = ctx.aws.client(ResourceGroupsTaggingAPIClient, region)
  const want: Record<string, string> = {
    ...ownershipTags(ctx.design.project, ctx.design.env),
    [TAG_KEYS.logicalId]: spec.key.id,
  }
  const names: string[] = []
  let token: string | undefined
  do {
    const page = await tagging.send(
      new GetResourcesCommand({
        ResourceTypeFilters: ['s3:bucket'],
        TagFilters: Object.entries(want).map(([Key, v]) => ({Key, Values: [v]})),
        ...(token ? {PaginationToken: token} : {}),
      }),
    )
    for (const m of page?.ResourceTagMappingList ?? []) {
      const name = (m.ResourceARN ?? '').replace(/^arn:[^:]+:s3:::/, '')
      if (name && name !== spec.name && !names.includes(name)) names.push(name)
    }
    token = page?.PaginationToken || undefined
  } while (token)
  const client = s3(ctx, region)
  const out: {live: LiveBucket; why: string}[] = []
  for (const name of names.sort()) {
    const head = await client.send(new HeadBucketCommand({Bucket: name})).catch((err: unknown) => {
      const status = (err as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode
      if (status === 404) return undefined // listed by the lagging tag index, deleted since
      throw err
    })
    if (!head) continue
    const bucketRegion = head.BucketRegion ?? region
    const tags = await unlessAbsent(
      client
        .send(new GetBucketTaggingCommand({Bucket: name}))
        .then((r) => Object.fromEntries((r.TagSet ?? []).map((t) => [t.Key!, t.Value ?? '']))),
      ['NoSuchTagSet', 'NoSuchTagSetError', 'NoSuchBucket'],
      {} as Record<string, string>,
    )
    if (!isOwned(tags, ctx.design.project, ctx.design.env) || tags[TAG_KEYS.logicalId] !== spec.key.id) continue
    out.push({
      live: {
        name,
        region: bucketRegion,
        tags,
        crashLeftover: false,
        versioning: 'unknown',
        encryption: undefined,
        lifecycle: undefined,
        publicAccessBlock: undefined,
        policy: null,
        ownership: null,
        replication: undefined,
      },
      why: `carries the ownership tags and logical id of ${spec.name} (${spec.key.id})`,
    })
  }
  return out
}

/** Counts objects and versions (destroy keeps buckets with data unless --delete-data). */
export async function bucketHasObjects(client: S3Client, bucket: string): Promise<boolean> {
  const v = await client.send(new ListObjectVersionsCommand({Bucket: bucket, MaxKeys: 1}))
  return (v.Versions?.length ?? 0) + (v.DeleteMarkers?.length ?? 0) > 0
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const v = await client.send(new ListObjectVersionsCommand({Bucket: bucket, MaxKeys: 1000}))
    const objects = [...(v.Versions ?? []), ...(v.DeleteMarkers ?? [])].map((o) => ({
      Key: o.Key!,
      VersionId: o.VersionId,
    }))
    if (objects.length === 0) return
    const res = await client.send(new DeleteObjectsCommand({Bucket: bucket, Delete: {Objects: objects, Quiet: true}}))
    if (res.Errors?.length)
      throw new PlatformError(`Could not empty ${bucket}: ${res.Errors[0]?.Code} ${res.Errors[0]?.Message}`, {
        code: 'S3_DELETE',
      })
  }
}
