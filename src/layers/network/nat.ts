import {createHash} from 'node:crypto'
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
  type Address,
  type NatGateway,
} from '@aws-sdk/client-ec2'
import {TAG_KEYS, isOwned} from '../../aws/naming.js'
import {emulatorHasGap} from '../../aws/emulator.js'
import {waitUntil} from '../../aws/wait.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {applyTags, ec2, findOwned} from './ec2.js'
import {RESOURCES, ZONES, type Zone} from '../../resources.js'
import {present} from '../../aws/present.js'

/** The AZs that get a NAT gateway: the first `natGateways` of the design's zones. */
export function natZones(ctx: EngineContext): Zone[] {
  return ZONES.slice(0, ctx.design.natGateways)
}

export function eipResource(zone: Zone): ResourceDef<Address, {allocationId: string}> {
  const key = RESOURCES.elasticIp(zone)
  const name = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-nat-${zone}-eip`
  return {
    key,
    name: `eip-${zone}`,
    requirements: ['ha.nat'],
    async find(ctx) {
      const res = await ec2(ctx).send(new DescribeAddressesCommand({Filters: ownedFilters(ctx, key)}))
      let addresses = res.Addresses ?? []
      const ours = addresses.filter((a) => {
        const t = tagMap(a.Tags)
        return t[TAG_KEYS.logicalId] === key.id && isOwned(t, ctx.design.project, ctx.design.env)
      })
      if (ours.length <= 1 || !ctx.duplicates) return findOwned(addresses, `Elastic IPs for ${zone}`, ctx, key)
      // Copies: which gateway holds each address? The one held by the gateway kept is the one
      // others depend on. One held by a gateway copy cannot be released before that gateway is
      // gone (the NAT step, after this one): provision leaves it to the next run, which finds
      // it free and heals it as any EIP copy; audit and destroy count it as a copy now.
      const holders = await natHolders(ctx, zone)
      if ((ctx.copies ?? 'heal') === 'heal') {
        const waiting = ours.filter((a) => holders.get(a.AllocationId ?? '') === 'copy')
        for (const a of waiting)
          ctx.progress(
            `Elastic IP ${a.AllocationId} is a copy held by a NAT gateway copy: released by the next provision, once that gateway is deleted`,
          )
        addresses = addresses.filter((a) => !waiting.includes(a))
      }
      return findOwned(addresses, `Elastic IPs for ${zone}`, ctx, key, {
        id: (a) => a.AllocationId ?? '',
        // The emulator keeps a deleted gateway's address associated (AWS frees it): only an
        // association to a live gateway, or to anything else, means in use.
        dependedOn: (a) =>
          a.AssociationId !== undefined &&
          (holders.has(a.AllocationId ?? '') || !emulatorHasGap('ec2-eip-stays-associated')),
      })
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new AllocateAddressCommand({
          Domain: 'vpc',
          TagSpecifications: [{ResourceType: 'elastic-ip', Tags: tagList(desiredTags(ctx, key, name(ctx)))}],
        }),
      )
      return {
        AllocationId: res.AllocationId,
        PublicIp: res.PublicIp,
        Domain: 'vpc',
        Tags: tagList(desiredTags(ctx, key, name(ctx))),
      }
    },
    fields: (ctx) => [tagsField(desiredTags(ctx, key, name(ctx)), (l) => tagMap(l.Tags))],
    update: (ctx, live, changes) => applyTags(ctx, present(live.AllocationId, 'AllocationId'), changes),
    async delete(ctx, live) {
      // AWS frees a NAT gateway's address when the gateway is deleted; the emulator keeps it
      // associated, and an associated address cannot be released.
      const cur = (
        await ec2(ctx).send(new DescribeAddressesCommand({AllocationIds: [present(live.AllocationId, 'AllocationId')]}))
      ).Addresses?.[0]
      if (cur?.AssociationId && emulatorHasGap('ec2-eip-stays-associated'))
        await ec2(ctx).send(new DisassociateAddressCommand({AssociationId: cur.AssociationId}))
      await ec2(ctx).send(new ReleaseAddressCommand({AllocationId: live.AllocationId}))
    },
    outputs: (l) => ({allocationId: present(l.AllocationId, 'AllocationId')}),
    physicalId: (l) => present(l.AllocationId, 'AllocationId'),
  }
}

const LIVE_STATES = ['pending', 'available']

export function natGatewayResource(zone: Zone): ResourceDef<NatGateway, {id: string}> {
  const key = RESOURCES.natGateway(zone)
  const subnet = RESOURCES.subnet(`public-${zone}`)
  const eip = RESOURCES.elasticIp(zone)
  const name = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-nat-${zone}`
  return {
    key,
    name: `nat-${zone}`,
    requirements: ['ha.nat'],
    needs: [subnet, eip],
    async find(ctx) {
      // DescribeNatGateways takes `Filter`, not `Filters`. Deleted and failed gateways linger for
      // about an hour: they are not ours to reuse.
      const res = await ec2(ctx).send(
        new DescribeNatGatewaysCommand({Filter: [...ownedFilters(ctx, key), {Name: 'state', Values: LIVE_STATES}]}),
      )
      // Copies (a retried create the emulator did not dedupe by token, or a hand-made one): the
      // one a route table sends traffic to is kept, else the lowest id; the copy is deleted and
      // waited for until `deleted` ("terminated and no longer processing traffic":
      // https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/aws.sdk.kotlin.services.ec2.model/-nat-gateway/state.html),
      // minutes on AWS (delete() waits up to 15). Deleting a gateway "disassociates its Elastic
      // IP address, but does not release the address" (DeleteNatGateway's description, as in
      // https://hackage.haskell.org/package/amazonka-ec2-1.4.4/docs/Network-AWS-EC2-DeleteNatGateway.html):
      // the next run finds that address free and heals it as an EIP copy (eipResource.find).
      const gateways = (res.NatGateways ?? []).filter((n) => LIVE_STATES.includes(n.State ?? ''))
      const routed = gateways.length > 1 ? await routedNatGateways(ctx, gateways) : new Set<string>()
      return findOwned(gateways, `NAT gateways for ${zone}`, ctx, key, {
        id: (n) => n.NatGatewayId ?? '',
        dependedOn: (n) => routed.has(n.NatGatewayId ?? ''),
      })
    },
    async create(ctx) {
      if (emulatorHasGap('ec2-eip-stays-associated')) {
        // The emulator keeps a deleted gateway's address associated; AWS frees it.
        const address = (
          await ec2(ctx).send(new DescribeAddressesCommand({AllocationIds: [ctx.need(eip).allocationId]}))
        ).Addresses?.[0]
        if (address?.AssociationId)
          await ec2(ctx).send(new DisassociateAddressCommand({AssociationId: address.AssociationId}))
      }
      const res = await ec2(ctx).send(
        new CreateNatGatewayCommand({
          SubnetId: ctx.need(subnet).id,
          AllocationId: ctx.need(eip).allocationId,
          ConnectivityType: 'public',
          ClientToken: await natClientToken(ctx, zone),
          TagSpecifications: [{ResourceType: 'natgateway', Tags: tagList(desiredTags(ctx, key, name(ctx)))}],
        }),
      )
      return present(res.NatGateway, 'NatGateway')
    },
    fields: (ctx) => [
      {
        path: 'subnetId',
        requirement: 'ha.nat',
        expected: ctx.ref(subnet)?.id,
        actual: (l) => l.SubnetId,
        immutable: true,
      },
      {
        path: 'allocationId',
        requirement: 'ha.nat',
        expected: ctx.ref(eip)?.allocationId,
        actual: (l) => l.NatGatewayAddresses?.[0]?.AllocationId,
        immutable: true,
      },
      tagsField(desiredTags(ctx, key, name(ctx)), (l) => tagMap(l.Tags)),
    ],
    update: (ctx, live, changes) => applyTags(ctx, present(live.NatGatewayId, 'NatGatewayId'), changes),
    async ready(ctx, live) {
      if (live.State === 'available') return live
      // Real AWS: a NAT gateway takes 1-5 minutes to become available.
      return waitUntil(
        `NAT gateway ${live.NatGatewayId} (${zone}) to be available`,
        async () =>
          (
            await ec2(ctx).send(
              new DescribeNatGatewaysCommand({NatGatewayIds: [present(live.NatGatewayId, 'NatGatewayId')]}),
            )
          ).NatGateways?.[0] ?? live,
        (n) =>
          n.State === 'available'
            ? 'done'
            : n.State === 'failed'
              ? {failed: `${n.FailureCode}: ${n.FailureMessage}`}
              : 'pending',
        (n) => n.State ?? 'unknown',
        {timeoutMs: 15 * 60_000, minDelayMs: 5_000, maxDelayMs: 30_000, onPoll: ctx.progress},
      )
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteNatGatewayCommand({NatGatewayId: live.NatGatewayId}))
      await waitUntil(
        `NAT gateway ${live.NatGatewayId} to be deleted`,
        async () =>
          (
            await ec2(ctx).send(
              new DescribeNatGatewaysCommand({NatGatewayIds: [present(live.NatGatewayId, 'NatGatewayId')]}),
            )
          ).NatGateways?.[0],
        (n) => (!n || n.State === 'deleted' ? 'done' : 'pending'),
        (n) => n?.State ?? 'gone',
        {timeoutMs: 15 * 60_000, minDelayMs: 5_000, onPoll: ctx.progress},
      )
    },
    outputs: (l) => ({id: present(l.NatGatewayId, 'NatGatewayId')}),
    physicalId: (l) => present(l.NatGatewayId, 'NatGatewayId'),
  }
}

