import {defineCheck} from '../../src/audit/define.js'
import {estimateCost} from '../../src/cost/estimate.js'
import {judgeCost} from '../../src/cost/judge.js'
import {SNAPSHOT} from '../../src/cost/snapshot.js'

/**
 * Section 9.1 as a budget: Cost Explorer's last full month for the environment's tags against
 * the estimate of the environment as designed (the offline snapshot's prices, so the verdict
 * depends on no second service and is the same every night for the same month). MANUAL, never
 * PASS, when Cost Explorer cannot show the month (src/cost/judge.ts).
 */
export default defineCheck({
  id: 'cost-budget',
  title: "The environment's monthly cost stays within the band around the design's estimate",
  severity: 'low',
  area: 'cost',
  requirements: ['cost.monthly'],
  frameworks: {fsbp: [], hipaa: []},
  remediation: {
    platform:
      'platform cost --env {env} shows the estimate line by line; compare it with Cost Explorer grouped by service',
    manual:
      'Open Cost Explorer filtered by the tags project={project} and environment={env}, group by service and usage type, and find the lines above the estimate.',
  },
  run: (inv, design) => {
    const day = inv.costs ? new Date(`${inv.costs.period.start}T00:00:00Z`) : new Date()
    const r = judgeCost(estimateCost(design, SNAPSHOT.prices, day), inv.costs)
    return [
      {
        status: r.status,
        resource: {type: 'cost', id: `${design.project}-${design.env}`, region: 'us-east-1'},
        expected: r.expected,
        actual: r.actual,
        message: r.message,
      },
    ]
  },
})
