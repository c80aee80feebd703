import {defineCheck, fieldFindings, stateFinding} from '../../src/audit/define.js'

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
    ...fieldFindings(inv, 'velero/bucket', ['lifecycle', 'encryption']),
    ...fieldFindings(inv, 'velero/role', ['assumeRolePolicy', 'inlinePolicies']),
    ...[stateFinding(inv.items.get('velero/oidc-provider'), 'velero/oidc-provider', 'exists')].filter(
      (x) => x !== undefined,
    ),
  ],
})
