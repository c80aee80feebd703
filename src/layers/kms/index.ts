import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  ScheduleKeyDeletionCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  TagResourceCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms'
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs'
import {DescribeClusterCommand, EKSClient} from '@aws-sdk/client-eks'
import {DescribeDBClustersCommand, RDSClient} from '@aws-sdk/client-rds'
import {GetBucketEncryptionCommand, S3Client} from '@aws-sdk/client-s3'
import {GetResourcesCommand, ResourceGroupsTaggingAPIClient} from '@aws-sdk/client-resource-groups-tagging-api'
import {TAG_KEYS, isOwned, ownershipTags} from '../../aws/naming.js'
import {errorCode, unlessAbsent} from '../../aws/errors.js'
import {DuplicateError} from '../../errors.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {canonicalPolicy} from '../iam/policy.js'
import {desiredTags, tagsField} from '../tags.js'
import {RESOURCES, type ResourceKey, type KeyOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'

interface LiveKey {
  key: KeyMetadata
  tags: Record<string, string>
  rotation: boolean
  policy: unknown
  aliased: boolean
}

interface KeySpec {
  /** Symmetric encryption keys rotate; asymmetric signing keys cannot. */
  kind?: 'encrypt' | 'sign'
  key: ResourceKey<{id: string; arn: string}>
  region: (ctx: EngineContext) => string
  alias: (ctx: EngineContext) => string
  description: string
  requirements: string[]
}

/** The account administers the key through IAM; without this statement nobody can. */
export function keyPolicy(account: string) {
  return {
    Version: '2012-10-17',
    Id: 'platform-key-policy',
    Statement: [
      {
        Sid: 'AccountAdministersThroughIam',
        Effect: 'Allow',
        Principal: {AWS: `arn:aws:iam::${account}:root`},
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  }
}

const kms = (ctx: EngineContext, region: string) => ctx.aws.client(KMSClient, region)
const toMap = (tags: {TagKey?: string; TagValue?: string}[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.TagKey!, t.TagValue ?? '']))

function keyResource(spec: KeySpec): ResourceDef<LiveKey, KeyOutputs> {
  const sign = spec.kind === 'sign'
  const keySpec = sign ? 'ECC_NIST_P256' : 'SYMMETRIC_DEFAULT'
  const keyUsage = sign ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT'
  const read = async (ctx: EngineContext, key: KeyMetadata, aliased: boolean): Promise<LiveKey> => {
    const client = kms(ctx, spec.region(ctx))
    const [tags, rotation, policy] = await Promise.all([
      client.send(new ListResourceTagsCommand({KeyId: key.KeyId})),
      // KMS refuses GetKeyRotationStatus for asymmetric keys.
      sign
        ? Promise.resolve({KeyRotationEnabled: false})
        : client.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId})),
      client.send(new GetKeyPolicyCommand({KeyId: key.KeyId, PolicyName: 'default'})),
    ])
    return {
      key,
      tags: toMap(tags.Tags),
      rotation: rotation.KeyRotationEnabled === true,
      policy: canonicalPolicy(JSON.parse(policy.Policy ?? 'null')),
      aliased,
    }
  }
  return {
    key: spec.key,
    name: spec.description,
    region: spec.region,
    requirements: spec.requirements,
    async find(ctx) {
      const client = kms(ctx, spec.region(ctx))
      const res = await unlessAbsent(client.send(new DescribeKeyCommand({KeyId: spec.alias(ctx)})), [
        'NotFoundException',
      ])
      const aliased = res ? present(res.KeyMetadata, 'KeyMetadata') : undefined
      // Only walks that collect copies (provision, audit, destroy) look for leaked keys.
      if (aliased && !ctx.duplicates) return read(ctx, aliased, true)
      // No alias: a run may have died between CreateKey and CreateAlias, or a lost CreateKey
      // answer left a copy nobody points to, which would leak at a monthly cost. Look for the
      // keys by their tags before making another (keys cost money and cannot be deleted at once).
      const tagged = (await findTaggedKeys(ctx, client, spec.key, spec.region(ctx))).filter(
        (k) => k.KeyId !== aliased?.KeyId,
      )
      // With no alias, the oldest copy is kept: KMS reports each key's creation date.
      tagged.sort((a, b) => (a.CreationDate?.getTime() ?? 0) - (b.CreationDate?.getTime() ?? 0))
      const kept = aliased ?? tagged.shift()
      if (!kept) return undefined
      const mode = ctx.copies ?? 'heal'
      for (const copy of tagged) {
        // "Never used" must be checkable: destroy deletes every copy anyway (30-day window);
        // provision and the audit first look for what uses it.
        const uses = mode === 'delete-all' ? [] : await keyUses(ctx, client, copy, spec.region(ctx))
        if (uses.length > 0 && mode === 'heal')
          throw new DuplicateError(
            `KMS key ${copy.KeyId} carries the ownership tags of ${spec.alias(ctx)} (kept: ${kept.KeyId}) and no alias points to it, but it is in use: ${uses.join('; ')}. platform deletes a leaked key only when nothing uses it.`,
            `A person decides: if it is needed, point what uses it at ${spec.alias(ctx)} first (or remove its platform:logical-id tag to keep it); if not, schedule its deletion (aws kms schedule-key-deletion --key-id ${copy.KeyId} --pending-window-in-days 30). Then run provision again.`,
          )
        ctx.duplicates?.push({
          live: await read(ctx, copy, false),
          why:
            uses.length > 0
              ? `a leaked copy: tagged like ${kept.KeyId}, no alias points to it, in use (${uses.join('; ')})`
              : `a leaked copy: tagged like ${kept.KeyId}, no alias points to it, no grant and no resource of the environment uses it; scheduled for deletion in ${LEAKED_KEY_WINDOW_DAYS} days, cancel with CancelKeyDeletion`,
        })
      }
      return read(ctx, kept, aliased !== undefined)
    },
    async create(ctx) {
      const client = kms(ctx, spec.region(ctx))
      const tags = desiredTags(ctx, spec.key, spec.alias(ctx).replace('alias/', ''))
      const res = await client.send(
        new CreateKeyCommand({
          Description: `${spec.description} (${ctx.design.project}-${ctx.design.env})`,
          KeyUsage: keyUsage,
          KeySpec: keySpec,
          Policy: JSON.stringify(keyPolicy(ctx.account)),
          Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({TagKey, TagValue})),
        }),
      )
      return {
        key: present(res.KeyMetadata, 'KeyMetadata'),
        tags,
        rotation: false,
        policy: canonicalPolicy(keyPolicy(ctx.account)),
        aliased: false,
      }
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'alias',
        requirement: spec.requirements[0],
        expected: spec.alias(ctx),
        actual: (l) => (l.aliased ? spec.alias(ctx) : null),
      },
      {
        path: 'keySpec',
        requirement: spec.requirements[0],
        expected: keySpec,
        actual: (l) => l.key.KeySpec ?? l.key.CustomerMasterKeySpec,
        immutable: true,
      },
      {
        path: 'keyUsage',
        requirement: spec.requirements[0],
        expected: keyUsage,
        actual: (l) => l.key.KeyUsage,
        immutable: true,
      },
      {path: 'keyState', requirement: spec.requirements[0], expected: 'Enabled', actual: (l) => l.key.KeyState},
      ...(sign
        ? []
        : [
            {
              path: 'rotationEnabled',
              requirement: 'baseline.kms.rotation',
              expected: true,
              actual: (l: LiveKey) => l.rotation,
            },
          ]),
      {
        path: 'policy',
        requirement: spec.requirements[0],
        expected: canonicalPolicy(keyPolicy(ctx.account)),
        actual: (l) => l.policy,
      },
      tagsField(desiredTags(ctx, spec.key, spec.alias(ctx).replace('alias/', '')), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const client = kms(ctx, spec.region(ctx))
      const KeyId = live.key.KeyId
      const paths = new Set(changes.map((c) => c.path))
      if (paths.has('keyState')) {
        if (live.key.KeyState === 'PendingDeletion') await client.send(new CancelKeyDeletionCommand({KeyId}))
        await client.send(new EnableKeyCommand({KeyId}))
      }
      if (paths.has('policy'))
        await client.send(
          new PutKeyPolicyCommand({KeyId, PolicyName: 'default', Policy: JSON.stringify(keyPolicy(ctx.account))}),
        )
      if (paths.has('rotationEnabled')) await client.send(new EnableKeyRotationCommand({KeyId}))
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await client.send(
          new TagResourceCommand({
            KeyId,
            Tags: Object.entries(t.expected as Record<string, string>).map(([TagKey, TagValue]) => ({
              TagKey,
              TagValue,
            })),
          }),
        )
      if (paths.has('alias'))
        await client.send(new CreateAliasCommand({AliasName: spec.alias(ctx), TargetKeyId: KeyId}))
    },
    async delete(ctx, live) {
      const client = kms(ctx, spec.region(ctx))
      if (live.aliased) await client.send(new DeleteAliasCommand({AliasName: spec.alias(ctx)}))
      // KMS never deletes at once: 7 days (the minimum) to cancel if something still needed it.
      // A key no alias points to was never handed to anything by platform, but another user
      // cannot be ruled out (only CloudTrail records use): the longest window, to notice and cancel.
      await client.send(
        new ScheduleKeyDeletionCommand({
          KeyId: live.key.KeyId,
          PendingWindowInDays: live.aliased ? 7 : LEAKED_KEY_WINDOW_DAYS,
        }),
      )
    },
    outputs: (l) => ({id: present(l.key.KeyId, 'KeyId'), arn: present(l.key.Arn, 'Arn')}),
    physicalId: (l) => present(l.key.KeyId, 'KeyId'),
  }
}

