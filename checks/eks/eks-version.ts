import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-version',
  title: 'The EKS cluster runs the Kubernetes version of the design',
  severity: 'medium',
  area: 'eks',
  requirements: ['eks.version'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws eks update-cluster-version --name CLUSTER --kubernetes-version VERSION',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.eksCluster, ['version'])],
})
