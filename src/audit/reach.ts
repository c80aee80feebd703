import type {Cluster} from '@aws-sdk/client-eks'
import {contains} from '../design/cidr.js'
import type {InventoryItem} from './types.js'
import {objectsIn} from './define.js'

/** A canonical rule as the security-groups layer reads it (sg-rules.ts): ours as `sg:eks`, others as `sg:sg-...`. */
export interface RuleView {
  protocol: string
  fromPort: number
  toPort: number
  source: string
}

/** The rules of a canonical `ingress`/`egress` field; a drifted or unread value has none. */
export function rulesOf(value: unknown): RuleView[] {
  return objectsIn(value).filter(
    (r): r is Record<string, unknown> & RuleView =>
      typeof r.protocol === 'string' &&
      typeof r.fromPort === 'number' &&
      typeof r.toPort === 'number' &&
      typeof r.source === 'string',
  )
}

/** True when the rule lets TCP to `port` through: protocol all (-1), or tcp with the port in range. */
export function admitsTcp(rule: RuleView, port: number): boolean {
  return rule.protocol === 'all' || (rule.protocol === 'tcp' && rule.fromPort <= port && rule.toPort >= port)
}

/**
 * The rules that let TCP to `port` flow with the peer: a reference to one of `groups` (as the
 * layer writes them: `sg:eks`, `sg:sg-0abc`), or a CIDR that holds every address of `cidr`
 * (the peer lives in the VPC, so a rule to the VPC or to 0.0.0.0/0 reaches it).
 */
export function rulesReaching(rules: RuleView[], port: number, groups: string[], cidr: string): RuleView[] {
  return rules.filter(
    (r) =>
      admitsTcp(r, port) &&
      (groups.some((g) => r.source === `sg:${g}`) ||
        (r.source.startsWith('cidr:') && contains(r.source.slice('cidr:'.length), cidr))),
  )
}

export const ruleText = (r: RuleView) => `${r.protocol}/${r.fromPort}-${r.toPort} ${r.source}`

/**
 * The security group EKS made for the cluster (resourcesVpcConfig.clusterSecurityGroupId), as
 * DescribeCluster returned it: not a designed field (EKS owns it), so read from the raw answer.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigResponse.html
 */
export function clusterSecurityGroupOf(cluster: InventoryItem): string | undefined {
  return (cluster.raw as Cluster | undefined)?.resourcesVpcConfig?.clusterSecurityGroupId
}

/** The cluster's name as EKS returned it (the inventory item's physical id is its ARN). */
export function clusterNameOf(cluster: InventoryItem): string {
  return (cluster.raw as Cluster | undefined)?.name ?? cluster.name
}
