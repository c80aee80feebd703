import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-logging',
  title: 'EKS control-plane logs api, audit and authenticator are enabled',
  severity: 'medium',
  area: 'eks',
  requirements: ['eks.logging'],
  frameworks: {fsbp: ['EKS.8'], hipaa: ['164.312(b)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws eks update-cluster-config --name CLUSTER --logging \'{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}\'',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.eksCluster, ['logging'])],
})