/** The gateways among these that a route table sends traffic to: the one to keep among copies. */
async function routedNatGateways(ctx: EngineContext, gateways: NatGateway[]): Promise<Set<string>> {
  const ids = gateways.flatMap((n) => (n.NatGatewayId ? [n.NatGatewayId] : []))
  const res = await ec2(ctx).send(
    new DescribeRouteTablesCommand({Filters: [{Name: 'route.nat-gateway-id', Values: ids}]}),
  )
  return new Set(
    (res.RouteTables ?? []).flatMap((t) => (t.Routes ?? []).flatMap((r) => (r.NatGatewayId ? [r.NatGatewayId] : []))),
  )
}

/**
 * Each Elastic IP held by a live NAT gateway: 'kept' when the gateway is ours for this zone and the
 * one provision keeps (routed to, else the lowest id, as natGatewayResource.find chooses),
 * 'copy' when it is one of our copies, 'other' for any other gateway.
 */
async function natHolders(ctx: EngineContext, zone: Zone): Promise<Map<string, 'kept' | 'copy' | 'other'>> {
  const key = RESOURCES.natGateway(zone)
  const res = await ec2(ctx).send(new DescribeNatGatewaysCommand({Filter: [{Name: 'state', Values: LIVE_STATES}]}))
  const live = (res.NatGateways ?? []).filter((n) => LIVE_STATES.includes(n.State ?? ''))
  const ours = live.filter((n) => {
    const t = tagMap(n.Tags)
    return t[TAG_KEYS.logicalId] === key.id && isOwned(t, ctx.design.project, ctx.design.env)
  })
  const routed = ours.length > 1 ? await routedNatGateways(ctx, ours) : new Set<string>()
  const byId = (a: NatGateway, b: NatGateway) => (a.NatGatewayId ?? '').localeCompare(b.NatGatewayId ?? '')
  const kept = [...ours.filter((n) => routed.has(n.NatGatewayId ?? '')).sort(byId), ...[...ours].sort(byId)][0]
  const out = new Map<string, 'kept' | 'copy' | 'other'>()
  for (const n of live)
    for (const a of n.NatGatewayAddresses ?? [])
      if (a.AllocationId) out.set(a.AllocationId, n === kept ? 'kept' : ours.includes(n) ? 'copy' : 'other')
  return out
}

/**
 * EC2 returns the original gateway for a repeated ClientToken, even a deleted one, for a
 * while. The token is derived from the logical id plus how many of our gateways for it have
 * died, so a re-run after a crash repeats the token and a re-create after a deletion does not.
 */
async function natClientToken(ctx: EngineContext, zone: Zone): Promise<string> {
  const key = RESOURCES.natGateway(zone)
  const res = await ec2(ctx).send(
    new DescribeNatGatewaysCommand({
      Filter: [...ownedFilters(ctx, key), {Name: 'state', Values: ['deleting', 'deleted', 'failed']}],
    }),
  )
  const generation = (res.NatGateways ?? []).filter(
    (n) =>
      n.State !== 'pending' &&
      n.State !== 'available' &&
      tagMap(n.Tags)[TAG_KEYS.logicalId] === key.id &&
      isOwned(tagMap(n.Tags), ctx.design.project, ctx.design.env),
  ).length
  const seed = [
    ctx.design.project,
    ctx.design.env,
    key.id,
    ctx.need(RESOURCES.subnet(`public-${zone}`)).id,
    generation,
  ].join('|')
  return createHash('sha256').update(seed).digest('hex').slice(0, 32)
}