/** The longest waiting period KMS allows (7-30 days: https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html). */
export const LEAKED_KEY_WINDOW_DAYS = 30

/**
 * What uses a key no alias points to, as far as this environment knows: its grants (AWS
 * services such as EBS, RDS and EKS use a key through grants they create on the caller's
 * behalf, https://docs.aws.amazon.com/kms/latest/developerguide/grants.html; ListGrants lists
 * them, https://docs.aws.amazon.com/kms/latest/developerguide/determining-access-grants.html),
 * and the environment's resources in the key's region that name a KMS key: bucket default
 * encryption, the EKS cluster's secrets encryption, the Aurora cluster, the log groups. A key
 * can only be used by resources in its own region. Whatever cannot be read counts as a use:
 * a key is deleted only when it is known to be unused.
 */
export async function keyUses(
  ctx: EngineContext,
  client: KMSClient,
  key: KeyMetadata,
  region: string,
): Promise<string[]> {
  const uses: string[] = []
  const keyId = present(key.KeyId, 'KeyId')
  const names = (ref: string | undefined) =>
    Boolean(ref) && (ref === keyId || ref === key.Arn || ref!.endsWith(`/${keyId}`))
  const grants = await client.send(new ListGrantsCommand({KeyId: keyId}))
  for (const g of grants?.Grants ?? [])
    uses.push(`grant ${g.GrantId} to ${g.GranteePrincipal ?? 'a service'}${g.Name ? ` (${g.Name})` : ''}`)
  const d = ctx.design
  const primary = region === d.region
  const buckets = [
    ...(primary ? [...d.s3.buckets.map((b) => b.name), d.velero.bucket] : []),
    ...(region === d.drRegion ? d.s3.buckets.flatMap((b) => (b.replicaName ? [b.replicaName] : [])) : []),
  ]
  const check = async (what: string, read: () => Promise<(string | undefined)[]>, absent: string[]) => {
    try {
      if ((await read()).some(names)) uses.push(what)
    } catch (err) {
      if (!absent.includes(errorCode(err))) uses.push(`${what} could not be read (${errorCode(err)})`)
    }
  }
  const s3c = ctx.aws.client(S3Client, region)
  for (const bucket of buckets)
    await check(
      `default encryption of bucket ${bucket}`,
      async () =>
        (
          await s3c.send(new GetBucketEncryptionCommand({Bucket: bucket}))
        ).ServerSideEncryptionConfiguration?.Rules?.map((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID) ??
        [],
      ['NoSuchBucket', 'ServerSideEncryptionConfigurationNotFoundError'],
    )
  if (primary) {
    await check(
      `secrets encryption of EKS cluster ${d.eks.name}`,
      async () =>
        (
          await ctx.aws.client(EKSClient, region).send(new DescribeClusterCommand({name: d.eks.name}))
        ).cluster?.encryptionConfig?.map((e) => e.provider?.keyArn) ?? [],
      ['ResourceNotFoundException'],
    )
    await check(
      `Aurora cluster ${d.rds.clusterId}`,
      async () =>
        (
          await ctx.aws
            .client(RDSClient, region)
            .send(new DescribeDBClustersCommand({DBClusterIdentifier: d.rds.clusterId}))
        ).DBClusters?.map((c) => c.KmsKeyId) ?? [],
      ['DBClusterNotFoundFault'],
    )
  }
  const groups = [
    ...(primary ? [d.baseline.flowLogGroup, `/aws/eks/${d.eks.name}/`, `/aws/rds/cluster/${d.rds.clusterId}/`] : []),
    ...(region === d.globalRegion ? [d.baseline.wafLogGroup] : []),
  ]
  for (const prefix of groups)
    await check(
      `log groups ${prefix}*`,
      async () =>
        (
          await ctx.aws
            .client(CloudWatchLogsClient, region)
            .send(new DescribeLogGroupsCommand({logGroupNamePrefix: prefix}))
        ).logGroups?.map((g) => g.kmsKeyId) ?? [],
      ['ResourceNotFoundException'],
    )
  return uses
}

/**
 * Every key carrying our ownership tags and this logical id that is not already pending deletion.
 * Provision and destroy list every key (ListKeys is consistent: a copy made moments ago is seen).
 * The audit asks the Resource Groups Tagging API instead (ResourceTypeFilters ['kms:key'],
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html): one
 * call whatever else the account holds, so foreign keys cost the nightly audit nothing. Its index
 * lags and lists recently deleted resources (same page: "tagged or previously tagged"), so every
 * candidate is confirmed with ListResourceTags and DescribeKey either way.
 */
async function findTaggedKeys(
  ctx: EngineContext,
  client: KMSClient,
  key: ResourceKey,
  region: string,
): Promise<KeyMetadata[]> {
  const candidates: string[] = []
  if (ctx.copies === 'report') {
    const tagging = ctx.aws.client(ResourceGroupsTaggingAPIClient, region)
    const want = {...ownershipTags(ctx.design.project, ctx.design.env), [TAG_KEYS.logicalId]: key.id}
    let token: string | undefined
    do {
      const page = await tagging.send(
        new GetResourcesCommand({
          ResourceTypeFilters: ['kms:key'],
          TagFilters: Object.entries(want).map(([Key, v]) => ({Key, Values: [v]})),
          ...(token ? {PaginationToken: token} : {}),
        }),
      )
      for (const m of page?.ResourceTagMappingList ?? []) if (m.ResourceARN) candidates.push(m.ResourceARN)
      token = page?.PaginationToken || undefined
    } while (token)
  } else {
    let marker: string | undefined
    do {
      const page = await client.send(new ListKeysCommand({Marker: marker, Limit: 100}))
      for (const k of page.Keys ?? []) if (k.KeyId) candidates.push(k.KeyId)
      marker = page.Truncated ? page.NextMarker : undefined
    } while (marker)
  }
  const found: KeyMetadata[] = []
  for (const keyId of candidates) {
    let tags: Record<string, string>
    try {
      tags = toMap((await client.send(new ListResourceTagsCommand({KeyId: keyId}))).Tags)
    } catch {
      continue // AWS-managed keys refuse ListResourceTags to most callers (not ours), or it is gone.
    }
    if (tags[TAG_KEYS.logicalId] !== key.id || !isOwned(tags, ctx.design.project, ctx.design.env)) continue
    const meta = (await client.send(new DescribeKeyCommand({KeyId: keyId}))).KeyMetadata
    if (meta && meta.KeyState !== 'PendingDeletion') found.push(meta)
  }
  return found
}

export const kmsLayer: LayerDef = {
  name: 'kms',
  description: 'Customer-managed keys: one per environment, one in the DR region for replicas',
  dependsOn: [],
  steps: (ctx) => [
    [
      ...(ctx.design.kms.evidenceSigningAlias
        ? [
            keyResource({
              kind: 'sign',
              key: RESOURCES.evidenceSigningKey,
              region: (c) => c.design.region,
              alias: (c) => c.design.kms.evidenceSigningAlias!,
              description: 'evidence signing key',
              requirements: ['principle.security'],
            }),
          ]
        : []),
      keyResource({
        key: RESOURCES.kmsKey,
        region: (c) => c.design.region,
        alias: (c) => c.design.kms.alias,
        description: 'environment key',
        requirements: ['rds.encryption', 's3.models.encryption', 's3.data.encryption', 'baseline.kms.rotation'],
      }),
      keyResource({
        key: RESOURCES.drKmsKey,
        region: (c) => c.design.drRegion,
        alias: (c) => c.design.kms.drAlias,
        description: 'DR replica key',
        requirements: ['backup.s3-replication', 'baseline.kms.rotation'],
      }),
    ],
  ],
}
