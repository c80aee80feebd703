import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'sg-eks-rules',
  title: 'The EKS security group admits 443 from the ALB group and 10250 from itself only',
  severity: 'high',
  area: 'security-groups',
  requirements: ['sg.eks.ingress', 'sg.eks.egress'],
  frameworks: {fsbp: ['EC2.18'], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Security group console: inbound tcp/443 from the ALB group, tcp/10250 from the EKS group; nothing else.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.securityGroupRules('eks'), ['ingress', 'egress'])],
})
