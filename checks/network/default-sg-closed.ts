import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'default-sg-closed',
  title: "The VPC's default security group allows no traffic",
  severity: 'medium',
  area: 'network',
  requirements: ['baseline.vpc.default-sg-closed'],
  frameworks: {fsbp: ['EC2.2'], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Remove every inbound and outbound rule of the default security group.',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.defaultSecurityGroup, ['ingress', 'egress'])],
})
