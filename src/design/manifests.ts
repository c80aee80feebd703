import YAML from 'yaml'
import {
  LB_CONTROLLER_NAMESPACE,
  LB_CONTROLLER_SERVICE_ACCOUNT,
  VELERO_NAMESPACE,
  VELERO_SERVICE_ACCOUNT,
} from '../layers/velero/index.js'
import type {ResolvedDesign} from './types.js'

/**
 * The live values the manifests need, read from the provisioned environment (never guessed):
 * `manifestInputs` in manifest-inputs.ts reads them, read-only, through the layers' own find().
 */
export interface ManifestInputs {
  /** The account of the ECR images. */
  account: string
  /** The tag of every workload image (ECR tags are immutable: a release names its tag). */
  imageTag: string
  veleroRoleArn: string
  lbControllerRoleArn: string
  /** The design's EKS security group (section 3.3), applied to the pods by a SecurityGroupPolicy. */
  eksSecurityGroupId: string
  /**
   * The security group EKS made for the cluster: Fargate pods get it by default, and AWS asks for
   * it among a SecurityGroupPolicy's groups so pods still reach the control plane and CoreDNS.
   * Undefined only against an emulator that lacks it (gap eks-no-cluster-security-group).
   */
  clusterSecurityGroupId?: string
  targetGroupArn: string
  /** The target group's port: the port the API pods serve on (ip targets are registered on it). */
  targetGroupPort: number
  /** The environment's VPC: the controller cannot discover it on Fargate (no instance metadata). */
  vpcId: string
}

/** A step that is not an object to apply: a change to what EKS installed (CoreDNS). */
export interface ManifestStep {
  what: string
  why: string
  source: string
  commands: string[]
}

/** Namespaces every cluster has: never printed as objects to create. */
export const BUILT_IN_NAMESPACES = ['default', 'kube-system'] as const

/** Where each workload runs: the Fargate profile namespaces of section 4.2. */
export const workloadNamespace = (workload: string) => (workload === 'ml' ? 'mlops' : 'app')

/** The Kubernetes Service in front of the API pods, bound to the ALB's target group. */
export const API_SERVICE = 'api'

// Docker's tag grammar: https://docs.docker.com/reference/cli/docker/image/tag/
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
export const isImageTag = (tag: string) => IMAGE_TAG.test(tag)

/**
 * The in-cluster objects AWS cannot hold, for `kubectl apply -f -` on a fresh cluster: the
 * namespaces, the IRSA service accounts (Velero, AWS Load Balancer Controller), a
 * SecurityGroupPolicy per workload namespace, the API Service and its TargetGroupBinding, the
 * Velero schedule (8.3) and the workloads of 4.3.
 */
export function clusterManifests(d: ResolvedDesign, live: ManifestInputs): string {
  return manifestObjects(d, live)
    .map((doc) => YAML.stringify(doc))
    .join('---\n')
}

/** The labels of a workload's pods (and its Deployment and Service): what the SecurityGroupPolicy selects by. */
export const workloadLabels = (d: ResolvedDesign, name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': d.project,
  environment: d.env,
})

