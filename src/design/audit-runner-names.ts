/**
 * The audit runner's names, fixed by the environment alone: the audit-runner provision layer
 * creates exactly this role and profile, and `platform manifests --component audit-runner`
 * prints the namespace and service account that role trusts, without reading AWS.
 */
export const AUDIT_RUNNER_NAMESPACE = 'audit-runner'
export const AUDIT_RUNNER_SERVICE_ACCOUNT = 'audit-runner'

export const auditRunnerRoleName = (d: {project: string; env: string}) => `${d.project}-${d.env}-audit-runner-role`
export const auditRunnerRoleArn = (d: {project: string; env: string}, accountId: string) =>
  `arn:aws:iam::${accountId}:role/${auditRunnerRoleName(d)}`
