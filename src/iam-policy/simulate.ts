import {IAMClient, SimulatePrincipalPolicyCommand} from '@aws-sdk/client-iam'
import type {AwsAccess} from '../aws/clients.js'
import {toPlatformError} from '../aws/errors.js'
import {JOBS, actionsForJob, type Job} from './policy.js'

/** What doctor says about one job's policy for the current identity. */
export interface JobPermissions {
  job: Job
  /** True only when IAM answered for every action; false is a warning ("could not check"), never a pass. */
  checked: boolean
  /** Actions of the job's policy that IAM's simulation does not allow the caller. */
  missing: string[]
  warning?: string
}

// SimulatePrincipalPolicy evaluates many actions per request; a modest batch keeps each
// request small (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
const BATCH = 50

/**
 * The IAM principal to simulate for a caller ARN: a user as is; an assumed-role session as
 * its role (arn:aws:sts::A:assumed-role/R/S -> arn:aws:iam::A:role/R; a role with a path
 * cannot be rebuilt from the session ARN, and IAM then answers NoSuchEntity: a warning).
 * The root user and federated users cannot be simulated.
 */
export function principalArn(callerArn: string): string | undefined {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn)
  if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`
  if (/^arn:aws[\w-]*:iam::\d{12}:(user|role)\/.+$/.test(callerArn)) return callerArn
  return undefined
}

/**
 * For each job, the actions of its generated policy the caller's own policies do not allow,
 * by iam:SimulatePrincipalPolicy (identity policies, boundaries; no SCPs nor resource
 * policies, so "allowed" here is necessary, not sufficient). Any failure to simulate is a
 * warning naming why.
 */
export async function checkJobPermissions(
  aws: AwsAccess,
  region: string,
  callerArn: string,
): Promise<JobPermissions[]> {
  const principal = principalArn(callerArn)
  if (!principal)
    return JOBS.map((job) => ({
      job,
      checked: false,
      missing: [],
      warning: `cannot simulate the policies of ${callerArn} (root or federated caller)`,
    }))
  const iam = aws.client(IAMClient, region)
  const out: JobPermissions[] = []
  for (const job of JOBS) {
    const actions = actionsForJob(job)
    const missing: string[] = []
    const decided = new Set<string>()
    try {
      for (let i = 0; i < actions.length; i += BATCH) {
        let marker: string | undefined
        do {
          const res = await iam.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: principal,
              ActionNames: actions.slice(i, i + BATCH),
              Marker: marker,
            }),
          )
          for (const r of res.EvaluationResults ?? []) {
            if (!r.EvalActionName) continue
            decided.add(r.EvalActionName)
            if (r.EvalDecision !== 'allowed') missing.push(r.EvalActionName)
          }
          marker = res.IsTruncated ? res.Marker : undefined
        } while (marker)
      }
      // An action IAM gave no decision for is unknown, not allowed.
      const undecided = actions.filter((a) => !decided.has(a))
      out.push(
        undecided.length === 0
          ? {job, checked: true, missing: missing.sort()}
          : {
              job,
              checked: false,
              missing: missing.sort(),
              warning: `IAM returned no decision for ${undecided.length} action(s), e.g. ${undecided[0]}`,
            },
      )
    } catch (err) {
      const pe = toPlatformError(err)
      out.push({job, checked: false, missing: [], warning: `iam:SimulatePrincipalPolicy failed: ${pe.message}`})
    }
  }
  return out
}
