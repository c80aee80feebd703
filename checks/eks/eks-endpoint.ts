import {defineCheck, judge} from '../../src/audit/define.js'

type Live = {resourcesVpcConfig?: {endpointPrivateAccess?: boolean; endpointPublicAccess?: boolean}}

export default defineCheck({
  id: 'eks-endpoint',
  title: 'The EKS API endpoint is reachable privately and publicly',
  severity: 'medium',
  area: 'eks',
  requirements: ['eks.endpoint'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'aws eks update-cluster-config --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=true',
  },
  run: (inv, design) =>
    judge<Live>(inv, 'eks/cluster', {private: design.eks.endpointPrivate, public: design.eks.endpointPublic}, (c) => {
      const actual = {
        private: c.resourcesVpcConfig?.endpointPrivateAccess === true,
        public: c.resourcesVpcConfig?.endpointPublicAccess === true,
      }
      return {
        ok: actual.private === design.eks.endpointPrivate && actual.public === design.eks.endpointPublic,
        actual,
        message: 'EKS endpoint access',
      }
    }),
})
