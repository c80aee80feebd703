import {managedParts} from './managed.js'
import {actionsForJob, callsFor, policyFor, type Job, type PolicyDocument} from './policy.js'

export {JOBS, actionsForJob, callsFor, policyFor, type Job, type PolicyDocument} from './policy.js'

export interface IamPolicyResult {
  job: Job
  policy: PolicyDocument
  /** The recorded calls (Service.Operation) the policy covers. */
  calls: string[]
  actions: number
  /**
   * Characters of the document without whitespace: IAM caps a managed policy at 6,144
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
   */
  chars: number
  /**
   * The same grants as customer managed policies of at most 6,144 characters each: one part
   * when the policy fits, else several (shipped as policies/<job>.managed-<n>.json).
   */
  managed: {policy: PolicyDocument; chars: number}[]
}

/** The managed-policy parts shipped beside policies/<job>.json, by file name (none when the policy fits one). */
export function managedPolicyFiles(job: Job): Record<string, string> {
  const parts = managedParts(policyFor(job))
  if (parts.length === 1) return {}
  return Object.fromEntries(parts.map((p, i) => [`${job}.managed-${i + 1}.json`, `${JSON.stringify(p, null, 2)}\n`]))
}

/** Serialised as policies/<job>.json; a unit test keeps those files equal to this. */
export function policyFileText(job: Job): string {
  return `${JSON.stringify(policyFor(job), null, 2)}\n`
}

export function iamPolicyResult(job: Job): IamPolicyResult {
  const policy = policyFor(job)
  return {
    job,
    policy,
    calls: callsFor(job),
    actions: actionsForJob(job).length,
    chars: JSON.stringify(policy).length,
    managed: managedParts(policy).map((p) => ({policy: p, chars: JSON.stringify(p).length})),
  }
}
