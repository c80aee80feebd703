import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  TagResourceCommand,
  type Repository,
} from '@aws-sdk/client-ecr'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {RESOURCES, type Workload} from '../../resources.js'
import {present} from '../../aws/present.js'

interface LiveRepository {
  repo: Repository
  tags: Record<string, string>
}

const ecr = (ctx: EngineContext) => ctx.aws.client(ECRClient, ctx.design.region)

function repositoryResource(name: string, workload: Workload): ResourceDef<LiveRepository, {arn: string; uri: string}> {
  const key = RESOURCES.repository(workload)
  return {
    key,
    name,
    requirements: ['arch.workloads'],
    needs: [RESOURCES.kmsKey],
    async find(ctx) {
      const repo = (
        await unlessAbsent(ecr(ctx).send(new DescribeRepositoriesCommand({repositoryNames: [name]})), [
          'RepositoryNotFoundException',
        ])
      )?.repositories?.[0]
      if (!repo) return undefined
      const tags = await ecr(ctx).send(new ListTagsForResourceCommand({resourceArn: repo.repositoryArn}))
      return {repo, tags: tagMap(tags.tags)}
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, name)
      const res = await ecr(ctx).send(
        new CreateRepositoryCommand({
          repositoryName: name,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: {scanOnPush: true},
          encryptionConfiguration: {encryptionType: 'KMS', kmsKey: ctx.ref(RESOURCES.kmsKey)?.arn},
          tags: tagList(tags),
        }),
      )
      return {repo: present(res.repository, 'repository'), tags}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'imageTagMutability',
        requirement: 'baseline.ecr.immutable-tags',
        expected: 'IMMUTABLE',
        actual: (l) => l.repo.imageTagMutability,
      },
      {
        path: 'scanOnPush',
        requirement: 'baseline.ecr.scan-on-push',
        expected: true,
        actual: (l) => l.repo.imageScanningConfiguration?.scanOnPush === true,
      },
      {
        path: 'encryption',
        requirement: 'arch.workloads',
        expected: {type: 'KMS', key: ctx.ref(RESOURCES.kmsKey)?.arn},
        actual: (l) => ({
          type: l.repo.encryptionConfiguration?.encryptionType,
          key: l.repo.encryptionConfiguration?.kmsKey,
        }),
        immutable: true,
      },
      tagsField(desiredTags(ctx, key, name), (l) => l.tags),
    ],
    async update(ctx, _live, changes) {
      const has = (p: string) => changes.some((c) => c.path === p)
      if (has('imageTagMutability'))
        await ecr(ctx).send(new PutImageTagMutabilityCommand({repositoryName: name, imageTagMutability: 'IMMUTABLE'}))
      if (has('scanOnPush'))
        await ecr(ctx).send(
          new PutImageScanningConfigurationCommand({
            repositoryName: name,
            imageScanningConfiguration: {scanOnPush: true},
          }),
        )
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await ecr(ctx).send(
          new TagResourceCommand({
            resourceArn: _live.repo.repositoryArn,
            tags: tagList(t.expected as Record<string, string>),
          }),
        )
    },
    async delete(ctx) {
      await ecr(ctx).send(new DeleteRepositoryCommand({repositoryName: name, force: true}))
    },
    outputs: (l) => ({
      arn: present(l.repo.repositoryArn, 'repositoryArn'),
      uri: present(l.repo.repositoryUri, 'repositoryUri'),
    }),
    physicalId: (l) => present(l.repo.repositoryArn, 'repositoryArn'),
  }
}

export const ecrLayer: LayerDef = {
  name: 'ecr',
  description: 'Image repositories for the api, ml and worker workloads',
  dependsOn: ['kms'],
  steps: (ctx) => [ctx.design.ecr.repositories.map((r) => repositoryResource(r.name, r.workload))],
}
