import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type AccountAttributeName,
  type NatGateway,
  type Vpc,
} from '@aws-sdk/client-ec2'
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas'
import {isOwned} from '../aws/naming.js'
import type {ResolvedDesign} from '../design/types.js'
import {tagMap} from '../layers/tags.js'
import {ZONES} from '../resources.js'
import {envKey, outcome, type CheckOutcome, type PreflightContext, type PreflightCheck} from './types.js'

/**
 * Quotas the environment needs, from the Amazon VPC quotas page
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html): Elastic IPs per
 * Region (ec2 L-0263D0A3, default 5), VPCs per Region (vpc L-F678F1CE, default 5), NAT gateways
 * per AZ (vpc L-FE5A380F, default 5, counting pending, active and deleting ones). prod and
 * staging with three NAT gateways each need 6 Elastic IPs: the default 5 fails the sixth
 * AllocateAddress twenty minutes into the second environment.
 */
export const QUOTAS = {
  eips: {serviceCode: 'ec2', quotaCode: 'L-0263D0A3', name: 'Elastic IP addresses per Region'},
  vpcs: {serviceCode: 'vpc', quotaCode: 'L-F678F1CE', name: 'VPCs per Region'},
  natPerAz: {serviceCode: 'vpc', quotaCode: 'L-FE5A380F', name: 'NAT gateways per Availability Zone'},
} as const
type QuotaSpec = (typeof QUOTAS)[keyof typeof QUOTAS]

interface Limit {
  value: number
  /** applied: the account's own value (Service Quotas or the EC2 account attribute); default: AWS's default only. */
  source: 'applied' | 'account attribute' | 'default'
}

const describe = (err: unknown) => {
  const e = err as {name?: string; message?: string}
  return `${e.name ?? 'Error'}: ${(e.message ?? String(err)).split('\n')[0]}`
}

/**
 * The account's limit: Service Quotas GetServiceQuota (the applied value); for Elastic IPs
 * else the EC2 account attribute vpc-max-elastic-ips ("The maximum number of Elastic IP
 * addresses that you can allocate",
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAccountAttributes.html);
 * else GetAWSDefaultServiceQuota (AWS's default, which the account may have raised). "For some
 * quotas, only the default values are available. If the applied quota value is not available
 * for a quota, the quota is not retrieved"
 * (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html):
 * NoSuchResourceException then, like AccessDeniedException, moves on to the next source.
 */
async function readLimit(ctx: PreflightContext, q: QuotaSpec, failures: string[]): Promise<Limit | undefined> {
  const sq = ctx.aws.client(ServiceQuotasClient, ctx.design.region)
  try {
    const v = (await sq.send(new GetServiceQuotaCommand({ServiceCode: q.serviceCode, QuotaCode: q.quotaCode}))).Quota
      ?.Value
    if (typeof v === 'number') return {value: v, source: 'applied'}
    failures.push('GetServiceQuota: no value')
  } catch (err) {
    failures.push(`GetServiceQuota: ${describe(err)}`)
  }
  if (q === QUOTAS.eips) {
    try {
      const res = await ctx.aws.client(EC2Client, ctx.design.region).send(
        // The SDK's AccountAttributeName enum lists only default-vpc and supported-platforms;
        // the API documents vpc-max-elastic-ips too (docs/real-aws-research.md, section 4).
        new DescribeAccountAttributesCommand({AttributeNames: ['vpc-max-elastic-ips' as AccountAttributeName]}),
      )
      const v = Number(
        res.AccountAttributes?.find((a) => a.AttributeName === 'vpc-max-elastic-ips')?.AttributeValues?.[0]
          ?.AttributeValue,
      )
      if (Number.isFinite(v) && v > 0) return {value: v, source: 'account attribute'}
      failures.push('DescribeAccountAttributes: no vpc-max-elastic-ips')
    } catch (err) {
      failures.push(`DescribeAccountAttributes: ${describe(err)}`)
    }
  }
  try {
    const v = (
      await sq.send(new GetAWSDefaultServiceQuotaCommand({ServiceCode: q.serviceCode, QuotaCode: q.quotaCode}))
    ).Quota?.Value
    if (typeof v === 'number') return {value: v, source: 'default'}
    failures.push('GetAWSDefaultServiceQuota: no value')
  } catch (err) {
    failures.push(`GetAWSDefaultServiceQuota: ${describe(err)}`)
  }
  return undefined
}

async function allPages<T>(page: (token?: string) => Promise<{items: T[]; next?: string}>): Promise<T[]> {
  const out: T[] = []
  let token: string | undefined
  do {
    const r = await page(token)
    out.push(...r.items)
    token = r.next
  } while (token)
  return out
}

/** The AZs that get a NAT gateway: the first `natGateways` zones' public subnets (layers/network/nat.ts natZones). */
export function natAzs(d: ResolvedDesign): string[] {
  return ZONES.slice(0, d.natGateways).map((z) => d.subnets.find((s) => s.key === `public-${z}`)!.az)
}

interface Need {
  quota: QuotaSpec
  /** Where the count applies (the region, or one AZ). */
  scope: string
  inUse: number
  adds: number
}

