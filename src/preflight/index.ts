import type {AwsAccess} from '../aws/clients.js'
import type {CallerIdentity} from '../aws/identity.js'
import type {ResolvedDesign} from '../design/types.js'
import {PreflightError} from '../errors.js'
import {accountCheck} from './account.js'
import {auroraVersionCheck} from './aurora-version.js'
import {designCheck} from './design.js'
import {domainCheck} from './domain.js'
import {eksVersionCheck} from './eks-version.js'
import {namesCheck} from './names.js'
import {quotasCheck} from './quotas.js'
import type {PreflightCheck, PreflightProblem} from './types.js'

export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  designCheck,
  accountCheck,
  eksVersionCheck,
  namesCheck,
  domainCheck,
  quotasCheck,
  auroraVersionCheck,
]

export interface PreflightReport {
  /** The account this run changes, and as whom. */
  account: string
  callerArn: string
  /** Whether the account was checked against the configuration (environments.ENV.accountId). */
  accountConfigured: boolean
  checks: string[]
  problems: PreflightProblem[]
  warnings: string[]
  /** The Aurora engine version CreateDBCluster gets (resolved with DescribeDBEngineVersions). */
  rdsEngineVersion?: string
}

/**
 * Runs every check (read-only calls only), collects all problems together, and refuses the
 * run (PreflightError, exit 2) when there is any. Returns the report and the design with what
 * preflight resolved (the Aurora engine version).
 */
export async function preflight(opts: {
  design: ResolvedDesign
  aws: AwsAccess
  identity: CallerIdentity
  layers: readonly string[]
  today?: Date
}): Promise<{report: PreflightReport; design: ResolvedDesign}> {
  const ctx = {...opts, today: opts.today ?? new Date()}
  const outcomes = await Promise.all(PREFLIGHT_CHECKS.map(async (c) => c.run(ctx)))
  const problems = outcomes.flatMap((o) => o.problems)
  const warnings = outcomes.flatMap((o) => o.warnings)
  if (problems.length > 0) throw new PreflightError(problems, warnings)
  const rdsEngineVersion = outcomes.find((o) => o.resolved?.rdsEngineVersion)?.resolved?.rdsEngineVersion
  const design =
    rdsEngineVersion && rdsEngineVersion !== opts.design.rds.engineVersion
      ? {...opts.design, rds: {...opts.design.rds, engineVersion: rdsEngineVersion}}
      : opts.design
  return {
    report: {
      account: opts.identity.account,
      callerArn: opts.identity.arn,
      accountConfigured: opts.design.accountId !== undefined,
      checks: PREFLIGHT_CHECKS.map((c) => c.name),
      problems,
      warnings,
      ...(rdsEngineVersion ? {rdsEngineVersion} : {}),
    },
    design,
  }
}
