import {defineCheck, fieldFindings, stateFinding} from '../../src/audit/define.js'
import {RESOURCES} from '../../src/resources.js'

export default defineCheck({
  id: 'velero-backup',
  title: "Velero's bucket (30-day expiry) and IRSA role exist",
  severity: 'medium',
  area: 'velero',
  requirements: ['backup.eks-velero'],
  frameworks: {fsbp: [], hipaa: ['164.308(a)(7)(ii)(A)']},
  remediation: {
    platform: 'platform provision --env {env}; then platform manifests --env {env} | kubectl apply -f -',
    manual: 'Create the Velero bucket with a 30-day expiry and its IRSA role.',
  },
  run: (inv) => [
    ...fieldFindings(inv, RESOURCES.veleroBucket, ['lifecycle', 'encryption']),
    ...fieldFindings(inv, RESOURCES.veleroRole, ['assumeRolePolicy', 'inlinePolicies']),
    ...[stateFinding(inv.get(RESOURCES.oidcProvider), RESOURCES.oidcProvider, 'exists')].filter((x) => x !== undefined),
  ],
})
