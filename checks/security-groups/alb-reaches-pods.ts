import {defineCheck, partOf, stateFinding} from '../../src/audit/define.js'
import {podGroupsOf} from '../../src/audit/pod-groups.js'
import {clusterSecurityGroupOf, ruleText, rulesOf, rulesReaching} from '../../src/audit/reach.js'
import type {Result} from '../../src/audit/types.js'
import {API_SERVICE} from '../../src/design/manifests.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'alb-reaches-pods',
  title: "The ALB's security group may reach the pods on the target group's port (ALB egress and EKS group ingress)",
  severity: 'high',
  area: 'security-groups',
  requirements: ['sg.eks.ingress', 'sg.alb.egress', 'arch.edge'],
  frameworks: {fsbp: [], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform:
      'platform provision --env {env}; then platform manifests --env {env} --image-tag RELEASE | kubectl apply -f - (the SecurityGroupPolicy gives the pods the EKS group)',
    manual:
      'EKS group: inbound tcp/<target group port> from the ALB group; ALB group: outbound to the VPC on that port.',
  },
  // ip targets are the pods themselves: the ALB connects to each pod IP on the port it was
  // registered with. The TargetGroupBinding registers the API Service's targetPort, which
  // `platform manifests` sets to the target group's port, so the pods' group (the design's EKS
  // group, applied by the SecurityGroupPolicy) must admit that port from the ALB's group.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
  // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/
  run: (inv, design) => {
    const tg = inv.get(RESOURCES.targetGroup)
    const eks = inv.get(RESOURCES.securityGroupRules('eks'))
    const alb = inv.get(RESOURCES.securityGroupRules('alb'))
    // ip targets are registered by the AWS Load Balancer Controller only (the TargetGroupBinding
    // of `platform manifests`); without its role nothing puts a pod in the target group, and the
    // ALB has nowhere to send a request, whatever the rules say.
    const controller = inv.get(RESOURCES.lbControllerRole)
    // The pods' groups come from the cluster (pod-groups.ts) and the EKS group's id.
    const cluster = inv.get(RESOURCES.eksCluster)
    const eksGroup = inv.get(RESOURCES.securityGroup('eks'))
    const expected = "tcp/<target group port> from the ALB group into the EKS group (the pods' group)"
    const states = [
      stateFinding(tg, RESOURCES.targetGroup, expected),
      stateFinding(eks, RESOURCES.securityGroupRules('eks'), expected),
      stateFinding(alb, RESOURCES.securityGroupRules('alb'), expected),
      stateFinding(controller, RESOURCES.lbControllerRole, 'the Load Balancer Controller role that registers the pods'),
      stateFinding(cluster, RESOURCES.eksCluster, expected),
      stateFinding(eksGroup, RESOURCES.securityGroup('eks'), expected),
    ].filter((r): r is Result => r !== undefined)
    if (states.length > 0 || !tg || !eks || !alb || !cluster || !eksGroup) return states
    const field = (item: typeof tg, path: string) => item.fields.find((f) => f.path === path)?.actual
    const port = partOf(field(tg, 'target'), 'port')
    const resource = {type: eks.type, id: eks.physicalId ?? eks.name, region: eks.region}
    if (typeof port !== 'number')
      return [
        {
          status: 'FAIL',
          resource,
          expected,
          actual: {targetGroupPort: port ?? null},
          message: "The target group's port cannot be read: no path to judge from the ALB to the pods",
        },
      ]
    const vpc = design.vpc.cidr
    const podsIn = rulesReaching(rulesOf(field(eks, 'ingress')), port, ['alb'], vpc)
    const albOut = rulesReaching(rulesOf(field(alb, 'egress')), port, ['eks'], vpc)
    const rules = {
      targetGroupPort: port,
      eksIngressFromAlb: podsIn.map(ruleText),
      albEgressToPods: albOut.map(ruleText),
    }
    // The rules admit the EKS group; the API pods must carry it (a SecurityGroupPolicy, read
    // from the cluster: pod-groups.ts). Unknown is an ERROR, never a pass on the rules alone.
    const clusterSg = clusterSecurityGroupOf(cluster)
    const pods = podGroupsOf(inv, design, API_SERVICE, clusterSg)
    const eksSg = eksGroup.physicalId
    const expectedHere = expected.replace('<target group port>', String(port))
    if (!pods.read)
      return [
        {
          status: 'ERROR',
          resource,
          expected: expectedHere,
          actual: rules,
          message: `Which security groups the API pods carry is unknown: ${pods.why}`,
        },
      ]
    const carriesEks = eksSg !== undefined && pods.groups.includes(eksSg)
    const ok = podsIn.length > 0 && albOut.length > 0 && carriesEks && pods.stale.length === 0
    const why =
      podsIn.length === 0
        ? `the EKS group does not admit ${port} from the ALB group`
        : albOut.length === 0
          ? `the ALB group does not let ${port} out`
          : pods.stale.length > 0
            ? `pods ${pods.stale.join(', ')} were scheduled before the SecurityGroupPolicy and do not carry its groups: restart them`
            : `the API pods carry ${pods.groups.join(', ')} (${pods.source}), not the EKS group the rules admit`
    return [
      {
        status: ok ? 'PASS' : 'FAIL',
        resource,
        expected: expectedHere,
        actual: {...rules, podGroups: pods.groups, podGroupsFrom: pods.source},
        message: ok ? `The ALB reaches the API pods on ${port}` : `No path from the ALB to the pods on ${port}: ${why}`,
      },
    ]
  },
})
