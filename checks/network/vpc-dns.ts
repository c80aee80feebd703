import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'vpc-dns',
  title: 'The VPC resolves DNS and gives DNS hostnames',
  severity: 'medium',
  area: 'network',
  requirements: ['vpc.dns-hostnames', 'vpc.dns-support'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws ec2 modify-vpc-attribute --vpc-id VPC --enable-dns-support; then --enable-dns-hostnames',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.vpc, ['enableDnsHostnames', 'enableDnsSupport'])],
})
