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
import {applyTags, ec2, single} from './vpc.js'

export const subnetId = (key: string) => `network/subnet/${key}`

export function subnetResource(s: SubnetDesign): ResourceDef<Subnet> {
  const id = subnetId(s.key)
  return {
    id,
    type: 'AWS::EC2::Subnet',
    name: s.key,
    requirements: [s.requirement],
    needs: ['network/vpc'],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeSubnetsCommand({
          Filters: [...ownedFilters(ctx, id), {Name: 'vpc-id', Values: [ctx.ref('network/vpc')!]}],
        }),
      )
      return single(res.Subnets, `subnets ${s.key}`, ctx, id)
    },
    async create(ctx) {
      const name = `${ctx.design.project}-${ctx.design.env}-${s.key}`
      const res = await ec2(ctx).send(
        new CreateSubnetCommand({
          VpcId: ctx.ref('network/vpc'),
          CidrBlock: s.cidr,
          AvailabilityZone: s.az,
          TagSpecifications: [{ResourceType: 'subnet', Tags: tagList(desiredTags(ctx, id, name))}],
        }),
      )
      return res.Subnet!
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
      tagsField(desiredTags(ctx, id, `${ctx.design.project}-${ctx.design.env}-${s.key}`), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'mapPublicIpOnLaunch'))
        await ec2(ctx).send(
          new ModifySubnetAttributeCommand({SubnetId: live.SubnetId, MapPublicIpOnLaunch: {Value: false}}),
        )
      await applyTags(ctx, live.SubnetId!, changes)
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteSubnetCommand({SubnetId: live.SubnetId}))
    },
    outputs: (l) => ({id: l.SubnetId!, az: l.AvailabilityZone!}),
    physicalId: (l) => l.SubnetId!,
  }
}
