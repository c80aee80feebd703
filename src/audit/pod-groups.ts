import type {ResolvedDesign} from '../design/types.js'
import {workloadLabels, workloadNamespace} from '../design/manifests.js'
import type {PodView, SecurityGroupPolicyView} from '../kube/pod-security.js'
import type {Inventory} from './types.js'

/**
 * Which security groups a workload's pods carry, as the cluster shows it. Fargate gives a pod
 * the cluster security group, or exactly the groups of the SecurityGroupPolicies that select
 * it when it is scheduled (a policy made later reaches only pods scheduled after it):
 * https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
 * https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html
 */
export type PodGroups =
  | {
      read: true
      /** The groups every pod of the workload carries (running pods), or will carry (none running yet). */
      groups: string[]
      /** Why: the policies that select the pods, or the Fargate default. */
      source: string
      /** Running pods that do not carry the groups their policy names: scheduled before it. */
      stale: string[]
    }
  | {read: false; why: string}

/** The finding resource of a workload's pods: cluster name, namespace, workload. */
export const podsResourceId = (clusterName: string, workload: string) =>
  `${clusterName}/${workloadNamespace(workload)}/${workload}`

/** The cluster security group, as a placeholder when EKS did not report its id. */
export const CLUSTER_GROUP = 'the cluster security group'

const selects = (p: SecurityGroupPolicyView, labels: Record<string, string>) =>
  p.matchLabels !== undefined && Object.entries(p.matchLabels).every(([k, v]) => labels[k] === v)

const isLive = (p: PodView) => p.phase === undefined || p.phase === 'Running' || p.phase === 'Pending'

export function podGroupsOf(
  inv: Inventory,
  design: ResolvedDesign,
  workload: string,
  clusterGroup: string | undefined,
): PodGroups {
  const cluster = inv.cluster
  if (cluster === undefined)
    return {read: false, why: "the cluster's Kubernetes API was not read (no cluster, or an inventory without it)"}
  if ('error' in cluster)
    return {read: false, why: `the cluster's Kubernetes API could not be read: ${cluster.error.message}`}
  const ns = workloadNamespace(workload)
  const labels = workloadLabels(design, workload)
  const policies = cluster.securityGroupPolicies.filter((p) => p.namespace === ns && selects(p, labels))
  const declared = policies.length > 0 ? [...new Set(policies.flatMap((p) => p.groupIds))].sort() : undefined
  const fallback = [clusterGroup ?? CLUSTER_GROUP]
  const pods = cluster.pods.filter(
    (p) => p.namespace === ns && p.labels['app.kubernetes.io/name'] === workload && isLive(p),
  )
  const source = declared
    ? `SecurityGroupPolicy ${policies.map((p) => `${p.namespace}/${p.name}`).join(', ')}`
    : `no SecurityGroupPolicy in ${ns} selects the ${workload} pods: Fargate's default`
  if (pods.length === 0) return {read: true, groups: declared ?? fallback, source, stale: []}
  const carried = pods.map((p) => p.securityGroups ?? fallback)
  const common = carried.reduce((acc, g) => acc.filter((x) => g.includes(x)))
  const stale = declared
    ? pods.filter((_, i) => !declared.every((g) => carried[i]!.includes(g))).map((p) => p.name)
    : []
  return {read: true, groups: [...common].sort(), source, stale}
}
