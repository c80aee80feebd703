import {defineCheck, stateFinding} from '../../src/audit/define.js'
import {podGroupsOf, podsResourceId} from '../../src/audit/pod-groups.js'
import {clusterNameOf, clusterSecurityGroupOf, ruleText, rulesOf, rulesReaching} from '../../src/audit/reach.js'
import type {Result} from '../../src/audit/types.js'
import {RESOURCES} from '../../src/resources.js'

const MYSQL = 3306

export default defineCheck({
  id: 'pods-reach-aurora',
  title: "The pods' security groups may reach Aurora on 3306 (RDS group ingress and the pods' group egress)",
  severity: 'high',
  area: 'security-groups',
  requirements: ['sg.rds.ingress', 'sg.eks.egress'],
  frameworks: {fsbp: [], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform:
      'platform provision --env {env}; then platform manifests --env {env} --image-tag RELEASE | kubectl apply -f - (the SecurityGroupPolicy gives the pods the EKS group), then kubectl rollout restart for pods scheduled before it',
    manual:
      'RDS group: inbound tcp/3306 from the EKS group; EKS group: outbound to the VPC on 3306; in the cluster, a SecurityGroupPolicy naming the EKS group and the cluster security group.',
  },
  // Fargate pods carry the cluster security group EKS made, and the design's EKS group only
  // through a SecurityGroupPolicy that selects them when they are scheduled (`platform
  // manifests` prints one naming both groups). No AWS API tells which groups a pod has: the
  // inventory reads the policies and the pods from the cluster's Kubernetes API (pod-groups.ts),
  // and when that cannot be read the answer is ERROR, never a pass on the rules alone.
  // https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html
  // https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
  // EKS creates the cluster group with all outbound traffic allowed, so a pod carrying it
  // reaches Aurora when the RDS group admits it: https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
  run: (inv, design) => {
    const rds = inv.get(RESOURCES.securityGroupRules('rds'))
    const eks = inv.get(RESOURCES.securityGroupRules('eks'))
    const cluster = inv.get(RESOURCES.eksCluster)
    const eksGroup = inv.get(RESOURCES.securityGroup('eks'))
    const expected = `tcp/${MYSQL} from the pods' groups (EKS group via the SecurityGroupPolicy, or the cluster security group) into the RDS group`
    const states = [
      stateFinding(rds, RESOURCES.securityGroupRules('rds'), expected),
      stateFinding(eks, RESOURCES.securityGroupRules('eks'), expected),
      stateFinding(cluster, RESOURCES.eksCluster, expected),
      stateFinding(eksGroup, RESOURCES.securityGroup('eks'), expected),
    ].filter((r): r is Result => r !== undefined)
    if (states.length > 0 || !rds || !eks || !cluster || !eksGroup) return states
    const field = (item: typeof rds, path: string) => item.fields.find((f) => f.path === path)?.actual
    const clusterSg = clusterSecurityGroupOf(cluster)
    const clusterName = clusterNameOf(cluster)
    const eksSg = eksGroup.physicalId
    const vpc = design.vpc.cidr
    const rdsIngress = rulesOf(field(rds, 'ingress'))
    const viaEksIn = rulesReaching(rdsIngress, MYSQL, ['eks'], vpc)
    const viaEksOut = rulesReaching(rulesOf(field(eks, 'egress')), MYSQL, ['rds'], vpc)
    const viaClusterIn = clusterSg ? rulesReaching(rdsIngress, MYSQL, [clusterSg], vpc) : []
    const eksPath = viaEksIn.length > 0 && viaEksOut.length > 0
    const clusterPath = viaClusterIn.length > 0
    return design.workloads.map((w): Result => {
      const resource = {
        type: 'Kubernetes::Pods',
        id: podsResourceId(clusterName, w.name),
        region: cluster.region,
      }
      const pods = podGroupsOf(inv, design, w.name, clusterSg)
      const rules = {
        rdsIngressFromPods: [...viaEksIn, ...viaClusterIn].map(ruleText),
        eksGroupEgressToRds: viaEksOut.map(ruleText),
        clusterSecurityGroup: clusterSg ?? 'not reported by EKS',
      }
      if (!pods.read)
        return {
          status: 'ERROR',
          resource,
          expected,
          actual: rules,
          message: `Which security groups the ${w.name} pods carry is unknown: ${pods.why}`,
        }
      const carriesEks = eksSg !== undefined && pods.groups.includes(eksSg)
      const carriesCluster = clusterSg !== undefined && pods.groups.includes(clusterSg)
      const through =
        carriesEks && eksPath ? 'the EKS group' : carriesCluster && clusterPath ? 'the cluster group' : undefined
      const ok = through !== undefined && pods.stale.length === 0
      const why = (() => {
        if (pods.stale.length > 0)
          return `pods ${pods.stale.join(', ')} were scheduled before the SecurityGroupPolicy and do not carry its groups: restart them`
        if (!carriesEks && !carriesCluster)
          return `the pods carry ${pods.groups.join(', ')} (${pods.source}), not the EKS group`
        if (carriesEks && !eksPath)
          return viaEksIn.length === 0
            ? 'the RDS group does not admit the EKS group'
            : 'the EKS group does not let 3306 out'
        return 'the RDS group does not admit the cluster security group the pods carry'
      })()
      return {
        status: ok ? 'PASS' : 'FAIL',
        resource,
        expected,
        actual: {podGroups: pods.groups, podGroupsFrom: pods.source, ...rules},
        message: ok
          ? `The ${w.name} pods reach Aurora on ${MYSQL} through ${through}`
          : `No path from the ${w.name} pods to Aurora on ${MYSQL}: ${why}`,
      }
    })
  },
})
