import {lintDesign} from '../design/lint.js'
import {outcome, type PreflightCheck} from './types.js'

/** Codes a dedicated preflight check reports itself, with its scope and remedy. */
const OWN_CHECKS = new Set(['eks-version-unsupported'])

/** The design's own errors (subnets outside the VPC, overlapping windows, ...): AWS would refuse them. */
export const designCheck: PreflightCheck = {
  name: 'design',
  run(ctx) {
    const lint = lintDesign(ctx.design, ctx.today)
    return outcome({
      problems: lint.findings
        .filter((f) => f.level === 'error' && !OWN_CHECKS.has(f.code))
        .map((f) => ({
          check: 'design',
          what: `${f.code}: ${f.message}`,
          why: `The design is inconsistent (${f.requirements.join(', ')}): AWS refuses it or it breaks a requirement.`,
          remedy: `\`platform design lint --env ${ctx.design.env}\` explains it; fix the configuration.`,
        })),
    })
  },
}