/** What is in use now and what this environment adds (only what it does not have yet). */
async function needs(ctx: PreflightContext): Promise<{needs: Need[]; warnings: string[]}> {
  const d = ctx.design
  const ec2 = ctx.aws.client(EC2Client, d.region)
  const ours = (tags: {Key?: string; Value?: string}[] | undefined) => isOwned(tagMap(tags), d.project, d.env)
  const out: Need[] = []
  const warnings: string[] = []
  const unreadable = (q: QuotaSpec, err: unknown) =>
    warnings.push(
      `Could not read the usage for ${q.name} (${q.serviceCode} ${q.quotaCode}): ${describe(err)}. Not checked: the run may fail on this quota.`,
    )

  try {
    const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []
    const owned = addresses.filter((a) => ours(a.Tags)).length
    out.push({quota: QUOTAS.eips, scope: d.region, inUse: addresses.length, adds: Math.max(0, d.natGateways - owned)})
  } catch (err) {
    unreadable(QUOTAS.eips, err)
  }
  try {
    const vpcs = await allPages<Vpc>(async (NextToken) => {
      const r = await ec2.send(new DescribeVpcsCommand({NextToken}))
      return {items: r.Vpcs ?? [], next: r.NextToken}
    })
    out.push({quota: QUOTAS.vpcs, scope: d.region, inUse: vpcs.length, adds: vpcs.some((v) => ours(v.Tags)) ? 0 : 1})
  } catch (err) {
    unreadable(QUOTAS.vpcs, err)
  }
  try {
    const nats = await allPages<NatGateway>(async (NextToken) => {
      const r = await ec2.send(
        new DescribeNatGatewaysCommand({
          Filter: [{Name: 'state', Values: ['pending', 'available', 'deleting']}],
          NextToken,
        }),
      )
      return {items: r.NatGateways ?? [], next: r.NextToken}
    })
    const subnetIds = [...new Set(nats.map((n) => n.SubnetId).filter((s): s is string => !!s))]
    const azOf = new Map<string, string>()
    if (subnetIds.length) {
      const subnets = (await ec2.send(new DescribeSubnetsCommand({SubnetIds: subnetIds}))).Subnets ?? []
      for (const s of subnets) if (s.SubnetId && s.AvailabilityZone) azOf.set(s.SubnetId, s.AvailabilityZone)
    }
    for (const az of natAzs(d)) {
      const inAz = nats.filter((n) => azOf.get(n.SubnetId ?? '') === az)
      out.push({quota: QUOTAS.natPerAz, scope: az, inUse: inAz.length, adds: inAz.some((n) => ours(n.Tags)) ? 0 : 1})
    }
  } catch (err) {
    unreadable(QUOTAS.natPerAz, err)
  }
  return {needs: out, warnings}
}

/**
 * The account's quotas must hold what this environment adds. A limit that cannot be read
 * (denied, unsupported) is a warning, never a pass; a shortfall against AWS's default only
 * (the applied value unreadable) is a warning too, since the account may have a raised quota.
 * Only when the run may change the network layer (the one that allocates these).
 */
export const quotasCheck: PreflightCheck = {
  name: 'quotas',
  async run(ctx): Promise<CheckOutcome> {
    if (!ctx.layers.includes('network')) return outcome()
    const result = outcome()
    const {needs: list, warnings} = await needs(ctx)
    result.warnings.push(...warnings)
    const limits = new Map<QuotaSpec, Limit | undefined>()
    for (const q of new Set(list.filter((n) => n.adds > 0).map((n) => n.quota))) {
      const failures: string[] = []
      const limit = await readLimit(ctx, q, failures)
      limits.set(q, limit)
      if (!limit)
        result.warnings.push(
          `Could not read the quota ${q.name} (${q.serviceCode} ${q.quotaCode}): ${failures.join('; ')}. Not checked: the run may fail on this quota.`,
        )
    }
    for (const n of list) {
      const limit = limits.get(n.quota)
      if (n.adds === 0 || !limit || n.inUse + n.adds <= limit.value) continue
      const what = `${n.quota.name} (${n.scope}): ${n.inUse} in use + ${n.adds} this environment adds = ${n.inUse + n.adds}, over the ${limit.source === 'default' ? 'AWS default' : 'quota'} of ${limit.value} (${n.quota.serviceCode} ${n.quota.quotaCode}).`
      const remedy = `Request an increase of ${n.quota.serviceCode} ${n.quota.quotaCode} in Service Quotas, or free unused ones${n.quota === QUOTAS.vpcs ? '' : `, or lower ${envKey(ctx, 'natGateways')}`}.`
      if (limit.source === 'default')
        result.warnings.push(`${what} The account's applied quota could not be read and may be higher. ${remedy}`)
      else
        result.problems.push({
          check: 'quotas',
          what,
          why: `AWS refuses the create beyond the quota (read from ${limit.source === 'applied' ? 'Service Quotas' : 'the EC2 account attribute vpc-max-elastic-ips'}), part-way through the run.`,
          remedy,
        })
    }
    return result
  },
}
