import {
  CreateInternetGatewayCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  AttachInternetGatewayCommand,
  ModifyVpcAttributeCommand,
  type InternetGateway,
  type Vpc,
} from '@aws-sdk/client-ec2'
import {unlessAlreadyThere} from '../../aws/already.js'
import {waitUntil} from '../../aws/wait.js'
import {canonicalCidr} from '../../design/cidr.js'
import type {EngineContext, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'
import {applyTags, ec2, findOwned} from './ec2.js'
import {RESOURCES, type IdOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'

interface LiveVpc {
  vpc: Vpc
  dnsHostnames: boolean
  dnsSupport: boolean
}

export function vpcResource(): ResourceDef<LiveVpc, {id: string}> {
  const key = RESOURCES.vpc
  return {
    key,
    name: 'vpc',
    requirements: ['vpc.cidr', 'env.cidr', 'vpc.dns-hostnames', 'vpc.dns-support'],
    async find(ctx) {
      const res = await ec2(ctx).send(new DescribeVpcsCommand({Filters: ownedFilters(ctx, key)}))
      const withSubnets = (res.Vpcs?.length ?? 0) > 1 ? await vpcsWithSubnets(ctx, res.Vpcs!) : new Set<string>()
      const vpc = findOwned(res.Vpcs, 'VPCs', ctx, key, {
        id: (v) => v.VpcId ?? '',
        dependedOn: (v) => withSubnets.has(v.VpcId ?? ''),
        toLive: (v): LiveVpc => ({vpc: v, dnsHostnames: false, dnsSupport: true}),
      })
      if (!vpc) return undefined
      const [h, s] = await Promise.all([
        ec2(ctx).send(new DescribeVpcAttributeCommand({VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames'})),
        ec2(ctx).send(new DescribeVpcAttributeCommand({VpcId: vpc.VpcId, Attribute: 'enableDnsSupport'})),
      ])
      return {vpc, dnsHostnames: h.EnableDnsHostnames?.Value === true, dnsSupport: s.EnableDnsSupport?.Value === true}
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new CreateVpcCommand({
          CidrBlock: ctx.design.vpc.cidr,
          TagSpecifications: [{ResourceType: 'vpc', Tags: tagList(desiredTags(ctx, key, ctx.design.vpc.name))}],
        }),
      )
      // A new VPC has DNS support on and DNS hostnames off (AWS defaults).
      return {vpc: present(res.Vpc, 'Vpc'), dnsHostnames: false, dnsSupport: true}
    },
    fields: (ctx) => [
      {
        path: 'cidrBlock',
        requirement: 'vpc.cidr',
        expected: canonicalCidr(ctx.design.vpc.cidr),
        actual: (l) => canonicalCidr(l.vpc.CidrBlock ?? ''),
        immutable: true,
      },
      {
        path: 'enableDnsHostnames',
        requirement: 'vpc.dns-hostnames',
        expected: ctx.design.vpc.dnsHostnames,
        actual: (l) => l.dnsHostnames,
      },
      {
        path: 'enableDnsSupport',
        requirement: 'vpc.dns-support',
        expected: ctx.design.vpc.dnsSupport,
        actual: (l) => l.dnsSupport,
      },
      tagsField(desiredTags(ctx, key, ctx.design.vpc.name), (l) => tagMap(l.vpc.Tags)),
    ],
    async update(ctx, live, changes) {
      // ModifyVpcAttribute takes one attribute per call; DNS support must be on before hostnames.
      for (const path of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
        const c = changes.find((x) => x.path === path)
        if (c)
          await ec2(ctx).send(
            new ModifyVpcAttributeCommand({
              VpcId: live.vpc.VpcId,
              [path === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames']: {Value: c.expected as boolean},
            }),
          )
      }
      await applyTags(ctx, present(live.vpc.VpcId, 'VpcId'), changes)
    },
    async ready(ctx, live) {
      if (live.vpc.State === 'available') return live
      const vpc = await waitUntil(
        `VPC ${live.vpc.VpcId} to be available`,
        async () =>
          (await ec2(ctx).send(new DescribeVpcsCommand({VpcIds: [present(live.vpc.VpcId, 'VpcId')]}))).Vpcs?.[0],
        (v) => (v?.State === 'available' ? 'done' : 'pending'),
        (v) => v?.State ?? 'not visible yet',
        {timeoutMs: 5 * 60_000, minDelayMs: 1_000, onPoll: ctx.progress},
      )
      return {...live, vpc: vpc!}
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteVpcCommand({VpcId: live.vpc.VpcId}))
    },
    outputs: (l) => ({id: present(l.vpc.VpcId, 'VpcId')}),
    physicalId: (l) => present(l.vpc.VpcId, 'VpcId'),
  }
}

/** Which of these VPCs hold subnets: the one others depend on, when a lost create left two. */
async function vpcsWithSubnets(ctx: EngineContext, vpcs: Vpc[]): Promise<Set<string>> {
  const ids = vpcs.flatMap((v) => (v.VpcId ? [v.VpcId] : []))
  const res = await ec2(ctx).send(new DescribeSubnetsCommand({Filters: [{Name: 'vpc-id', Values: ids}]}))
  return new Set((res.Subnets ?? []).flatMap((s) => (s.VpcId ? [s.VpcId] : [])))
}

// DescribeInternetGateways reports an attached gateway as "available", not "attached".
const ATTACHED = new Set(['available', 'attached', 'attaching'])

export function internetGatewayResource(): ResourceDef<InternetGateway, IdOutputs> {
  const key = RESOURCES.internetGateway
  const name = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-igw`
  return {
    key,
    name: 'igw',
    requirements: ['subnet.public-1a', 'subnet.public-1c', 'subnet.public-1d'],
    needs: [RESOURCES.vpc],
    async find(ctx) {
      const res = await ec2(ctx).send(new DescribeInternetGatewaysCommand({Filters: ownedFilters(ctx, key)}))
      return findOwned(res.InternetGateways, 'internet gateways', ctx, key, {
        id: (g) => g.InternetGatewayId ?? '',
        dependedOn: (g) => (g.Attachments ?? []).some((a) => a.VpcId),
      })
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new CreateInternetGatewayCommand({
          TagSpecifications: [{ResourceType: 'internet-gateway', Tags: tagList(desiredTags(ctx, key, name(ctx)))}],
        }),
      )
      return present(res.InternetGateway, 'InternetGateway')
    },
    fields: (ctx) => [
      {
        path: 'attachment.vpcId',
        expected: ctx.ref(RESOURCES.vpc)?.id,
        actual: (l) => l.Attachments?.find((a) => ATTACHED.has(String(a.State)))?.VpcId ?? null,
      },
      tagsField(desiredTags(ctx, key, name(ctx)), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'attachment.vpcId')) {
        for (const a of live.Attachments ?? []) {
          if (a.VpcId && a.VpcId !== ctx.ref(RESOURCES.vpc)?.id)
            await ec2(ctx).send(
              new DetachInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId, VpcId: a.VpcId}),
            )
        }
        // Resource.AlreadyAssociated: an earlier attempt attached it.
        await unlessAlreadyThere(
          ec2(ctx).send(
            new AttachInternetGatewayCommand({
              InternetGatewayId: live.InternetGatewayId,
              VpcId: ctx.ref(RESOURCES.vpc)?.id,
            }),
          ),
        )
      }
      await applyTags(ctx, present(live.InternetGatewayId, 'InternetGatewayId'), changes)
    },
    async delete(ctx, live) {
      for (const a of live.Attachments ?? [])
        if (a.VpcId)
          await ec2(ctx).send(
            new DetachInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId, VpcId: a.VpcId}),
          )
      await ec2(ctx).send(new DeleteInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId}))
    },
    outputs: (l) => ({id: present(l.InternetGatewayId, 'InternetGatewayId')}),
    physicalId: (l) => present(l.InternetGatewayId, 'InternetGatewayId'),
  }
}
