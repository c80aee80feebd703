import {createInterface} from 'node:readline/promises'
import {Flags} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {chooseRenderer, layerProgress} from '../src/cli/progress.js'
import {AwsAccess} from '../src/aws/clients.js'
import {UsageError} from '../src/errors.js'
import {LAYERS, LAYER_NAMES} from '../src/layers/index.js'
import {isPending, provision, type ProvisionResult} from '../src/reconcile/provision.js'
import {selectLayers} from '../src/reconcile/engine.js'
import {planLines, summaryLines} from '../src/report/plan-text.js'
import {RESOURCES} from '../src/resources.js'

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
      description: 'With --dry-run: exit 0 when nothing is pending, 7 when changes are',
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
    const interactive = Boolean(process.stdin.isTTY) && !json
    if (design.env === 'prod' && !flags.yes && !flags['dry-run'] && !interactive) {
      throw new UsageError(
        'Refusing to change prod without confirmation in a non-interactive shell.',
        'Review `platform provision --env prod --dry-run`, then run again with --yes.',
      )
    }
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    const selected = selectLayers(LAYERS, flags.layer)
      .filter((s) => !s.readOnly)
      .map((s) => s.layer)
    const progress = {current: undefined as ReturnType<typeof layerProgress> | undefined}
    try {
      const result = await provision({
        design,
        aws,
        layers: LAYERS,
        only: flags.layer,
        dryRun: flags['dry-run'],
        adopt: flags.adopt,
        applyNow: flags['apply-now'],
        forceUnlock: flags['force-unlock'],
        concurrency: flags.concurrency,
        // Straight to stderr: oclif silences logToStderr under --json, and stdout must stay JSON.
        notice: (m) => process.stderr.write(`${m}\n`),
        onPlan: (plan) => {
          if (json) return
          this.log(`Plan for ${design.project}-${design.env}${flags['dry-run'] ? ' (dry run)' : ''}:`)
          for (const line of planLines(plan, {deferRestarts: design.env === 'prod' && !flags['apply-now']}))
            this.log(line)
        },
        confirm: async (plan) => {
          if (design.env !== 'prod' || flags.yes) return startProgress()
          const rl = createInterface({input: process.stdin, output: process.stderr})
          const answer = await rl.question(
            `Apply ${plan.filter(isPending).length} change(s) to PRODUCTION? Type "prod" to confirm: `,
          )
          rl.close()
          return answer.trim() === 'prod' && startProgress()
        },
        get events() {
          return progress.current?.events
        },
      })
      await progress.current?.run
      if (!json) {
        this.log('')
        for (const line of summaryLines(result)) this.log(line)
        const certs = [RESOURCES.regionalCertificate, RESOURCES.cloudfrontCertificate].flatMap((k) => {
          const o = result.outputs[k.id]
          return o?.validation ? [[k.id, o] as const] : []
        })
        if (certs.length) {
          this.log(
            '\nDNS validation records for the certificates (create them where the zone is hosted, unless it is managed here):',
          )
          for (const [id, o] of certs) this.log(`  ${id} (${o.status}): ${o.validation}`)
        }
        if (result.outputs[RESOURCES.eksCluster.id])
          this.log(
            `\nIn-cluster pieces (Velero schedule, workloads): platform manifests --env ${design.env} | kubectl apply -f -`,
          )
        if (result.replaceRequired.length)
          this.log(
            `\n${result.replaceRequired.length} resource(s) need a replacement, which provision never does silently (see "!" above).`,
          )
      }
      if (flags.verbose) this.printVerboseCalls(aws)
      if (result.replaceRequired.length > 0) process.exitCode = ExitCode.REPLACE_REQUIRED
      else if (flags['dry-run'] && flags['detailed-exitcode'] && result.pendingChanges > 0)
        process.exitCode = ExitCode.CHANGES_PENDING
      return result
    } catch (err) {
      progress.current?.fail(err)
      await progress.current?.run
      throw err
    } finally {
      aws.destroy()
    }

    function startProgress(): boolean {
      progress.current = layerProgress(selected, chooseRenderer({json}))
      return true
    }
  }
}
