import {defineCheck, judge} from '../../src/audit/define.js'
import {canonicalCidr} from '../../src/design/cidr.js'

type Live = {resourcesVpcConfig?: {publicAccessCidrs?: string[]}}

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
  run: (inv, design) =>
    judge<Live>(inv, 'eks/cluster', [...design.eks.publicAccessCidrs].sort(), (c) => {
      // EKS reports 0.0.0.0/0 when no CIDRs were given.
      const actual = (c.resourcesVpcConfig?.publicAccessCidrs ?? ['0.0.0.0/0']).map(canonicalCidr).sort()
      const want = design.eks.publicAccessCidrs.map(canonicalCidr).sort()
      return {ok: JSON.stringify(actual) === JSON.stringify(want), actual, message: 'EKS public endpoint CIDRs'}
    }),
})
