import {createInterface} from 'node:readline/promises'
import {Flags} from '@oclif/core'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {UsageError} from '../src/errors.js'
import {LAYERS} from '../src/layers/index.js'
import {destroy, type DestroyItem, type DestroyResult} from '../src/reconcile/destroy.js'

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
    const json = this.jsonEnabled()
    const interactive = Boolean(process.stdin.isTTY) && !json
    if (design.env === 'prod' && !flags['dry-run']) {
      if (!flags['i-understand-this-deletes-production'] || !interactive) {
        throw new UsageError(
          'Refusing to destroy prod.',
          'Destroying production needs --env prod --i-understand-this-deletes-production in an interactive shell, and typing the confirmation.',
        )
      }
    } else if (!flags.yes && !flags['dry-run'] && !interactive) {
      throw new UsageError(
        `Refusing to destroy ${design.env} without confirmation in a non-interactive shell.`,
        'Review `platform destroy --env ENV --dry-run`, then run again with --yes.',
      )
    }
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    try {
      const result = await destroy({
        design,
        aws,
        layers: LAYERS,
        dryRun: flags['dry-run'],
        deleteData: flags['delete-data'],
        progress: json ? undefined : (m) => this.log(`  ${m}`),
        confirm: async (items) => {
          this.print(items, flags['dry-run'])
          if (flags.yes && design.env !== 'prod') return true
          const word = design.env === 'prod' ? 'delete production' : design.env
          const rl = createInterface({input: process.stdin, output: process.stderr})
          const answer = await rl.question(
            `Delete ${items.filter((i) => i.action === 'delete').length} resource(s) of ${design.env}? Type "${word}" to confirm: `,
          )
          rl.close()
          return answer.trim() === word
        },
      })
      if (!json) {
        if (result.dryRun || result.deleted === 0) this.print(result.items, result.dryRun)
        this.log(
          `\n${result.dryRun ? 'Would delete' : 'Deleted'} ${result.deleted}, kept ${result.kept}. AWS calls: ${result.calls.total} (${result.calls.mutating} mutating); ${(result.elapsedMs / 1000).toFixed(1)} s`,
        )
      }
      if (flags.verbose) this.printVerboseCalls(aws)
      return result
    } finally {
      aws.destroy()
    }
  }

  private print(items: DestroyItem[], dryRun: boolean): void {
    if (this.jsonEnabled()) return
    if (items.length === 0) return this.log(`Nothing of ${dryRun ? 'this environment' : 'ours'} to delete.`)
    for (const i of items)
      this.log(
        `  ${i.action === 'delete' ? '-' : '='} ${i.action.padEnd(6)} ${i.type} ${i.name} (${i.physicalId})${i.reason ? `  -- ${i.reason}` : ''}`,
      )
  }
}
