import {defineCheck, judgeField} from '../../src/audit/define.js'
import {EKS_VERSIONS, supportState} from '../../src/design/eks-versions.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-supported-version',
  title: 'The Kubernetes version is inside EKS support',
  severity: 'high',
  area: 'eks',
  requirements: ['baseline.eks.supported-version'],
  frameworks: {fsbp: ['EKS.2'], hipaa: ['164.308(a)(1)(ii)(B)']},
  remediation: {
    platform: 'set eksVersion in platform.config.yaml, then platform provision --env {env}',
    manual: 'aws eks update-cluster-version --name CLUSTER --kubernetes-version NEXT (one minor version at a time)',
  },
  run: (inv) =>
    judgeField(inv, RESOURCES.eksCluster, 'version', (f) => {
      const version = typeof f.actual === 'string' ? f.actual : ''
      const state = supportState(version, new Date())
      const end = EKS_VERSIONS.find((v) => v.version === version)?.endOfExtendedSupport
      const where =
        state === 'unsupported'
          ? 'past the end of EKS extended support'
          : state === 'unknown'
            ? 'not in the support calendar'
            : `in ${state} support`
      return {
        ok: state === 'standard' || state === 'extended',
        expected: 'standard or extended support',
        actual: `${version}: ${state}${end ? ` (extended support ends ${end})` : ''}`,
        message: `Kubernetes ${version} is ${where}`,
      }
    }),
})
