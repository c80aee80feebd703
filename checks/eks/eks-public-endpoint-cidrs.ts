import {defineCheck, judgeField, partOf} from '../../src/audit/define.js'
import {sameValue} from '../../src/reconcile/diff.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-public-endpoint-cidrs',
  title: 'The public EKS endpoint admits only the configured CIDRs',
  severity: 'medium',
  area: 'eks',
  requirements: ['baseline.eks.public-endpoint-cidrs'],
  frameworks: {fsbp: ['EKS.1'], hipaa: ['164.312(a)(1)']},
  remediation: {
    platform: 'set eksPublicAccessCidrs in platform.config.yaml, then platform provision --env {env}',
    manual: 'aws eks update-cluster-config --resources-vpc-config publicAccessCidrs=CIDRS',
  },
  // The layer's canonical field: CIDRs canonicalised and sorted, 0.0.0.0/0 when EKS was given none.
  run: (inv) =>
    judgeField(inv, RESOURCES.eksCluster, 'resourcesVpcConfig', (f) => {
      const expected = partOf(f.expected, 'publicAccessCidrs')
      const actual = partOf(f.actual, 'publicAccessCidrs')
      return {ok: sameValue(expected, actual), expected, actual, message: 'EKS public endpoint CIDRs'}
    }),
})
