/**
 * The IAM permissions of the AWS Load Balancer Controller, as reviewed data (never fetched at
 * run time). AWS publishes one policy for every feature of the controller (Ingress, Service,
 * TargetGroupBinding, WAF, Shield, ...):
 *   https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json
 *   (installation guide: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/)
 * This platform uses only a TargetGroupBinding on a target group that `provision` owns
 * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/),
 * so the published policy is narrowed to what a TargetGroupBinding needs, the same cut as
 * terraform-aws-modules' `attach_load_balancer_controller_targetgroup_binding_only_policy`
 * (iam-role-for-service-accounts-eks, policies.tf), and further:
 * - RegisterTargets/DeregisterTargets only on this environment's target group (by name), not `*`;
 * - no ModifyTargetGroup(Attributes): provision reconciles the target group, a second writer would fight it;
 * - no ec2:Authorize/RevokeSecurityGroupIngress: the TargetGroupBinding carries no `networking`
 *   block, so the controller leaves security groups alone (the spec marks `networking`
 *   optional: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/spec/),
 *   and provision reconciles group rules as sets, so a rule the controller added would be removed;
 * - nothing for Ingress/Service load balancers, listeners, rules, certificates, WAF or Shield:
 *   the ALB, its listeners, certificate and web ACL are provision's.
 */

/** What a TargetGroupBinding needs to find the pods' ENIs and the target group (AWS grants these on `*`). */
export const LB_CONTROLLER_READ_ACTIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
] as const

/** What it needs to add and remove the pods' IPs: in AWS's policy, on controller-tagged groups only. */
export const LB_CONTROLLER_TARGET_ACTIONS = [
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:RegisterTargets',
] as const

/**
 * Every action AWS's published policy grants (docs/install/iam_policy.json, read at commit
 * 00a1fab5a24dec26623a48100fe97ccdb8480943 of kubernetes-sigs/aws-load-balancer-controller):
 * the reference the narrowed policy is checked against, so an action AWS never granted the
 * controller cannot slip in. Review it when upgrading the controller.
 */
export const PUBLISHED_POLICY_ACTIONS = [
  'iam:CreateServiceLinkedRole',
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAddresses',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTags',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeListenerCertificates',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeTags',
  'cognito-idp:DescribeUserPoolClient',
  'acm:ListCertificates',
  'acm:DescribeCertificate',
  'iam:ListServerCertificates',
  'iam:GetServerCertificate',
  'waf-regional:GetWebACL',
  'waf-regional:GetWebACLForResource',
  'waf-regional:AssociateWebACL',
  'waf-regional:DisassociateWebACL',
  'wafv2:GetWebACL',
  'wafv2:GetWebACLForResource',
  'wafv2:AssociateWebACL',
  'wafv2:DisassociateWebACL',
  'shield:GetSubscriptionState',
  'shield:DescribeProtection',
  'shield:CreateProtection',
  'shield:DeleteProtection',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:DeleteTags',
  'ec2:DeleteSecurityGroup',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:RemoveTags',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:SetIpAddressType',
  'elasticloadbalancing:SetSecurityGroups',
  'elasticloadbalancing:SetSubnets',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:ModifyTargetGroupAttributes',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:RemoveListenerCertificates',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:SetWebAcl',
] as const

/** The policy document for one environment's target group. */
export function lbControllerPolicy(opts: {region: string; account: string; targetGroupName: string}) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DiscoverTargets',
        Effect: 'Allow',
        Action: [...LB_CONTROLLER_READ_ACTIONS],
        // Describe* calls cannot be limited to a resource in IAM.
        Resource: '*',
      },
      {
        Sid: 'RegisterApiPods',
        Effect: 'Allow',
        Action: [...LB_CONTROLLER_TARGET_ACTIONS],
        // Target group ARNs end in a random id: match this environment's group by its name.
        Resource: `arn:aws:elasticloadbalancing:${opts.region}:${opts.account}:targetgroup/${opts.targetGroupName}/*`,
      },
    ],
  }
}
