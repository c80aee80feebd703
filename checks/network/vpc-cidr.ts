import {defineCheck, fieldFindings} from '../../src/audit/define.js'

export default defineCheck({
  id: 'vpc-cidr',
  title: "The VPC has the CIDR block of the design",
  severity: 'high',
  area: 'network',
  requirements: ["vpc.cidr", "env.cidr"],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {platform: 'platform provision --env {env}', manual: "A VPC CIDR cannot change: create a new VPC (platform provision reports replace-required)."},
  run: (inv) => [
    ...fieldFindings(inv, 'network/vpc', ["cidrBlock"]),
  ],
})
