import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import type {Result} from '../../src/audit/types.js'
import {RESOURCES} from '../../src/resources.js'

/** Operators can use the cluster: access entries are possible, and every configured admin role has one. */
export default defineCheck({
  id: 'eks-operator-access',
  title: 'Operators reach the cluster through EKS access entries, each admin role with cluster admin',
  severity: 'medium',
  area: 'eks',
  requirements: ['baseline.eks.operator-access'],
  frameworks: {hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'set clusterAdminRoleArns for the environment, then platform provision --env {env}',
    manual:
      'aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP; aws eks create-access-entry and associate-access-policy AmazonEKSClusterAdminPolicy (scope cluster).',
  },
  run: (inv, design): Result[] => [
    ...fieldFindings(inv, RESOURCES.eksCluster, ['authenticationMode']),
    ...design.eks.adminRoleArns.flatMap((arn) =>
      fieldFindings(inv, RESOURCES.accessEntry(arn.split('/').pop() ?? arn), ['clusterPolicies']),
    ),
  ],
})
