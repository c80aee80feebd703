import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type Role,
} from '@aws-sdk/client-iam'
import {isOwned} from '../../aws/naming.js'
import {unlessAbsent} from '../../aws/errors.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import type {ResourceKey} from '../../resources.js'
import {canonicalPolicy, parsePolicy, type PolicyDocument} from './policy.js'
import {present} from '../../aws/present.js'

export interface RoleSpec {
  key: ResourceKey<{arn: string; name: string}>
  name: string
  description: string
  requirements: string[]
  trust: (ctx: EngineContext) => PolicyDocument
  managedPolicies: string[]
  inline: (ctx: EngineContext) => Record<string, PolicyDocument>
  needs?: ResourceKey[]
}

export interface LiveRole {
  role: Role
  tags: Record<string, string>
  managed: string[]
  inline: Record<string, unknown>
}

const iam = (ctx: EngineContext) => ctx.aws.client(IAMClient, ctx.design.region)
export const managedPolicyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`

export function roleResource(spec: RoleSpec): ResourceDef<LiveRole, {arn: string; name: string}> {
  // IAM rejects these; the emulator does not, so check here rather than find out in production.
  if (!/^[\w+=,.@-]{1,64}$/.test(spec.name)) throw new Error(`invalid IAM role name "${spec.name}" for ${spec.key.id}`)
  return {
    key: spec.key,
    name: spec.name,
    requirements: spec.requirements,
    needs: spec.needs,
    async find(ctx) {
      const role = (
        await unlessAbsent(iam(ctx).send(new GetRoleCommand({RoleName: spec.name})), [
          'NoSuchEntity',
          'NoSuchEntityException',
        ])
      )?.Role
      if (!role) return undefined
      const [tags, attached, names] = await Promise.all([
        iam(ctx).send(new ListRoleTagsCommand({RoleName: spec.name})),
        iam(ctx).send(new ListAttachedRolePoliciesCommand({RoleName: spec.name})),
        iam(ctx).send(new ListRolePoliciesCommand({RoleName: spec.name})),
      ])
      const inline: Record<string, unknown> = {}
      for (const n of names.PolicyNames ?? []) {
        const p = await iam(ctx).send(new GetRolePolicyCommand({RoleName: spec.name, PolicyName: n}))
        inline[n] = canonicalPolicy(parsePolicy(p.PolicyDocument))
      }
      return {
        role,
        tags: tagMap(tags.Tags),
        managed: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn!).sort(),
        inline,
      }
    },
    async create(ctx) {
      const res = await iam(ctx).send(
        new CreateRoleCommand({
          RoleName: spec.name,
          Description: spec.description,
          AssumeRolePolicyDocument: JSON.stringify(spec.trust(ctx)),
          Tags: tagList(desiredTags(ctx, spec.key, spec.name)),
        }),
      )
      return {role: present(res.Role, 'Role'), tags: desiredTags(ctx, spec.key, spec.name), managed: [], inline: {}}
    },
    owned: (l, ctx) => isOwned(l.tags, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'assumeRolePolicy',
        requirement: spec.requirements[0],
        expected: canonicalPolicy(spec.trust(ctx)),
        actual: (l) => canonicalPolicy(parsePolicy(l.role.AssumeRolePolicyDocument)),
      },
      {
        path: 'managedPolicies',
        requirement: spec.requirements[0],
        expected: spec.managedPolicies.map(managedPolicyArn).sort(),
        actual: (l) => l.managed,
      },
      {
        path: 'inlinePolicies',
        requirement: spec.requirements[0],
        expected: Object.fromEntries(Object.entries(spec.inline(ctx)).map(([k, v]) => [k, canonicalPolicy(v)])),
        actual: (l) => l.inline,
      },
      tagsField(desiredTags(ctx, spec.key, spec.name), (l) => l.tags),
    ],
    async update(ctx, live, changes) {
      const paths = new Set(changes.map((c) => c.path))
      if (paths.has('assumeRolePolicy'))
        await iam(ctx).send(
          new UpdateAssumeRolePolicyCommand({RoleName: spec.name, PolicyDocument: JSON.stringify(spec.trust(ctx))}),
        )
      if (paths.has('managedPolicies')) {
        const want = spec.managedPolicies.map(managedPolicyArn)
        for (const arn of want.filter((a) => !live.managed.includes(a)))
          await iam(ctx).send(new AttachRolePolicyCommand({RoleName: spec.name, PolicyArn: arn}))
        // Anything else attached is privilege nobody designed: remove it.
        for (const arn of live.managed.filter((a) => !want.includes(a)))
          await iam(ctx).send(new DetachRolePolicyCommand({RoleName: spec.name, PolicyArn: arn}))
      }
      if (paths.has('inlinePolicies')) {
        const want = spec.inline(ctx)
        for (const [n, doc] of Object.entries(want)) {
          if (JSON.stringify(live.inline[n]) !== JSON.stringify(canonicalPolicy(doc)))
            await iam(ctx).send(
              new PutRolePolicyCommand({RoleName: spec.name, PolicyName: n, PolicyDocument: JSON.stringify(doc)}),
            )
        }
        for (const n of Object.keys(live.inline).filter((k) => !(k in want)))
          await iam(ctx).send(new DeleteRolePolicyCommand({RoleName: spec.name, PolicyName: n}))
      }
      const t = changes.find((c) => c.path === 'tags')
      if (t)
        await iam(ctx).send(
          new TagRoleCommand({RoleName: spec.name, Tags: tagList(t.expected as Record<string, string>)}),
        )
    },
    async delete(ctx, live) {
      // IAM refuses to delete a role that still has policies.
      for (const arn of live.managed)
        await iam(ctx).send(new DetachRolePolicyCommand({RoleName: spec.name, PolicyArn: arn}))
      for (const n of Object.keys(live.inline))
        await iam(ctx).send(new DeleteRolePolicyCommand({RoleName: spec.name, PolicyName: n}))
      await iam(ctx).send(new DeleteRoleCommand({RoleName: spec.name}))
    },
    outputs: (l) => ({arn: present(l.role.Arn, 'Arn'), name: spec.name}),
    physicalId: (l) => present(l.role.Arn, 'Arn'),
  }
}
