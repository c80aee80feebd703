import {isReadOnlyOperation} from '../aws/recorder.js'
import {LAYER_CALLS} from '../layers/aws-calls.js'
import {actionsFor} from './actions.js'
import {CODE_CALLS, type CodeGroup} from './declarations.js'

export const JOBS = ['audit', 'provision', 'evidence'] as const
export type Job = (typeof JOBS)[number]

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: {Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*'}[]
}

/**
 * Actions AWS checks on the caller beyond the API's own action ("dependent actions" in the
 * Service Authorization Reference): provisioning hands roles to EKS, Fargate and flow logs
 * (iam:PassRole, https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html),
 * the first load balancer, Aurora cluster or EKS cluster creates its service-linked role
 * (iam:CreateServiceLinkedRole, https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html),
 * encrypting with a customer key lets the service take a grant (kms:CreateGrant,
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html), and WAF logging to
 * CloudWatch Logs sets a log-delivery resource policy
 * (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 * None of these is a call the tool sends, so the recorder cannot see them: they are listed here.
 */
const PROVISION_DEPENDENT = [
  'iam:PassRole',
  'iam:CreateServiceLinkedRole',
  'kms:CreateGrant',
  'logs:CreateLogDelivery',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
]

const layerCalls = (): string[] => Object.values(LAYER_CALLS).flat()
const code = (...groups: CodeGroup[]): string[] => groups.flatMap((g) => CODE_CALLS[g])

/**
 * The recorded calls (Service.Operation) each job may send. The audit walks every layer's
 * reads (never its writes: the audit's clients refuse them, clients.ts); provision sends
 * every layer call, creates and deletes alike (a replacement deletes); evidence export is an
 * audit plus the signature and the write-once upload.
 */
export function callsFor(job: Job): string[] {
  const auditCalls = [
    ...layerCalls().filter((c) => isReadOnlyOperation(c.split('.')[1]!)),
    ...code('identity', 'auditInventory', 'costActual', 'historyRead', 'doctor'),
  ]
  switch (job) {
    case 'audit':
      return uniq(auditCalls)
    case 'provision':
      return uniq([...layerCalls(), ...code('identity', 'preflight', 'lock', 'doctor')])
    case 'evidence':
      return uniq([...auditCalls, ...code('signing', 'evidenceUpload')])
  }
}

/** The IAM actions a job needs, sorted: what its calls map to, plus provision's dependent actions. */
export function actionsForJob(job: Job): string[] {
  const actions = callsFor(job).flatMap(actionsFor)
  if (job === 'provision') actions.push(...PROVISION_DEPENDENT)
  return uniq(actions)
}

/**
 * The policy document, one statement per service so a reviewer reads it service by service.
 * Resource is "*": the tool finds its resources by tag and name at run time, and many of
 * the actions (Describe*, List*, Create*) support no resource-level permission.
 */
export function policyFor(job: Job): PolicyDocument {
  const byPrefix = new Map<string, string[]>()
  for (const a of actionsForJob(job)) {
    const prefix = a.split(':')[0]!
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), a])
  }
  return {
    Version: '2012-10-17',
    Statement: [...byPrefix.entries()].map(([prefix, actions]) => ({
      Sid: `Platform${cap(job)}${prefix.replace(/[^a-z0-9]/gi, '')}`,
      Effect: 'Allow',
      Action: actions,
      Resource: '*',
    })),
  }
}

const uniq = (xs: string[]): string[] => [...new Set(xs)].sort()
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1)
