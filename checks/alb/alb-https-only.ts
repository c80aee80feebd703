import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'alb-https-only',
  title: 'The ALB serves HTTPS with a modern TLS policy, HTTP only redirects, invalid headers are dropped',
  severity: 'high',
  area: 'alb',
  requirements: ['baseline.alb.https-only'],
  frameworks: {fsbp: ['ELB.1', 'ELB.4', 'ELB.17'], hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'EC2 console > Load balancers > Listeners: HTTPS:443 with ELBSecurityPolicy-TLS13-1-2-2021-06 forwarding to the API; HTTP:80 redirecting to HTTPS.',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.listener(443), ['listener']),
    ...fieldFindings(inv, RESOURCES.listener(80), ['listener']),
    ...fieldFindings(inv, RESOURCES.loadBalancer, ['attributes']),
  ],
})
