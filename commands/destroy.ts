import {Flags} from '@oclif/core'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {destroyConfirm, isInteractive} from '../src/cli/confirm.js'
import {lineProgress} from '../src/cli/progress.js'
import {AwsAccess} from '../src/aws/clients.js'
import {LAYERS} from '../src/layers/index.js'
import {destroy, type DestroyResult} from '../src/reconcile/destroy.js'
import {destroyItemLines, destroyText} from '../src/report/destroy-text.js'
import {terminalSafe} from '../src/report/terminal.js'

export default class Destroy extends BaseCommand {
  static override description = withExitCodes(
    'Take an environment down in reverse dependency order: only resources that carry its ownership tags. Buckets holding objects are kept unless --delete-data; Aurora leaves a final snapshot.',
  )
  static override examples = [
    '<%= config.bin %> destroy --env dev --dry-run',
    '<%= config.bin %> destroy --env dev --yes',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    'dry-run': Flags.boolean({description: 'List what would be deleted and kept; delete nothing', default: false}),
    yes: Flags.boolean({char: 'y', description: 'Do not ask (never enough for prod)', default: false}),
    'delete-data': Flags.boolean({
      description: 'Also delete buckets that hold objects (their objects first)',
      default: false,
    }),
    'i-understand-this-deletes-production': Flags.boolean({
      description: 'Required, with an interactive confirmation, to destroy prod',
      default: false,
    }),
  }

  async run(): Promise<DestroyResult> {
    const {flags} = await this.parse(Destroy)
    const design = this.loadDesign(flags.env, flags.config)
    const askToDelete = destroyConfirm(design.env, {
      yes: flags.yes,
      dryRun: flags['dry-run'],
      productionAcknowledged: flags['i-understand-this-deletes-production'],
      interactive: isInteractive({json: this.jsonEnabled()}),
    })
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    const progress = lineProgress((line) => this.log(terminalSafe(line)))
    try {
      const result = await progress.track(() =>
        destroy({
          design,
          aws,
          layers: LAYERS,
          dryRun: flags['dry-run'],
          deleteData: flags['delete-data'],
          progress: progress.sink,
          confirm: progress.startOnConfirm(async (items) => {
            // What is about to go, before the question (--yes too: the log shows what was deleted).
            this.logLines(destroyItemLines(items, {dryRun: false}))
            return askToDelete(items)
          }),
        }),
      )
      this.logLines(destroyText(result))
      if (flags.verbose) this.printVerboseCalls(aws)
      return result
    } finally {
      aws.destroy()
    }
  }
}
