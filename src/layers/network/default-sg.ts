import {
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2'
import {PlatformError} from '../../errors.js'
import {asSet} from '../../reconcile/diff.js'
import type {ResourceDef} from '../../reconcile/types.js'
import {allRules, fromLive} from '../sg-rules.js'
import {ec2} from './ec2.js'
import {RESOURCES, type IdOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'
import {unlessAbsent} from '../../aws/errors.js'

const RULE_GONE = 'InvalidPermission.NotFound'

interface LiveDefaultSg {
  group: SecurityGroup
  rules: SecurityGroupRule[]
}

/**
 * Baseline: the VPC's default security group allows nothing (FSBP EC2.2). AWS creates it with
 * the VPC; it cannot be deleted, only emptied.
 */
export function defaultSecurityGroupResource(): ResourceDef<LiveDefaultSg, IdOutputs> {
  return {
    key: RESOURCES.defaultSecurityGroup,
    name: 'default-sg',
    requirements: ['baseline.vpc.default-sg-closed'],
    needs: [RESOURCES.vpc],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            {Name: 'vpc-id', Values: [ctx.need(RESOURCES.vpc).id]},
            {Name: 'group-name', Values: ['default']},
          ],
        }),
      )
      const group = res.SecurityGroups?.[0]
      if (!group) return undefined
      return {group, rules: await allRules(ec2(ctx), [present(group.GroupId, 'GroupId')])}
    },
    async create() {
      throw new PlatformError('The VPC has no default security group, which AWS always creates.', {code: 'UNEXPECTED'})
    },
    fields: () => [
      {
        path: 'ingress',
        requirement: 'baseline.vpc.default-sg-closed',
        expected: [],
        actual: (l) =>
          asSet(
            l.rules.filter((r) => !r.IsEgress).map((r) => fromLive(r, {[present(l.group.GroupId, 'GroupId')]: 'self'})),
          ),
      },
      {
        path: 'egress',
        requirement: 'baseline.vpc.default-sg-closed',
        expected: [],
        actual: (l) =>
          asSet(
            l.rules.filter((r) => r.IsEgress).map((r) => fromLive(r, {[present(l.group.GroupId, 'GroupId')]: 'self'})),
          ),
      },
    ],
    async update(ctx, live, changes) {
      // Revoke by rule id: revoking by permission fails when the stored rule has a description.
      const ingress = live.rules.filter((r) => !r.IsEgress).map((r) => r.SecurityGroupRuleId!)
      const egress = live.rules.filter((r) => r.IsEgress).map((r) => r.SecurityGroupRuleId!)
      // InvalidPermission.NotFound: an earlier attempt revoked them and its answer was lost.
      if (changes.some((c) => c.path === 'ingress') && ingress.length)
        await unlessAbsent(
          ec2(ctx).send(
            new RevokeSecurityGroupIngressCommand({GroupId: live.group.GroupId, SecurityGroupRuleIds: ingress}),
          ),
          [RULE_GONE],
        )
      if (changes.some((c) => c.path === 'egress') && egress.length)
        await unlessAbsent(
          ec2(ctx).send(
            new RevokeSecurityGroupEgressCommand({GroupId: live.group.GroupId, SecurityGroupRuleIds: egress}),
          ),
          [RULE_GONE],
        )
    },
    outputs: (l) => ({id: present(l.group.GroupId, 'GroupId')}),
    physicalId: (l) => present(l.group.GroupId, 'GroupId'),
  }
}
