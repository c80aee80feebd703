import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'sg-alb-rules',
  title: 'The ALB security group admits exactly HTTPS from the internet and sends anywhere',
  severity: 'high',
  area: 'security-groups',
  requirements: ['sg.alb.ingress', 'sg.alb.egress'],
  frameworks: {fsbp: ['EC2.18'], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Security group console: keep inbound tcp/443 from 0.0.0.0/0 only; outbound all.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.securityGroupRules('alb'), ['ingress', 'egress'])],
})
