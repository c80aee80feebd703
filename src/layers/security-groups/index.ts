import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2'
import {isOwned} from '../../aws/naming.js'
import type {SecurityGroupDesign, SgRule} from '../../design/types.js'
import {asSet, setDifference, stableStringify} from '../../reconcile/diff.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {applyTags, ec2} from '../network/vpc.js'
import {allRules, fromDesign, fromLive, toPermission, type CanonicalRule} from '../sg-rules.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'

export const groupId = (key: string) => `security-groups/${key}`
const KEYS = ['alb', 'eks', 'rds'] as const

/** Section 3.3: the group itself, found by its name in our VPC. Its description cannot change. */
function groupResource(g: SecurityGroupDesign): ResourceDef<SecurityGroup> {
  const id = groupId(g.key)
  return {
    id,
    type: 'AWS::EC2::SecurityGroup',
    name: g.name,
    requirements: [g.ingressRequirement, g.egressRequirement],
    needs: ['network/vpc'],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            {Name: 'vpc-id', Values: [ctx.ref('network/vpc')!]},
            {Name: 'group-name', Values: [g.name]},
          ],
        }),
      )
      return res.SecurityGroups?.[0]
    },
    async create(ctx) {
      const tags = desiredTags(ctx, id, g.name)
      const res = await ec2(ctx).send(
        new CreateSecurityGroupCommand({
          GroupName: g.name,
          Description: g.description,
          VpcId: ctx.ref('network/vpc'),
          TagSpecifications: [{ResourceType: 'security-group', Tags: tagList(tags)}],
        }),
      )
      return {
        GroupId: res.GroupId,
        GroupName: g.name,
        Description: g.description,
        VpcId: ctx.ref('network/vpc'),
        Tags: tagList(tags),
      }
    },
    owned: (l, ctx) => isOwned(tagMap(l.Tags), ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'description',
        requirement: g.ingressRequirement,
        expected: g.description,
        actual: (l) => l.Description,
        immutable: true,
      },
      tagsField(desiredTags(ctx, id, g.name), (l) => tagMap(l.Tags)),
    ],
    update: (ctx, live, changes) => applyTags(ctx, live.GroupId!, changes),
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteSecurityGroupCommand({GroupId: live.GroupId}))
    },
    outputs: (l) => ({id: l.GroupId!}),
    physicalId: (l) => l.GroupId!,
  }
}

interface LiveRules {
  groupId: string
  rules: SecurityGroupRule[]
}

function groupKeys(ctx: EngineContext): Record<string, string> {
  return Object.fromEntries(KEYS.map((k) => [ctx.ref(groupId(k))!, k]))
}

function canonicalLive(ctx: EngineContext, l: LiveRules, egress: boolean): CanonicalRule[] {
  const keys = groupKeys(ctx)
  return asSet(l.rules.filter((r) => r.IsEgress === egress).map((r) => fromLive(r, keys)))
}

/** The rules of one group, reconciled as sets: missing rules added, extra rules removed. */
function rulesResource(g: SecurityGroupDesign): ResourceDef<LiveRules> {
  const id = `${groupId(g.key)}/rules`
  return {
    id,
    type: 'AWS::EC2::SecurityGroupRules',
    name: `${g.name} rules`,
    requirements: [g.ingressRequirement, g.egressRequirement],
    needs: KEYS.map(groupId),
    async find(ctx) {
      const gid = ctx.ref(groupId(g.key))!
      return {groupId: gid, rules: await allRules(ec2(ctx), [gid])}
    },
    async create(ctx) {
      return {groupId: ctx.ref(groupId(g.key))!, rules: []}
    },
    fields: (ctx) => [
      {
        path: 'ingress',
        requirement: g.ingressRequirement,
        expected: asSet(g.ingress.map(fromDesign)),
        actual: (l) => canonicalLive(ctx, l, false),
      },
      {
        path: 'egress',
        requirement: g.egressRequirement,
        expected: asSet(g.egress.map(fromDesign)),
        actual: (l) => canonicalLive(ctx, l, true),
      },
    ],
    async update(ctx, live, changes) {
      const ids = Object.fromEntries(KEYS.map((k) => [k, ctx.ref(groupId(k))!]))
      for (const egress of [false, true]) {
        if (!changes.some((c) => c.path === (egress ? 'egress' : 'ingress'))) continue
        const design = egress ? g.egress : g.ingress
        const {missing, extra} = setDifference(design.map(fromDesign), canonicalLive(ctx, live, egress))
        const keys = groupKeys(ctx)
        const extraIds = live.rules
          .filter(
            (r) =>
              r.IsEgress === egress && extra.some((e) => stableStringify(e) === stableStringify(fromLive(r, keys))),
          )
          .map((r) => r.SecurityGroupRuleId!)
        // Revoke first: a rule with the same ports but another source is an extra plus a missing.
        // By rule id, since revoking by permission fails when the stored rule has a description.
        if (extraIds.length) {
          const input = {GroupId: live.groupId, SecurityGroupRuleIds: extraIds}
          await (egress
            ? ec2(ctx).send(new RevokeSecurityGroupEgressCommand(input))
            : ec2(ctx).send(new RevokeSecurityGroupIngressCommand(input)))
        }
        const toAdd: SgRule[] = design.filter((r) =>
          missing.some((m) => stableStringify(m) === stableStringify(fromDesign(r))),
        )
        if (toAdd.length) {
          const input = {GroupId: live.groupId, IpPermissions: toAdd.map((r) => toPermission(r, ids))}
          await (egress
            ? ec2(ctx).send(new AuthorizeSecurityGroupEgressCommand(input))
            : ec2(ctx).send(new AuthorizeSecurityGroupIngressCommand(input)))
        }
      }
    },
    async delete(ctx, live) {
      // The groups reference each other (EKS <- ALB, RDS <- EKS): revoke every ingress rule
      // before any group is deleted, or the deletes fail with DependencyViolation.
      const ingress = live.rules.filter((r) => !r.IsEgress).map((r) => r.SecurityGroupRuleId!)
      if (ingress.length)
        await ec2(ctx).send(
          new RevokeSecurityGroupIngressCommand({GroupId: live.groupId, SecurityGroupRuleIds: ingress}),
        )
    },
    outputs: (l) => ({groupId: l.groupId}),
    physicalId: (l) => l.groupId,
  }
}

export const securityGroupsLayer: LayerDef = {
  name: 'security-groups',
  description: 'ALB, EKS and RDS security groups with exactly the rules of section 3.3',
  dependsOn: ['network'],
  steps: (ctx) => [ctx.design.securityGroups.map(groupResource), ctx.design.securityGroups.map(rulesResource)],
}
