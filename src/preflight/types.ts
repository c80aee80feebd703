import type {AwsAccess} from '../aws/clients.js'
import type {CallerIdentity} from '../aws/identity.js'
import type {ResolvedDesign} from '../design/types.js'
import type {PreflightProblem} from '../errors.js'

export type {PreflightProblem}

/** Everything a preflight check may read: the design, the caller, and read-only AWS access. */
export interface PreflightContext {
  design: ResolvedDesign
  aws: AwsAccess
  identity: CallerIdentity
  /** The layers this run may change (--layer), or all. */
  layers: readonly string[]
  today: Date
}

/** What a check found: problems refuse the run; warnings are printed (and in --json) and never a pass. */
export interface CheckOutcome {
  problems: PreflightProblem[]
  warnings: string[]
  /** Values preflight resolved for the run (the Aurora engine version). */
  resolved?: {rdsEngineVersion?: string}
  /** Facts for the report (the account a run changes). */
  facts?: Record<string, string>
}

export interface PreflightCheck {
  name: string
  run(ctx: PreflightContext): Promise<CheckOutcome> | CheckOutcome
}

export const outcome = (o: Partial<CheckOutcome> = {}): CheckOutcome => ({problems: [], warnings: [], ...o})

/** The configuration key of a per-environment knob, as the operator writes it. */
export const envKey = (ctx: {design: ResolvedDesign}, key: string) => `environments.${ctx.design.env}.${key}`
