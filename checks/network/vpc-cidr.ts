import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'vpc-cidr',
  title: 'The VPC has the CIDR block of the design',
  severity: 'high',
  area: 'network',
  requirements: ['vpc.cidr', 'env.cidr'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'A VPC CIDR cannot change: create a new VPC (platform provision reports replace-required).',
  },
  // env.cidr and vpc.cidr are the same value seen from sections 2.2 and 3.1: name both.
  run: (inv) =>
    fieldFindings(inv, RESOURCES.vpc, ['cidrBlock']).map((r) => ({...r, requirements: ['vpc.cidr', 'env.cidr']})),
})
