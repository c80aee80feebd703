import {defineCheck, stateFinding} from '../../src/audit/define.js'
import {clusterSecurityGroupOf, ruleText, rulesOf, rulesReaching} from '../../src/audit/reach.js'
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
      'platform provision --env {env}; then platform manifests --env {env} --image-tag RELEASE | kubectl apply -f - (the SecurityGroupPolicy gives the pods the EKS group)',
    manual:
      'RDS group: inbound tcp/3306 from the EKS group; EKS group: outbound to the VPC on 3306; in the cluster, a SecurityGroupPolicy naming the EKS group and the cluster security group.',
  },
  // Fargate pods carry the cluster security group EKS made, and the design's EKS group only
  // through the SecurityGroupPolicy that `platform manifests` prints (which names both):
  // https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html
  // https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
  // Either group admitted by the RDS group lets the pods in. The cluster group is EKS's own
  // (not in the design, so read from the cluster as AWS returns it); EKS creates it with all
  // outbound traffic allowed: https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
  run: (inv, design) => {
    const rds = inv.get(RESOURCES.securityGroupRules('rds'))
    const eks = inv.get(RESOURCES.securityGroupRules('eks'))
    const cluster = inv.get(RESOURCES.eksCluster)
    const expected = `tcp/${MYSQL} from the pods' groups (EKS group via the SecurityGroupPolicy, or the cluster security group) into the RDS group`
    const states = [
      stateFinding(rds, RESOURCES.securityGroupRules('rds'), expected),
      stateFinding(eks, RESOURCES.securityGroupRules('eks'), expected),
      stateFinding(cluster, RESOURCES.eksCluster, expected),
    ].filter((r): r is Result => r !== undefined)
    if (states.length > 0 || !rds || !eks || !cluster) return states
    const field = (item: typeof rds, path: string) => item.fields.find((f) => f.path === path)?.actual
    const clusterSg = clusterSecurityGroupOf(cluster)
    const vpc = design.vpc.cidr
    const rdsIngress = rulesOf(field(rds, 'ingress'))
    const viaEksIn = rulesReaching(rdsIngress, MYSQL, ['eks'], vpc)
    const viaEksOut = rulesReaching(rulesOf(field(eks, 'egress')), MYSQL, ['rds'], vpc)
    const viaClusterIn = clusterSg ? rulesReaching(rdsIngress, MYSQL, [clusterSg], vpc) : []
    const eksPath = viaEksIn.length > 0 && viaEksOut.length > 0
    const clusterPath = viaClusterIn.length > 0
    const ok = eksPath || clusterPath
    const actual = {
      rdsIngressFromPods: [...viaEksIn, ...viaClusterIn].map(ruleText),
      eksGroupEgressToRds: viaEksOut.map(ruleText),
      clusterSecurityGroup: clusterSg ?? 'not reported by EKS',
    }
    return [
      {
        status: ok ? 'PASS' : 'FAIL',
        resource: {type: rds.type, id: rds.physicalId ?? rds.name, region: rds.region},
        expected,
        actual,
        message: ok
          ? `Pods reach Aurora on ${MYSQL} through ${eksPath ? 'the EKS group' : 'the cluster security group'}`
          : `No path from the pods to Aurora on ${MYSQL}: ${
              viaEksIn.length === 0 ? 'the RDS group admits neither pod group' : 'the EKS group does not let 3306 out'
            }`,
      },
    ]
  },
})
