import type {PolicyDocument} from './policy.js'

/**
 * IAM caps a customer managed policy at 6,144 characters, white space not counted
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM and STS
 * character limits"), and a role at 10 managed policies by default. A job whose policy is
 * larger (provision) ships as several managed policies that together grant exactly the same
 * actions: statements are packed in order, and a statement too large for one part is cut into
 * Sid-numbered pieces.
 */
export const MANAGED_POLICY_MAX_CHARS = 6144

type Statement = PolicyDocument['Statement'][number]

const size = (statements: Statement[]): number =>
  JSON.stringify({Version: '2012-10-17', Statement: statements} satisfies PolicyDocument).length

/** A statement cut into pieces that each fit an otherwise empty part. */
function pieces(s: Statement, max: number): Statement[] {
  if (size([s]) <= max) return [s]
  const out: Statement[] = []
  let actions: string[] = []
  for (const a of s.Action) {
    const next = {...s, Sid: `${s.Sid}${out.length + 1}`, Action: [...actions, a]}
    if (actions.length && size([next]) > max) {
      out.push({...s, Sid: `${s.Sid}${out.length + 1}`, Action: actions})
      actions = [a]
    } else actions.push(a)
  }
  out.push({...s, Sid: `${s.Sid}${out.length + 1}`, Action: actions})
  return out
}

/** The document as managed policies of at most `max` characters each (one part when it fits). */
export function managedParts(doc: PolicyDocument, max = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
  if (size(doc.Statement) <= max) return [doc]
  const parts: Statement[][] = [[]]
  for (const s of doc.Statement.flatMap((st) => pieces(st, max))) {
    const current = parts.at(-1)!
    if (current.length && size([...current, s]) > max) parts.push([s])
    else current.push(s)
  }
  return parts.map((Statement) => ({Version: '2012-10-17', Statement}))
}
