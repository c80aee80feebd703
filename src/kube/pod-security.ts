import type {Cluster} from '@aws-sdk/client-eks'
import {KubeReader} from './client.js'
import {eksToken} from './token.js'
import type {AwsCredentialIdentity} from '@smithy/types'

/**
 * What the cluster says about the pods' security groups. Fargate pods carry the cluster
 * security group EKS made, unless a SecurityGroupPolicy selects them when they are scheduled;
 * then they carry exactly the policy's groups, and Fargate records them in the pod annotation
 * `fargate.amazonaws.com/pod-sg`. A policy reaches only pods scheduled after it exists.
 * https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
 * https://docs.aws.amazon.com/eks/latest/userguide/sg-pods-example-deployment.html
 * https://repost.aws/knowledge-center/eks-configure-fargate-pod-security-group ("fargate.amazonaws.com/pod-sg")
 */
export const POD_SG_ANNOTATION = 'fargate.amazonaws.com/pod-sg'
export const SGP_API = 'vpcresources.k8s.aws/v1beta1'

export interface SecurityGroupPolicyView {
  namespace: string
  name: string
  /** podSelector.matchLabels; undefined when the policy selects otherwise (expressions, service accounts). */
  matchLabels?: Record<string, string>
  /** How it selects, when not by plain pod labels (judged as selecting nothing we can prove). */
  otherSelector?: string
  groupIds: string[]
}

export interface PodView {
  namespace: string
  name: string
  labels: Record<string, string>
  phase?: string
  /** The groups Fargate gave the pod (its pod-sg annotation); undefined: none recorded. */
  securityGroups?: string[]
}

export interface ClusterObjects {
  namespaces: string[]
  securityGroupPolicies: SecurityGroupPolicyView[]
  pods: PodView[]
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const record = (v: unknown): Record<string, string> =>
  v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {}

export function policyView(o: Record<string, unknown>): SecurityGroupPolicyView {
  const meta = (o.metadata ?? {}) as Record<string, unknown>
  const spec = (o.spec ?? {}) as Record<string, unknown>
  const pod = spec.podSelector as Record<string, unknown> | undefined
  const groups = (spec.securityGroups as {groupIds?: unknown} | undefined)?.groupIds
  const plain = pod && !pod.matchExpressions && pod.matchLabels && !spec.serviceAccountSelector
  return {
    namespace: str(meta.namespace) ?? '',
    name: str(meta.name) ?? '',
    ...(plain
      ? {matchLabels: record(pod.matchLabels)}
      : {otherSelector: spec.serviceAccountSelector ? 'serviceAccountSelector' : 'podSelector expressions'}),
    groupIds: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  }
}

export function podView(o: Record<string, unknown>): PodView {
  const meta = (o.metadata ?? {}) as Record<string, unknown>
  const annotation = str(record(meta.annotations)[POD_SG_ANNOTATION])
  return {
    namespace: str(meta.namespace) ?? '',
    name: str(meta.name) ?? '',
    labels: record(meta.labels),
    phase: str((o.status as Record<string, unknown> | undefined)?.phase),
    ...(annotation !== undefined ? {securityGroups: annotation.match(/sg-[0-9a-f]+/g) ?? []} : {}),
  }
}

/** Reads the SecurityGroupPolicies and pods of the workload namespaces: GETs only. */
export async function readClusterObjects(opts: {
  cluster: Cluster
  region: string
  namespaces: string[]
  credentials: () => Promise<AwsCredentialIdentity>
}): Promise<ClusterObjects> {
  const {cluster} = opts
  const reader = new KubeReader(
    {clusterName: cluster.name!, endpoint: cluster.endpoint ?? '', caData: cluster.certificateAuthority?.data},
    async () => eksToken({credentials: await opts.credentials(), region: opts.region, clusterName: cluster.name!}),
  )
  const securityGroupPolicies: SecurityGroupPolicyView[] = []
  const pods: PodView[] = []
  for (const ns of opts.namespaces) {
    const n = encodeURIComponent(ns)
    securityGroupPolicies.push(
      ...(await reader.list(`/apis/${SGP_API}/namespaces/${n}/securitygrouppolicies`)).map(policyView),
    )
    pods.push(...(await reader.list(`/api/v1/namespaces/${n}/pods`)).map(podView))
  }
  return {namespaces: opts.namespaces, securityGroupPolicies, pods}
}
