import {
  paginateDescribeSecurityGroupRules,
  type EC2Client,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2'
import {canonicalCidr} from '../design/cidr.js'
import type {SgRule} from '../design/types.js'

/** A rule as the diff sees it; descriptions are not part of a rule's identity. */
export interface CanonicalRule {
  protocol: string
  fromPort: number
  toPort: number
  source: string
}

// EC2 answers with protocol numbers ("6", "-1") where people write names ("tcp", "all").
const PROTOCOLS: Record<string, string> = {
  '-1': 'all',
  all: 'all',
  '6': 'tcp',
  tcp: 'tcp',
  '17': 'udp',
  udp: 'udp',
  '1': 'icmp',
  icmp: 'icmp',
}

export function canonicalProtocol(p: string | undefined): string {
  const key = (p ?? '').toLowerCase()
  return PROTOCOLS[key] ?? key
}

/**
 * From a live rule; group ids are mapped back to logical keys (alb, eks, rds) when ours, and
 * prefix list ids to their names (the id of an AWS-managed list differs per region).
 */
export function fromLive(
  r: SecurityGroupRule,
  groupKeys: Record<string, string>,
  prefixListNames: Record<string, string> = {},
): CanonicalRule {
  const protocol = canonicalProtocol(r.IpProtocol)
  const all = protocol === 'all'
  const gid = r.ReferencedGroupInfo?.GroupId
  const source = r.CidrIpv4
    ? `cidr:${canonicalCidr(r.CidrIpv4)}`
    : r.CidrIpv6
      ? `cidr6:${r.CidrIpv6.toLowerCase()}`
      : gid
        ? `sg:${groupKeys[gid] ?? gid}`
        : r.PrefixListId
          ? `pl:${prefixListNames[r.PrefixListId] ?? r.PrefixListId}`
          : 'unknown'
  return {protocol, fromPort: all ? -1 : (r.FromPort ?? -1), toPort: all ? -1 : (r.ToPort ?? -1), source}
}

export function fromDesign(r: SgRule): CanonicalRule {
  const all = r.protocol === 'all'
  const source =
    'cidr' in r.source
      ? `cidr:${canonicalCidr(r.source.cidr)}`
      : 'group' in r.source
        ? `sg:${r.source.group}`
        : `pl:${r.source.prefixList}`
  return {protocol: r.protocol, fromPort: all ? -1 : r.fromPort, toPort: all ? -1 : r.toPort, source}
}

/** The permission to authorize for a desired rule, with group keys and prefix list names resolved to ids. */
export function toPermission(
  r: SgRule,
  groupIds: Record<string, string>,
  prefixListIds: Record<string, string> = {},
): IpPermission {
  const base: IpPermission = {IpProtocol: r.protocol === 'all' ? '-1' : r.protocol}
  if (r.protocol !== 'all') {
    base.FromPort = r.fromPort
    base.ToPort = r.toPort
  }
  if ('cidr' in r.source) base.IpRanges = [{CidrIp: r.source.cidr, Description: r.description}]
  else if ('group' in r.source)
    base.UserIdGroupPairs = [{GroupId: groupIds[r.source.group], Description: r.description}]
  else base.PrefixListIds = [{PrefixListId: prefixListIds[r.source.prefixList], Description: r.description}]
  return base
}

/**
 * Every rule of these groups, all pages: a rule on a page not read would be a rule not judged.
 * Group ids go in chunks, as a filter takes a bounded number of values.
 */
export async function allRules(client: EC2Client, groupIds: string[]): Promise<SecurityGroupRule[]> {
  const out: SecurityGroupRule[] = []
  for (let i = 0; i < groupIds.length; i += 100) {
    for await (const page of paginateDescribeSecurityGroupRules(
      {client},
      {Filters: [{Name: 'group-id', Values: groupIds.slice(i, i + 100)}], MaxResults: 1000},
    ))
      out.push(...(page.SecurityGroupRules ?? []))
  }
  return out
}

export function ruleKey(r: CanonicalRule): string {
  return `${r.protocol}/${r.fromPort}-${r.toPort} ${r.source}`
}
