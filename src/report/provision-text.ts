import type {ResolvedDesign} from '../design/types.js'
import type {ProvisionResult} from '../reconcile/provision.js'
import type {PlannedResource} from '../reconcile/types.js'
import {planLines, summaryLines} from './plan-text.js'
import {RESOURCES} from '../resources.js'
import {oneLine} from './terminal.js'

/** The plan as provision shows it before changing anything: a heading, then planLines. */
export function provisionPlanText(
  plan: PlannedResource[],
  opts: {design: Pick<ResolvedDesign, 'project' | 'env'>; dryRun: boolean; applyNow: boolean},
): string[] {
  const {project, env} = opts.design
  return [
    `Plan for ${project}-${env}${opts.dryRun ? ' (dry run)' : ''}:`,
    // Only prod defers database restarts to its maintenance window (and --apply-now overrides).
    ...planLines(plan, {deferRestarts: env === 'prod' && !opts.applyNow}),
  ]
}

/**
 * The text beside provision's --json result: the per-layer summary, then what the operator
 * still has to do by hand (DNS records, in-cluster manifests, replacements never made silently).
 */
export function provisionText(result: ProvisionResult): string[] {
  const lines = ['', ...summaryLines(result)]
  if (result.requiredSteps.length) {
    lines.push('', 'Still to do outside AWS, with the values to use:')
    for (const step of result.requiredSteps) lines.push(`  ${oneLine(step)}`)
  }
  if (result.outputs[RESOURCES.eksCluster.id])
    lines.push(
      '',
      `In-cluster pieces (namespaces, security group policy, target group binding, Velero schedule, workloads): platform manifests --env ${result.env} --image-tag RELEASE | kubectl apply -f -`,
    )
  if (result.replaceRequired.length)
    lines.push(
      '',
      `${result.replaceRequired.length} resource(s) need a replacement, which provision never does silently (see "!" above).`,
    )
  return lines
}
