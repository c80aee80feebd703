import {Flags} from '@oclif/core'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {isInteractive, provisionConfirm} from '../src/cli/confirm.js'
import {provisionExitCode} from '../src/cli/exit-codes.js'
import {layerProgress} from '../src/cli/progress.js'
import {environmentAccess, roleBroker} from '../src/accounts/access.js'
import {AwsAccess} from '../src/aws/clients.js'
import {ExitCode, UsageError} from '../src/errors.js'
import {LAYERS, LAYER_NAMES} from '../src/layers/index.js'
import {provision, type ProvisionResult} from '../src/reconcile/provision.js'
import {retryLines} from '../src/aws/retry.js'
import {provisionPlanText, provisionText} from '../src/report/provision-text.js'

export default class Provision extends BaseCommand {
  static override description = withExitCodes(
    'Create or repair an environment: read every layer, plan the difference from the design, and apply it in dependency order. Safe to re-run: a clean environment costs no mutating call.',
  )
  static override examples = [
    '<%= config.bin %> provision --env dev',
    '<%= config.bin %> provision --env prod --dry-run --detailed-exitcode',
    '<%= config.bin %> provision --env staging --layer network --layer security-groups',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    'dry-run': Flags.boolean({description: 'Print the plan and change nothing (no mutating call)', default: false}),
    'detailed-exitcode': Flags.boolean({
      description: `With --dry-run: exit ${ExitCode.OK} when nothing is pending, ${ExitCode.CHANGES_PENDING} when changes are`,
      default: false,
    }),
    layer: Flags.string({
      description: 'Limit the run to these layers (their dependencies are read, not changed)',
      multiple: true,
      options: LAYER_NAMES,
    }),
    yes: Flags.boolean({
      char: 'y',
      description: 'Apply without asking (required for prod in a non-interactive shell)',
      default: false,
    }),
    'apply-now': Flags.boolean({
      description: 'prod: apply database changes that restart it now instead of in the maintenance window',
      default: false,
    }),
    adopt: Flags.boolean({
      description: 'Take over resources that have our deterministic name but not our tags',
      default: false,
    }),
    'force-unlock': Flags.boolean({description: "Break the environment's lock left by a dead run", default: false}),
    concurrency: Flags.integer({description: 'AWS work in flight at once', default: 4, min: 1, max: 16}),
  }

  async run(): Promise<ProvisionResult> {
    const {flags} = await this.parse(Provision)
    const design = this.loadDesign(flags.env, flags.config)
    if (flags['detailed-exitcode'] && !flags['dry-run'])
      throw new UsageError('--detailed-exitcode goes with --dry-run.')
    const json = this.jsonEnabled()
    const dryRun = flags['dry-run']
    const confirm = provisionConfirm(design.env, {yes: flags.yes, dryRun, interactive: isInteractive({json})})
    // With environments.ENV.roleArn, the run works with the role's session (src/accounts).
    const broker = roleBroker({profile: flags.profile, endpointUrl: flags['endpoint-url']}, design.region)
    const aws = design.assumeRole
      ? environmentAccess(design, {...broker.opts, readOnly: false, roles: broker.roles})
      : new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    const progress = layerProgress({layers: LAYERS, only: flags.layer, json})
    try {
      const result = await progress.track(() =>
        provision({
          design,
          aws,
          layers: LAYERS,
          only: flags.layer,
          dryRun,
          adopt: flags.adopt,
          applyNow: flags['apply-now'],
          forceUnlock: flags['force-unlock'],
          concurrency: flags.concurrency,
          notice: (m) => this.notice(m),
          onPlan: (plan) => this.logLines(provisionPlanText(plan, {design, dryRun, applyNow: flags['apply-now']})),
          confirm: progress.startOnConfirm(confirm),
          events: progress.sink,
        }),
      )
      this.logLines([...provisionText(result), ...retryLines(result.retrying)])
      process.exitCode = provisionExitCode(result, {detailedExitcode: flags['detailed-exitcode']})
      return result
    } finally {
      // Also when the run stops (a preflight refusal shows its calls were reads only).
      if (flags.verbose) this.printVerboseCalls(aws)
      aws.destroy()
      broker.base.destroy()
    }
  }
}
