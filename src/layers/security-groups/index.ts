import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2'
import {unlessAlreadyThere} from '../../aws/already.js'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import type {SecurityGroupDesign, SgRule} from '../../design/types.js'
import {asSet, setDifference, stableStringify} from '../../reconcile/diff.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {applyTags, ec2} from '../network/ec2.js'
import {allRules, fromDesign, fromLive, toPermission, type CanonicalRule} from '../sg-rules.js'
import {desiredTags, tagList, tagMap, tagsField} from '../tags.js'
import {present} from '../../aws/present.js'
import {PlatformError} from '../../errors.js'
import {RESOURCES, SECURITY_GROUP_KEYS} from '../../resources.js'

/** Section 3.3: the group itself, found by its name in our VPC. Its description cannot change. */
function groupResource(g: SecurityGroupDesign): ResourceDef<SecurityGroup, {id: string}> {
  const key = RESOURCES.securityGroup(g.key)
  return {
    key,
    name: g.name,
    requirements: [g.ingressRequirement, g.egressRequirement],
    needs: [RESOURCES.vpc],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            {Name: 'vpc-id', Values: [ctx.need(RESOURCES.vpc).id]},
            {Name: 'group-name', Values: [g.name]},
          ],
        }),
      )
      return res.SecurityGroups?.[0]
    },
    async create(ctx) {
      const tags = desiredTags(ctx, key, g.name)
      const res = await ec2(ctx).send(
        new CreateSecurityGroupCommand({
          GroupName: g.name,
          Description: g.description,
          VpcId: ctx.need(RESOURCES.vpc).id,
          TagSpecifications: [{ResourceType: 'security-group', Tags: tagList(tags)}],
        }),
      )
      return {
        GroupId: res.GroupId,
        GroupName: g.name,
        Description: g.description,
        VpcId: ctx.need(RESOURCES.vpc).id,
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
      tagsField(desiredTags(ctx, key, g.name), (l) => tagMap(l.Tags)),
    ],
    update: (ctx, live, changes) => applyTags(ctx, present(live.GroupId, 'GroupId'), changes),
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteSecurityGroupCommand({GroupId: live.GroupId}))
    },
    outputs: (l) => ({id: present(l.GroupId, 'GroupId')}),
    physicalId: (l) => present(l.GroupId, 'GroupId'),
  }
}

interface LiveRules {
  groupId: string
  rules: SecurityGroupRule[]
  /** Names of the prefix lists the design or the live rules use, by id. */
  prefixLists: Record<string, string>
}

function groupKeys(ctx: EngineContext): Record<string, string> {
  return Object.fromEntries(SECURITY_GROUP_KEYS.map((k) => [ctx.need(RESOURCES.securityGroup(k)).id, k]))
}

function canonicalLive(ctx: EngineContext, l: LiveRules, egress: boolean): CanonicalRule[] {
  const keys = groupKeys(ctx)
  return asSet(l.rules.filter((r) => r.IsEgress === egress).map((r) => fromLive(r, keys, l.prefixLists)))
}

/**
 * Prefix list names by id, for the lists the design names and the live rules reference: an
 * AWS-managed list has another id in every region, so the design names it and rules compare by
 * name. No call when neither uses one (the design's own table).
 */
async function prefixListNames(
  ctx: EngineContext,
  g: SecurityGroupDesign,
  rules: SecurityGroupRule[],
): Promise<Record<string, string>> {
  const names = [...g.ingress, ...g.egress].flatMap((r) => ('prefixList' in r.source ? [r.source.prefixList] : []))
  const ids = rules.flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : []))
  const out: Record<string, string> = {}
  const lists = async (input: {Filters?: {Name: string; Values: string[]}[]; PrefixListIds?: string[]}) => {
    const res = await ec2(ctx).send(new DescribeManagedPrefixListsCommand(input))
    for (const l of res.PrefixLists ?? [])
      if (l.PrefixListId && l.PrefixListName) out[l.PrefixListId] = l.PrefixListName
  }
  if (names.length) await lists({Filters: [{Name: 'prefix-list-name', Values: [...new Set(names)]}]})
  const unknown = ids.filter((id) => !(id in out))
  if (unknown.length) await lists({PrefixListIds: [...new Set(unknown)]})
  const missing = names.filter((n) => !Object.values(out).includes(n))
  if (missing.length)
    throw new PlatformError(`The managed prefix list ${missing.join(', ')} does not exist in ${ctx.design.region}.`, {
      code: 'PREFIX_LIST_MISSING',
      remedy:
        'Check the region; AWS publishes com.amazonaws.global.cloudfront.origin-facing in every commercial region.',
    })
  return out
}

