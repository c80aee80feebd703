import {
  CreateSubnetCommand,
  DeleteSubnetCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  ModifySubnetAttributeCommand,
  type Subnet,
} from '@aws-sdk/client-ec2'
import {canonicalCidr} from '../../design/cidr.js'
import type {SubnetDesign} from '../../design/types.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
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
      const many = (res.Subnets?.length ?? 0) > 1
      const inUse = many ? await subnetsInUse(ctx, res.Subnets!) : new Map<string, string>()
      return findOwned(res.Subnets, `subnets ${s.key}`, ctx, key, {
        id: (x) => x.SubnetId ?? '',
        dependedOn: (x) => inUse.has(x.SubnetId ?? ''),
      })
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

/**
 * Which of these subnets others depend on, when a lost create (or a hand-made copy) left two with
 * the same tags: network interfaces (load balancers, EKS, Aurora and NAT gateways all put theirs
 * in the subnet), NAT gateways, and explicit route table associations. The one depended on is
 * kept; a copy with anything attached is never deleted (findOwned stops when two are in use).
 */
async function subnetsInUse(ctx: EngineContext, subnets: Subnet[]): Promise<Map<string, string>> {
  const ids = subnets.flatMap((x) => (x.SubnetId ? [x.SubnetId] : []))
  const filter = [{Name: 'subnet-id', Values: ids}]
  const [enis, nats, tables] = await Promise.all([
    ec2(ctx).send(new DescribeNetworkInterfacesCommand({Filters: filter})),
    // DescribeNatGateways takes `Filter`; deleted gateways linger and hold nothing.
    ec2(ctx).send(
      new DescribeNatGatewaysCommand({Filter: [...filter, {Name: 'state', Values: ['pending', 'available']}]}),
    ),
    ec2(ctx).send(new DescribeRouteTablesCommand({Filters: [{Name: 'association.subnet-id', Values: ids}]})),
  ])
  const used = new Map<string, string>()
  for (const e of enis.NetworkInterfaces ?? [])
    if (e.SubnetId) used.set(e.SubnetId, `network interface ${e.NetworkInterfaceId}`)
  for (const n of nats.NatGateways ?? [])
    if (n.SubnetId && ['pending', 'available'].includes(n.State ?? ''))
      used.set(n.SubnetId, `NAT gateway ${n.NatGatewayId}`)
  for (const t of tables.RouteTables ?? [])
    for (const a of t.Associations ?? [])
      if (!a.Main && a.SubnetId && ids.includes(a.SubnetId) && a.AssociationState?.State !== 'disassociated')
        used.set(a.SubnetId, `route table ${t.RouteTableId}`)
  return used
}
