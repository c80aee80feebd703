import {defineCheck, judgeField, partOf} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

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
  run: (inv) =>
    judgeField(inv, RESOURCES.eksCluster, 'resourcesVpcConfig', (f) => {
      const access = (v: unknown) => ({
        private: partOf(v, 'endpointPrivateAccess'),
        public: partOf(v, 'endpointPublicAccess'),
      })
      const expected = access(f.expected)
      const actual = access(f.actual)
      return {
        ok: actual.private === expected.private && actual.public === expected.public,
        expected,
        actual,
        message: 'EKS endpoint access',
      }
    }),
})