/** The rules of one group, reconciled as sets: missing rules added, extra rules removed. */
function rulesResource(g: SecurityGroupDesign): ResourceDef<LiveRules, {groupId: string}> {
  const key = RESOURCES.securityGroupRules(g.key)
  const group = RESOURCES.securityGroup(g.key)
  return {
    key,
    name: `${g.name} rules`,
    requirements: [g.ingressRequirement, g.egressRequirement],
    needs: SECURITY_GROUP_KEYS.map(RESOURCES.securityGroup),
    async find(ctx) {
      const gid = ctx.need(group).id
      const rules = await allRules(ec2(ctx), [gid])
      return {groupId: gid, rules, prefixLists: await prefixListNames(ctx, g, rules)}
    },
    async create(ctx) {
      return {groupId: ctx.need(group).id, rules: [], prefixLists: await prefixListNames(ctx, g, [])}
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
      const ids = Object.fromEntries(SECURITY_GROUP_KEYS.map((k) => [k, ctx.need(RESOURCES.securityGroup(k)).id]))
      for (const egress of [false, true]) {
        if (!changes.some((c) => c.path === (egress ? 'egress' : 'ingress'))) continue
        const design = egress ? g.egress : g.ingress
        const {missing, extra} = setDifference(design.map(fromDesign), canonicalLive(ctx, live, egress))
        const keys = groupKeys(ctx)
        const extraIds = live.rules
          .filter(
            (r) =>
              r.IsEgress === egress &&
              extra.some((e) => stableStringify(e) === stableStringify(fromLive(r, keys, live.prefixLists))),
          )
          .flatMap((r) => (r.SecurityGroupRuleId ? [r.SecurityGroupRuleId] : []))
        // Revoke first: a rule with the same ports but another source is an extra plus a missing.
        // By rule id, since revoking by permission fails when the stored rule has a description.
        if (extraIds.length) {
          const input = {GroupId: live.groupId, SecurityGroupRuleIds: extraIds}
          // InvalidPermission.NotFound: an earlier attempt revoked them and its answer was lost.
          await unlessAbsent(
            egress
              ? ec2(ctx).send(new RevokeSecurityGroupEgressCommand(input))
              : ec2(ctx).send(new RevokeSecurityGroupIngressCommand(input)),
            ['InvalidPermission.NotFound'],
          )
        }
        const toAdd: SgRule[] = design.filter((r) =>
          missing.some((m) => stableStringify(m) === stableStringify(fromDesign(r))),
        )
        if (toAdd.length) {
          const plIds = Object.fromEntries(Object.entries(live.prefixLists).map(([id, n]) => [n, id]))
          const input = {GroupId: live.groupId, IpPermissions: toAdd.map((r) => toPermission(r, ids, plIds))}
          // InvalidPermission.Duplicate: the rules are there (an earlier attempt's lost response).
          await unlessAlreadyThere(
            egress
              ? ec2(ctx).send(new AuthorizeSecurityGroupEgressCommand(input))
              : ec2(ctx).send(new AuthorizeSecurityGroupIngressCommand(input)),
          )
        }
      }
    },
    async delete(ctx, live) {
      // The groups reference each other (EKS <- ALB, RDS <- EKS): revoke every ingress rule
      // before any group is deleted, or the deletes fail with DependencyViolation.
      const ingress = live.rules.flatMap((r) => (!r.IsEgress && r.SecurityGroupRuleId ? [r.SecurityGroupRuleId] : []))
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
