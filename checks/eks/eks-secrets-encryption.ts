import {defineCheck, fieldFindings} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'eks-secrets-encryption',
  title: 'EKS secrets are encrypted with the environment key',
  severity: 'high',
  area: 'eks',
  requirements: ['baseline.eks.secrets-encryption'],
  frameworks: {fsbp: ['EKS.3'], hipaa: ['164.312(a)(2)(iv)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual:
      'aws eks associate-encryption-config --cluster-name CLUSTER --encryption-config resources=secrets,provider={keyArn=KEY}',
  },
  run: (inv) => [...fieldFindings(inv, RESOURCES.eksCluster, ['secretsEncryptionKey'])],
})
