import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-cluster',
  title: 'The EKS cluster exists with the name, role and network of the design',
  severity: 'high',
  area: 'eks',
  requirements: ['eks.name'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {platform: 'platform provision --env {env}', manual: 'Create the cluster with platform provision.'},
  run: (inv) => [...fieldFindings(inv, RESOURCES.eksCluster, ['roleArn'])],
})
