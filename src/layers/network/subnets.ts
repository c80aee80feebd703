import {
  CreateSubnetCommand,
  DeleteSubnetCommand,
  DescribeSubnetsCommand,
  ModifySubnetAttributeCommand,
  type Subnet,
} from '@aws-sdk/client-ec2'
import {canonicalCidr} from '../../design/cidr.js'
import type {SubnetDesign} from '../../design/types.js'
import type {ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {applyTags, ec2, findOwned} from './ec2.js'
import {RESOURCES} from '../../resources.js'
import {present} from '../../aws/present.js'

export function subnetResource(s: SubnetDesign): ResourceDef<Subnet, {id: string; az: string}> {
  const key = RESOURCES.subnet(s.key)
  return {
    key,
    name: s.key,
    requirements: [s.requirement],
    needs: [RESOURCES.vpc],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeSubnetsCommand({
          Filters: [...ownedFilters(ctx, key), {Name: 'vpc-id', Values: [ctx.need(RESOURCES.vpc).id]}],
        }),
      )
      return findOwned(res.Subnets, `subnets ${s.key}`, ctx, key)
    },
    async create(ctx) {
      const name = `${ctx.design.project}-${ctx.design.env}-${s.key}`
      const res = await ec2(ctx).send(
        new CreateSubnetCommand({
          VpcId: ctx.ref(RESOURCES.vpc)?.id,
          CidrBlock: s.cidr,
          AvailabilityZone: s.az,
          TagSpecifications: [{ResourceType: 'subnet', Tags: tagList(desiredTags(ctx, key, name))}],
        }),
      )
      return present(res.Subnet, 'Subnet')
    },
    fields: (ctx) => [
      {
        path: 'cidrBlock',
        requirement: s.requirement,
        expected: canonicalCidr(s.cidr),
        actual: (l) => canonicalCidr(l.CidrBlock ?? ''),
        immutable: true,
      },
      {
        path: 'availabilityZone',
        requirement: s.requirement,
        expected: s.az,
        actual: (l) => l.AvailabilityZone,
        immutable: true,
      },
      // Nothing in these subnets needs a public IP of its own: the ALB and NAT gateways get theirs.
      {
        path: 'mapPublicIpOnLaunch',
        requirement: s.requirement,
        expected: false,
        actual: (l) => l.MapPublicIpOnLaunch === true,
      },
      tagsField(desiredTags(ctx, key, `${ctx.design.project}-${ctx.design.env}-${s.key}`), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'mapPublicIpOnLaunch'))
        await ec2(ctx).send(
          new ModifySubnetAttributeCommand({SubnetId: live.SubnetId, MapPublicIpOnLaunch: {Value: false}}),
        )
      await applyTags(ctx, present(live.SubnetId, 'SubnetId'), changes)
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteSubnetCommand({SubnetId: live.SubnetId}))
    },
    outputs: (l) => ({id: present(l.SubnetId, 'SubnetId'), az: present(l.AvailabilityZone, 'AvailabilityZone')}),
    physicalId: (l) => present(l.SubnetId, 'SubnetId'),
  }
}
