import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCE_TYPES} from '../../src/resources.js'

export default defineCheck({
  id: 'nat-per-az',
  title: 'One available NAT gateway in each public subnet',
  severity: 'medium',
  area: 'network',
  requirements: ['ha.nat'],
  frameworks: {fsbp: [], hipaa: ['164.308(a)(7)(ii)(B)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'VPC console > NAT gateways: create one per public subnet with its own Elastic IP.',
  },
  run: (inv) => inv.all(RESOURCE_TYPES.natGateway).flatMap((nat) => fieldFindings(inv, nat, ['subnetId'])),
})
