import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 'subnet-layout',
  title: 'Each subnet has the CIDR and availability zone of the design',
  severity: 'high',
  area: 'network',
  requirements: [
    'subnet.public-1a',
    'subnet.public-1c',
    'subnet.public-1d',
    'subnet.private-1a',
    'subnet.private-1c',
    'subnet.private-1d',
  ],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'Subnet CIDR and AZ cannot change: create the subnet anew.',
  },
  run: (inv) => inv.all(RESOURCE_TYPES.subnet).flatMap((s) => fieldFindings(inv, s, ['cidrBlock', 'availabilityZone'])),
})
