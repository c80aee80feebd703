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
import {unlessAlreadyThere} from '../../aws/already.js'
import {canonicalCidr} from '../../design/cidr.js'
import {asSet} from '../../reconcile/diff.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {natZones} from './nat.js'
import {applyTags, ec2, findOwned} from './ec2.js'
import {unlessAbsent} from '../../aws/errors.js'
import {present} from '../../aws/present.js'
import {
  PUBLIC_SUBNETS,
  RESOURCES,
  ZONES,
  type ResourceKey,
  type RouteTableName,
  type SubnetKey,
} from '../../resources.js'

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
    .flatMap((a) => (a.SubnetId ? [a.SubnetId] : []))
    .sort()
}

interface RouteTableSpec {
  name: RouteTableName
  requirements: string[]
  subnets: SubnetKey[]
  /** Where 0.0.0.0/0 goes: the internet gateway or a NAT gateway. */
  target: ResourceKey<{id: string}>
}

export function routeTableSpecs(ctx: EngineContext): RouteTableSpec[] {
  const zones = natZones(ctx)
  return [
    {
      name: 'public',
      requirements: PUBLIC_SUBNETS.map((k) => `subnet.${k}`),
      subnets: PUBLIC_SUBNETS,
      target: RESOURCES.internetGateway,
    },
    ...ZONES.map((zone): RouteTableSpec => {
      // With fewer NAT gateways than AZs (a dev override), the other AZs use the first one.
      const natZone = zones.includes(zone) ? zone : zones[0]
      return {
        name: `private-${zone}`,
        requirements: [`subnet.private-${zone}`, 'ha.nat'],
        subnets: [`private-${zone}`],
        target: RESOURCES.natGateway(natZone ?? zone),
      }
    }),
  ]
}

/**
 * Makes exactly `subnets` use this table. The route tables of a layer are reconciled in
 * parallel, and a subnet drifted onto another of our tables is let go by that table while this
 * one takes it: an association the other side already removed or replaced answers
 * InvalidAssociationID.NotFound ("the specified association ID does not exist",
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), which means
 * "already done" on the disassociate side and "associate afresh" on the taking side.
 * ReplaceRouteTableAssociation answers with a new association id and the old one is gone
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html).
 */
async function moveSubnetsHere(
  ctx: EngineContext,
  live: RouteTable,
  subnets: {key: ResourceKey<{id: string}>}[],
): Promise<void> {
  const rtId = present(live.RouteTableId, 'RouteTableId')
  const want = new Set(subnets.map((s) => ctx.need(s.key).id))
  for (const a of live.Associations ?? []) {
    if (!a.Main && a.SubnetId && !want.has(a.SubnetId))
      await unlessAbsent(ec2(ctx).send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId})), [
        ASSOCIATION_GONE,
      ])
  }
  const have = new Set(liveAssociations(live))
  for (const subnet of want) {
    if (have.has(subnet)) continue
    // A subnet has one route table: move it from wherever it is now.
    const elsewhere = await ec2(ctx).send(
      new DescribeRouteTablesCommand({Filters: [{Name: 'association.subnet-id', Values: [subnet]}]}),
    )
    const assoc = elsewhere.RouteTables?.flatMap((t) => t.Associations ?? []).find((a) => a.SubnetId === subnet)
    const replaced = assoc?.RouteTableAssociationId
      ? await unlessAbsent(
          ec2(ctx).send(
            new ReplaceRouteTableAssociationCommand({AssociationId: assoc.RouteTableAssociationId, RouteTableId: rtId}),
          ),
          [ASSOCIATION_GONE],
        )
      : undefined
    // Resource.AlreadyAssociated: an earlier attempt's association took effect.
    if (!replaced)
      await unlessAlreadyThere(ec2(ctx).send(new AssociateRouteTableCommand({RouteTableId: rtId, SubnetId: subnet})))
  }
}

const ASSOCIATION_GONE = 'InvalidAssociationID.NotFound'

export function routeTableResource(spec: RouteTableSpec): ResourceDef<RouteTable, {id: string}> {
  const key = RESOURCES.routeTable(spec.name)
  const subnets = spec.subnets.map((k) => ({name: k, key: RESOURCES.subnet(k)}))
  const fullName = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-rt-${spec.name}`
  return {
    key,
    name: `rt-${spec.name}`,
    requirements: spec.requirements,
    needs: [RESOURCES.vpc, ...subnets.map((s) => s.key), spec.target],
    async find(ctx) {
      const res = await ec2(ctx).send(
        new DescribeRouteTablesCommand({
          Filters: [...ownedFilters(ctx, key), {Name: 'vpc-id', Values: [ctx.need(RESOURCES.vpc).id]}],
        }),
      )
      return findOwned(res.RouteTables, `route tables ${spec.name}`, ctx, key, {
        id: (t) => t.RouteTableId ?? '',
        dependedOn: (t) => (t.Associations ?? []).some((a) => a.SubnetId),
      })
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new CreateRouteTableCommand({
          VpcId: ctx.need(RESOURCES.vpc).id,
          TagSpecifications: [{ResourceType: 'route-table', Tags: tagList(desiredTags(ctx, key, fullName(ctx)))}],
        }),
      )
      return present(res.RouteTable, 'the route table in the CreateRouteTable response')
    },
    fields: (ctx) => [
      {
        path: 'routes',
        requirement: spec.requirements[0],
        expected: [{destination: '0.0.0.0/0', target: ctx.ref(spec.target)?.id}],
        actual: liveRoutes,
      },
      // One field per subnet, so a finding names the subnet whose routing is wrong.
      ...subnets.map((s) => ({
        path: `associations.${s.name}`,
        requirement: `subnet.${s.name}`,
        expected: true,
        actual: (l: RouteTable) => liveAssociations(l).includes(ctx.need(s.key).id),
      })),
      {
        path: 'associations.other',
        requirement: spec.requirements[0],
        expected: [],
        actual: (l) => liveAssociations(l).filter((id) => !subnets.some((s) => ctx.ref(s.key)?.id === id)),
      },
      tagsField(desiredTags(ctx, key, fullName(ctx)), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      const rtId = present(live.RouteTableId, 'RouteTableId')
      if (changes.some((c) => c.path === 'routes')) {
        const want = ctx.need(spec.target).id
        const have = live.Routes?.find(
          (r) => r.DestinationCidrBlock && canonicalCidr(r.DestinationCidrBlock) === '0.0.0.0/0',
        )
        const target = want.startsWith('nat-') ? {NatGatewayId: want} : {GatewayId: want}
        // RouteAlreadyExists: a lost answer to our own CreateRoute; a wrong target is the next read's update.
        if (!have)
          await unlessAlreadyThere(
            ec2(ctx).send(new CreateRouteCommand({RouteTableId: rtId, DestinationCidrBlock: '0.0.0.0/0', ...target})),
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
      if (changes.some((c) => c.path.startsWith('associations'))) await moveSubnetsHere(ctx, live, subnets)
      await applyTags(ctx, rtId, changes)
    },
    async delete(ctx, live) {
      for (const a of live.Associations ?? [])
        if (!a.Main && a.RouteTableAssociationId)
          await ec2(ctx).send(new DisassociateRouteTableCommand({AssociationId: a.RouteTableAssociationId}))
      await ec2(ctx).send(new DeleteRouteTableCommand({RouteTableId: live.RouteTableId}))
    },
    outputs: (l) => ({id: present(l.RouteTableId, 'RouteTableId')}),
    physicalId: (l) => present(l.RouteTableId, 'RouteTableId'),
  }
}