export function manifestObjects(d: ResolvedDesign, live: ManifestInputs): Record<string, unknown>[] {
  const labels = (name: string) => workloadLabels(d, name)
  const workloadNamespaces = [...new Set(d.workloads.map((w) => workloadNamespace(w.name)))]
  const repository = (workload: string) => d.ecr.repositories.find((r) => r.workload === workload)!.name
  const objects: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: VELERO_SERVICE_ACCOUNT,
        namespace: VELERO_NAMESPACE,
        annotations: {'eks.amazonaws.com/role-arn': live.veleroRoleArn},
      },
    },
    {
      // The chart's own service account is then disabled (serviceAccount.create=false), as the
      // installation guide does for IRSA:
      // https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: LB_CONTROLLER_SERVICE_ACCOUNT,
        namespace: LB_CONTROLLER_NAMESPACE,
        labels: {'app.kubernetes.io/name': LB_CONTROLLER_SERVICE_ACCOUNT},
        annotations: {'eks.amazonaws.com/role-arn': live.lbControllerRoleArn},
      },
    },
    // Fargate pods get the cluster security group, not the design's EKS group, unless a
    // SecurityGroupPolicy names groups for them; Fargate supports it without VPC CNI changes.
    // The cluster group stays in the list so pods reach the control plane and CoreDNS, as AWS
    // advises ("specify the cluster security group as one of the security groups").
    // https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
    // https://docs.aws.amazon.com/eks/latest/userguide/sg-pods-example-deployment.html
    // https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html
    // A policy applies to newly scheduled pods only: apply it before the Deployments.
    ...workloadNamespaces.map((ns) => ({
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: {
        name: `${d.project}-${d.env}-eks-sg`,
        namespace: ns,
        annotations: {'platform/requirement': 'sg.eks.ingress'},
      },
      spec: {
        podSelector: {matchLabels: {'app.kubernetes.io/part-of': d.project}},
        securityGroups: {
          groupIds: [live.eksSecurityGroupId, ...(live.clusterSecurityGroupId ? [live.clusterSecurityGroupId] : [])],
        },
      },
    })),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: API_SERVICE, namespace: workloadNamespace('api'), labels: labels('api')},
      spec: {
        type: 'ClusterIP',
        selector: {'app.kubernetes.io/name': 'api'},
        ports: [{name: 'https', port: live.targetGroupPort, targetPort: live.targetGroupPort, protocol: 'TCP'}],
      },
    },
    {
      // The AWS Load Balancer Controller registers the API pods' IPs in provision's ip target
      // group. No `networking` block: the controller then leaves security groups alone, and
      // the design's rule (ALB group -> EKS group on the target port) admits the traffic.
      // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: {
        name: API_SERVICE,
        namespace: workloadNamespace('api'),
        annotations: {'platform/requirement': 'arch.edge'},
      },
      spec: {
        serviceRef: {name: API_SERVICE, port: live.targetGroupPort},
        targetGroupARN: live.targetGroupArn,
        targetType: 'ip',
      },
    },
    {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: {
        name: `${d.project}-${d.env}-daily`,
        namespace: VELERO_NAMESPACE,
        annotations: {'platform/requirement': 'backup.eks-velero'},
      },
      spec: {
        // 18:00 UTC (03:00 JST), the backup window of the design's decisions.
        schedule: '0 18 * * *',
        template: {ttl: `${d.velero.retentionDays * 24}h0m0s`, includedNamespaces: ['*'], storageLocation: 'default'},
      },
    },
    ...d.workloads.map((w) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: w.name,
        namespace: workloadNamespace(w.name),
        labels: labels(w.name),
        annotations: {'platform/requirement': w.requirement},
      },
      spec: {
        replicas: w.replicas,
        selector: {matchLabels: {'app.kubernetes.io/name': w.name}},
        template: {
          metadata: {labels: labels(w.name)},
          spec: {
            // Spread over the three AZs of the Fargate subnets (ha.eks).
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: {matchLabels: {'app.kubernetes.io/name': w.name}},
              },
            ],
            containers: [
              {
                name: w.name,
                image: `${live.account}.dkr.ecr.${d.region}.amazonaws.com/${repository(w.name)}:${live.imageTag}`,
                resources: {requests: {cpu: w.cpu, memory: w.memory}},
                ...(w.name === 'api' ? {ports: [{name: 'https', containerPort: live.targetGroupPort}]} : {}),
              },
            ],
          },
        },
      },
    })),
  ]
  // Namespaces first: `kubectl apply` creates in file order, and on a fresh cluster every other
  // object's namespace must already exist.
  const namespaces = [
    ...new Set(
      objects
        .map((o) => (o.metadata as {namespace?: string}).namespace)
        .filter((ns): ns is string => ns !== undefined && !(BUILT_IN_NAMESPACES as readonly string[]).includes(ns)),
    ),
  ]
  return [
    ...namespaces.map((ns) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {name: ns, labels: {'app.kubernetes.io/part-of': d.project, environment: d.env}},
    })),
    ...objects,
  ]
}

/**
 * CoreDNS on a Fargate-only cluster: EKS installs it annotated to run on EC2, so it stays
 * Pending until the annotation is removed (the default Fargate profile selects kube-system).
 * A patch of what EKS installed, not an object to apply: printed as commands.
 * https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html (Update CoreDNS)
 */
export function coreDnsStep(): ManifestStep {
  return {
    what: 'CoreDNS on Fargate: remove the eks.amazonaws.com/compute-type annotation, then restart CoreDNS',
    why: 'EKS configures CoreDNS for EC2 (eks.amazonaws.com/compute-type: ec2); on a Fargate-only cluster its pods never schedule and no name resolves.',
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html',
    commands: [
      `kubectl patch deployment coredns -n kube-system --type json -p='[{"op": "remove", "path": "/spec/template/metadata/annotations/eks.amazonaws.com~1compute-type"}]'`,
      'kubectl rollout restart -n kube-system deployment coredns',
    ],
  }
}

/**
 * The AWS Load Balancer Controller itself comes from its Helm chart, using the service account
 * above (IRSA: EKS Pod Identity does not support Fargate), with the region and VPC given
 * explicitly because a pod on Fargate cannot read them from instance metadata.
 * https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html
 * https://repost.aws/knowledge-center/eks-alb-ingress-controller-fargate
 */
export function lbControllerStep(d: ResolvedDesign, live: ManifestInputs): ManifestStep {
  return {
    what: 'Install the AWS Load Balancer Controller (registers the API pods in the ALB target group)',
    why: 'Nothing else registers pod IPs in an ip target group; on Fargate the controller needs the region and VPC id given, and the service account printed above (IRSA).',
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html',
    commands: [
      'helm repo add eks https://aws.github.io/eks-charts',
      [
        'helm upgrade --install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system',
        `--set clusterName=${d.eks.name}`,
        `--set region=${d.region}`,
        `--set vpcId=${live.vpcId}`,
        '--set serviceAccount.create=false',
        `--set serviceAccount.name=${LB_CONTROLLER_SERVICE_ACCOUNT}`,
      ].join(' '),
    ],
  }
}
