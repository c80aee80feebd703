import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 'subnet-routes',
  title: 'Public subnets route to the internet gateway; each private subnet only to the NAT gateway of its AZ',
  severity: 'high',
  area: 'network',
  requirements: [
    'subnet.public-1a',
    'subnet.public-1c',
    'subnet.public-1d',
    'subnet.private-1a',
    'subnet.private-1c',
    'subnet.private-1d',
    'ha.nat',
  ],
  frameworks: {fsbp: ['EC2.15'], hipaa: ['164.312(e)(1)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'VPC console > Route tables: restore 0.0.0.0/0 to the IGW (public) or the NAT gateway of the same AZ (private).',
  },
  run: (inv) => inv.all(RESOURCE_TYPES.routeTable).flatMap((rt) => fieldFindings(inv, rt, ['routes', 'associations'])),
})
