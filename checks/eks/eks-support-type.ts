import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

/**
 * The cluster's upgrade policy is the configured support type. A cluster created through the
 * API without one is EXTENDED, billed at a higher rate once its version leaves standard support
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html).
 */
export default defineCheck({
  id: 'eks-support-type',
  title: 'The EKS upgrade policy is the configured support type (STANDARD unless configured)',
  severity: 'low',
  area: 'eks',
  requirements: ['baseline.eks.support-type'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env} (eksSupportType in platform.config.yaml chooses the type)',
    manual: 'aws eks update-cluster-config --name CLUSTER --upgrade-policy \'{"supportType":"STANDARD"}\'',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.eksCluster, ['upgradePolicy'])],
})
