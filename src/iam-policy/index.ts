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
  }
}
