import {
  CreateInternetGatewayCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  AttachInternetGatewayCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  type InternetGateway,
  type Vpc,
} from '@aws-sdk/client-ec2'
import {waitUntil} from '../../aws/wait.js'
import {canonicalCidr} from '../../design/cidr.js'
import {PlatformError} from '../../errors.js'
import {TAG_KEYS, isOwned} from '../../aws/naming.js'
import type {EngineContext, FieldChange, ResourceDef} from '../../reconcile/types.js'
import {desiredTags, ownedFilters, tagList, tagMap, tagsField} from '../tags.js'

export const ec2 = (ctx: EngineContext) => ctx.aws.client(EC2Client, ctx.design.region)

/**
 * The one resource carrying our ownership tags and this logical id. The request already filters
 * by tag (AWS applies it server-side); matching again here costs nothing and covers endpoints
 * that ignore tag filters (moto's DescribeNatGateways does). More than one match means someone
 * copied our tags: never guess which.
 */
export function single<T extends {Tags?: {Key?: string; Value?: string}[]}>(
  all: T[] | undefined,
  what: string,
  ctx: EngineContext,
  logicalId: string,
): T | undefined {
  const items = (all ?? []).filter((i) => {
    const tags = tagMap(i.Tags)
    return tags[TAG_KEYS.logicalId] === logicalId && isOwned(tags, ctx.design.project, ctx.design.env)
  })
  if (items.length === 0) return undefined
  if (items.length > 1)
    throw new PlatformError(`Found ${items.length} ${what} carrying the same ownership tags; expected one.`, {
      code: 'DUPLICATE',
      remedy: 'Remove the duplicate (or its platform:logical-id tag), then run provision again.',
    })
  return items[0]
}

export async function applyTags(ctx: EngineContext, resourceId: string, changes: FieldChange[]): Promise<void> {
  const t = changes.find((c) => c.path === 'tags')
  if (t)
    await ec2(ctx).send(
      new CreateTagsCommand({Resources: [resourceId], Tags: tagList(t.expected as Record<string, string>)}),
    )
}

interface LiveVpc {
  vpc: Vpc
  dnsHostnames: boolean
  dnsSupport: boolean
}

export function vpcResource(): ResourceDef<LiveVpc> {
  const id = 'network/vpc'
  return {
    id,
    type: 'AWS::EC2::VPC',
    name: 'vpc',
    requirements: ['vpc.cidr', 'env.cidr', 'vpc.dns-hostnames', 'vpc.dns-support'],
    async find(ctx) {
      const res = await ec2(ctx).send(new DescribeVpcsCommand({Filters: ownedFilters(ctx, id)}))
      const vpc = single(res.Vpcs, 'VPCs', ctx, id)
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
          TagSpecifications: [{ResourceType: 'vpc', Tags: tagList(desiredTags(ctx, id, ctx.design.vpc.name))}],
        }),
      )
      // A new VPC has DNS support on and DNS hostnames off (AWS defaults).
      return {vpc: res.Vpc!, dnsHostnames: false, dnsSupport: true}
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
      tagsField(desiredTags(ctx, id, ctx.design.vpc.name), (l) => tagMap(l.vpc.Tags)),
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
      await applyTags(ctx, live.vpc.VpcId!, changes)
    },
    async ready(ctx, live) {
      if (live.vpc.State === 'available') return live
      const vpc = await waitUntil(
        `VPC ${live.vpc.VpcId} to be available`,
        async () => (await ec2(ctx).send(new DescribeVpcsCommand({VpcIds: [live.vpc.VpcId!]}))).Vpcs?.[0],
        (v) => (v?.State === 'available' ? 'done' : 'pending'),
        (v) => v?.State ?? 'not visible yet',
        {timeoutMs: 5 * 60_000, minDelayMs: 1_000, onPoll: ctx.progress},
      )
      return {...live, vpc: vpc!}
    },
    async delete(ctx, live) {
      await ec2(ctx).send(new DeleteVpcCommand({VpcId: live.vpc.VpcId}))
    },
    outputs: (l) => ({id: l.vpc.VpcId!}),
    physicalId: (l) => l.vpc.VpcId!,
  }
}

// DescribeInternetGateways reports an attached gateway as "available", not "attached".
const ATTACHED = new Set(['available', 'attached', 'attaching'])

export function internetGatewayResource(): ResourceDef<InternetGateway> {
  const id = 'network/igw'
  const name = (ctx: EngineContext) => `${ctx.design.project}-${ctx.design.env}-igw`
  return {
    id,
    type: 'AWS::EC2::InternetGateway',
    name: 'igw',
    requirements: ['subnet.public-1a', 'subnet.public-1c', 'subnet.public-1d'],
    needs: ['network/vpc'],
    async find(ctx) {
      const res = await ec2(ctx).send(new DescribeInternetGatewaysCommand({Filters: ownedFilters(ctx, id)}))
      return single(res.InternetGateways, 'internet gateways', ctx, id)
    },
    async create(ctx) {
      const res = await ec2(ctx).send(
        new CreateInternetGatewayCommand({
          TagSpecifications: [{ResourceType: 'internet-gateway', Tags: tagList(desiredTags(ctx, id, name(ctx)))}],
        }),
      )
      return res.InternetGateway!
    },
    fields: (ctx) => [
      {
        path: 'attachment.vpcId',
        expected: ctx.ref('network/vpc'),
        actual: (l) => l.Attachments?.find((a) => ATTACHED.has(String(a.State)))?.VpcId ?? null,
      },
      tagsField(desiredTags(ctx, id, name(ctx)), (l) => tagMap(l.Tags)),
    ],
    async update(ctx, live, changes) {
      if (changes.some((c) => c.path === 'attachment.vpcId')) {
        for (const a of live.Attachments ?? []) {
          if (a.VpcId && a.VpcId !== ctx.ref('network/vpc'))
            await ec2(ctx).send(
              new DetachInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId, VpcId: a.VpcId}),
            )
        }
        await ec2(ctx).send(
          new AttachInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId, VpcId: ctx.ref('network/vpc')}),
        )
      }
      await applyTags(ctx, live.InternetGatewayId!, changes)
    },
    async delete(ctx, live) {
      for (const a of live.Attachments ?? [])
        if (a.VpcId)
          await ec2(ctx).send(
            new DetachInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId, VpcId: a.VpcId}),
          )
      await ec2(ctx).send(new DeleteInternetGatewayCommand({InternetGatewayId: live.InternetGatewayId}))
    },
    outputs: (l) => ({id: l.InternetGatewayId!}),
    physicalId: (l) => l.InternetGatewayId!,
  }
}
