import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  type Route,
  type RouteTable,
} from '@aws-sdk/client-ec2'
import {canonicalCidr} from '../../design/cidr.js'
import {asSet} from '../../reconcile/diff.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {natId, natZones} from './nat.js'
import {subnetId} from './subnets.js'
import {applyTags, ec2, single} from './vpc.js'

interface DesiredRoute {
  destination: string
  target: string
}

/** Routes as a set of destination -> target; the implicit `local` route is AWS's and not compared. */
function liveRoutes(rt: RouteTable): DesiredRoute[] {
  return asSet(
    (rt.Routes ?? [])
      .filter((r) => r.GatewayId !== 'local' && r.DestinationCidrBlock)
      .map((r) => ({destination: canonicalCidr(r.DestinationCidrBlock!), target: routeTarget(r)})),
  )
}

function routeTarget(r: Route): string {
  return (
    r.GatewayId ??
    r.NatGatewayId ??
    r.TransitGatewayId ??
    r.VpcPeeringConnectionId ??
    r.NetworkInterfaceId ??
    r.InstanceId ??
    'unknown'
  )
}

function liveAssociations(rt: RouteTable): string[] {
  return (rt.Associations ?? [])
    .filter((a) => !a.Main && a.SubnetId && a.AssociationState?.State !== 'disassociated')
    .map((a) => a.SubnetId!)
    .sort()
}

interface RouteTableSpec {
  id: string
  name: string
  requirements: string[]
  subnets: string[]
  target: string
  needs: string[]
}

export function routeTableSpecs(ctx: EngineContext): RouteTableSpec[] {
  const zones = natZones(ctx)
  return [
    {
      id: 'network/rt/public',
      name: 'public',
      requirements: ['subnet.public-1a', 'subnet.public-1c', 'subnet.public-1d'],
      subnets: ['public-1a', 'public-1c', 'public-1d'].map(subnetId),
      target: 'network/igw',
      needs: ['network/igw'],
    },
    ...['1a', '1c', '1d'].map((zone) => {
      // With fewer NAT gateways than AZs (a dev override), the other AZs use the first one.
      const nat = natId(zones.includes(zone) ? zone : zones[0]!)
      return {
        id: `network/rt/private-${zone}`,
        name: `private-${zone}`,
        requirements: [`subnet.private-${zone}`, 'ha.nat'],
        subnets: [subnetId(`private-${zone}`)],
        target: nat,
        needs: [nat],
      }
    }),
  ]
}

export function routeTableResource(spec: RouteTableSpec): ResourceDef<RouteTable> {
  const fullName = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-rt-${spec.name}`
  return {
    id: spec.id,
    type: 'AWS::EC2::RouteTable',
    name: `rt-${spec.name}`,
    requirements: spec.requirements,
    needs: ['network/vpc', ...spec.subnets, ...spec.needs],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeRouteTablesCommand({
          Filters: [...ownedFilters(ctx, spec.id), {Name: 'vpc-id', Values: [ctx.ref('network/vpc')!]}],
        }),
      )
      return single(res.RouteTables, `route tables ${spec.name}`, ctx, spec.id)
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new CreateRouteTableCommand({
          VpcId: ctx.ref('network/vpc'),
          TagSpecifications: [{ResourceType: 'route-table', Tags: tagList(desiredTags(ctx, spec.id, fullName(ctx)))}],
        }),
      )
      return res.RouteTable!
    },
    fields: (ctx) => [
      {
        path: 'routes',
        requirement: spec.requirements[0],
        expected: [{destination: '0.0.0.0/0', target: ctx.ref(spec.target)}],
        actual: liveRoutes,
      },
      // One field per subnet, so a finding names the subnet whose routing is wrong.
      ...spec.subnets.map((s) => ({
        path: `associations.${s.split('/').pop()}`,
        requirement: `subnet.${s.split('/').pop()}`,
        expected: true,
        actual: (l: RouteTable) => liveAssociations(l).includes(ctx.ref(s)!),
      })),
      {
        path: 'associations.other',
        requirement: spec.requirements[0],
        expected: [],
        actual: (l) => liveAssociations(l).filter((id) => !spec.subnets.some((s) => ctx.ref(s) === id)),
      },
      tagsField(desiredTags(ctx, spec.id, fullName(ctx)), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      const rtId = live.RouteTableId!
      if (changes.some((c) => c.path === 'routes')) {
        const want = ctx.ref(spec.target)!
        const have = live.Routes?.find(
          (r) => r.DestinationCidrBlock && canonicalCidr(r.DestinationCidrBlock) === '0.0.0.0/0',
        )
        const target = want.startsWith('nat-') ? {NatGatewayId: want} : {GatewayId: want}
        if (!have)
          await ec2(ctx).send(
            new CreateRouteCommand({RouteTableId: rtId, DestinationCidrBlock: '0.0.0.0/0', ...target}),
          )
        else if (routeTarget(have) !== want)
          await ec2(ctx).send(
            new ReplaceRouteCommand({RouteTableId: rtId, DestinationCidrBlock: '0.0.0.0/0', ...target}),
          )
        for (const r of live.Routes ?? []) {
          if (
            r.GatewayId === 'local' ||
            !r.DestinationCidrBlock ||
            canonicalCidr(r.DestinationCidrBlock) === '0.0.0.0/0'
          )
            continue
          await ec2(ctx).send(
            new DeleteRouteCommand({RouteTableId: rtId, DestinationCidrBlock: r.DestinationCidrBlock}),
          )
        }
      }
      if (changes.some((c) => c.path.startsWith('associations'))) {
        const want = new Set(spec.subnets.map((s) => ctx.ref(s)!))
        for (const a of live.Associations ?? []) {
          if (!a.Main && a.SubnetId && !want.has(a.SubnetId))
            await ec2(ctx).send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId}))
        }
        const have = new Set(liveAssociations(live))
        for (const subnet of want) {
          if (have.has(subnet)) continue
          // A subnet has one route table: move it from wherever it is now.
          const elsewhere = await ec2(ctx).send(
            new DescribeRouteTablesCommand({Filters: [{Name: 'association.subnet-id', Values: [subnet]}]}),
          )
          const assoc = elsewhere.RouteTables?.flatMap((t) => t.Associations ?? []).find((a) => a.SubnetId === subnet)
          if (assoc?.RouteTableAssociationId)
            await ec2(ctx).send(
              new ReplaceRouteTableAssociationCommand({
                AssociationId: assoc.RouteTableAssociationId,
                RouteTableId: rtId,
              }),
            )
          else await ec2(ctx).send(new AssociateRouteTableCommand({RouteTableId: rtId, SubnetId: subnet}))
        }
      }
      await applyTags(ctx, rtId, changes)
    },
    async delete(ctx, live) {
      for (const a of live.Associations ?? [])
        if (!a.Main && a.RouteTableAssociationId)
          await ec2(ctx).send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId}))
      await ec2(ctx).send(new DeleteRouteTableCommand({RouteTableId: live.RouteTableId}))
    },
    outputs: (l) => ({id: l.RouteTableId!}),
    physicalId: (l) => l.RouteTableId!,
  }
}
