import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAssociatedAccessPoliciesCommand,
  TagResourceCommand,
  type AccessEntry,
} from '@aws-sdk/client-eks'
import {unlessAbsent} from '../../aws/errors.js'
import {present} from '../../aws/present.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {RESOURCES, type ArnOutputs} from '../../resources.js'
import {desiredTags, tagsField} from '../tags.js'

/**
 * Cluster admin for an operator role: an access entry with AmazonEKSClusterAdminPolicy at cluster
 * scope (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html; the
 * calls as grant-k8s-access.html shows them: CreateAccessEntry, then AssociateAccessPolicy with
 * accessScope type=cluster). Without one, only the identity that created the cluster is admin.
 */
export const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy'

interface LiveEntry {
  entry: AccessEntry
  policies: string[]
}

const eks = (ctx: EngineContext) => ctx.aws.client(EKSClient, ctx.design.region)
const roleName = (arn: string) => arn.split('/').pop() ?? arn

export function accessEntryResource(principalArn: string): ResourceDef<LiveEntry, ArnOutputs> {
  const key = RESOURCES.accessEntry(roleName(principalArn))
  const cluster = (ctx: EngineContext) => ctx.design.eks.name
  const tags = (ctx: EngineContext) => desiredTags(ctx, key, `${cluster(ctx)}-${roleName(principalArn)}`)
  const policiesOf = async (ctx: EngineContext) =>
    (
      (await eks(ctx).send(new ListAssociatedAccessPoliciesCommand({clusterName: cluster(ctx), principalArn})))
        .associatedAccessPolicies ?? []
    )
      .filter((p) => p.accessScope?.type === 'cluster')
      .map((p) => p.policyArn ?? '')
      .sort()
  const associate = (ctx: EngineContext) =>
    eks(ctx).send(
      new AssociateAccessPolicyCommand({
        clusterName: cluster(ctx),
        principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: {type: 'cluster'},
      }),
    )
  return {
    key,
    name: `access entry ${roleName(principalArn)}`,
    requirements: ['baseline.eks.operator-access'],
    needs: [RESOURCES.eksCluster],
    async find(ctx) {
      const res = await unlessAbsent(
        eks(ctx).send(new DescribeAccessEntryCommand({clusterName: cluster(ctx), principalArn})),
        ['ResourceNotFoundException'],
      )
      return res?.accessEntry ? {entry: res.accessEntry, policies: await policiesOf(ctx)} : undefined
    },
    async create(ctx) {
      const res = await eks(ctx).send(
        new CreateAccessEntryCommand({clusterName: cluster(ctx), principalArn, type: 'STANDARD', tags: tags(ctx)}),
      )
      await associate(ctx)
      return {entry: present(res.accessEntry, 'accessEntry'), policies: [CLUSTER_ADMIN_POLICY]}
    },
    fields: (ctx) => [
      {
        path: 'clusterPolicies',
        requirement: 'baseline.eks.operator-access',
        expected: [CLUSTER_ADMIN_POLICY],
        actual: (l) => l.policies,
      },
      tagsField(tags(ctx), (l) => l.entry.tags ?? {}),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'clusterPolicies')) {
        if (!live.policies.includes(CLUSTER_ADMIN_POLICY)) await associate(ctx)
        for (const extra of live.policies.filter((p) => p !== CLUSTER_ADMIN_POLICY))
          await eks(ctx).send(
            new DisassociateAccessPolicyCommand({clusterName: cluster(ctx), principalArn, policyArn: extra}),
          )
      }
      if (changes.some((c) => c.path === 'tags'))
        await eks(ctx).send(
          new TagResourceCommand({resourceArn: present(live.entry.accessEntryArn, 'accessEntryArn'), tags: tags(ctx)}),
        )
    },
    async delete(ctx) {
      await eks(ctx).send(new DeleteAccessEntryCommand({clusterName: cluster(ctx), principalArn}))
    },
    outputs: (l) => ({arn: present(l.entry.accessEntryArn, 'accessEntryArn')}),
    physicalId: (l) => present(l.entry.accessEntryArn, 'accessEntryArn'),
  }
}
