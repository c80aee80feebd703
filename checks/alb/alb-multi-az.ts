import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'alb-multi-az',
  title: 'The load balancer spans the three public subnets',
  severity: 'medium',
  area: 'alb',
  requirements: ['ha.alb'],
  frameworks: {fsbp: ['ELB.13'], hipaa: ['164.308(a)(7)(ii)(B)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws elbv2 set-subnets --load-balancer-arn ALB --subnets PUBLIC_1A PUBLIC_1C PUBLIC_1D',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.loadBalancer, ['subnets', 'scheme'])],
})
