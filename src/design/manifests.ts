import YAML from 'yaml'
import type {ResolvedDesign} from './types.js'

/**
 * What lives in the cluster and so is not applied through AWS: the Velero schedule (section
 * 8.3, daily, kept 30 days) and the workloads of section 4.3 with their requests and replicas.
 */
export function clusterManifests(d: ResolvedDesign, veleroRoleArn?: string): string {
  const labels = (name: string) => ({
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': d.project,
    environment: d.env,
  })
  const docs: unknown[] = [
    {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: {
        name: `${d.project}-${d.env}-daily`,
        namespace: 'velero',
        annotations: {'platform/requirement': 'backup.eks-velero'},
      },
      spec: {
        schedule: '0 18 * * *',
        template: {ttl: `${d.velero.retentionDays * 24}h0m0s`, includedNamespaces: ['*'], storageLocation: 'default'},
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'velero',
        namespace: 'velero',
        annotations: {'eks.amazonaws.com/role-arn': veleroRoleArn ?? `arn:aws:iam::ACCOUNT:role/${d.iam.veleroRole}`},
      },
    },
    ...d.workloads.map((w) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: w.name,
        namespace: w.name === 'ml' ? 'mlops' : 'app',
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
                image: `ACCOUNT.dkr.ecr.${d.region}.amazonaws.com/${d.project}-${d.env}/${w.name}:TAG`,
                resources: {requests: {cpu: w.cpu, memory: w.memory}},
              },
            ],
          },
        },
      },
    })),
  ]
  // The Velero schedule runs at 18:00 UTC (03:00 JST), the backup window of the design's decisions.
  return docs.map((doc) => YAML.stringify(doc)).join('---\n')
}
