import {Flags} from '@oclif/core'
import {AwsAccess} from '../src/aws/clients.js'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {DEFAULT_JPY_PER_USD, runCost, type CostResult} from '../src/cost/index.js'
import {costText} from '../src/cost/text.js'
import {loadConfig} from '../src/design/config.js'
import {UsageError} from '../src/errors.js'

export default class Cost extends BaseCommand {
  static override description = withExitCodes(
    "Estimate the monthly cost of the environment as designed, line by line beside the design's figures (section 9.1), with the lines the design leaves out. Prices come from the AWS Price List API, or from the offline snapshot shipped with the tool when the API cannot be read (its date is shown). Read-only.",
  )
  static override examples = [
    '<%= config.bin %> cost --env prod',
    '<%= config.bin %> cost --env prod --json',
    '<%= config.bin %> cost --env dev --jpy-rate 152.3',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    'jpy-rate': Flags.custom<number>({
      description: 'Yen per US dollar for the JPY view (default: costJpyPerUsd in the configuration)',
      parse: async (s) => {
        const n = Number(s)
        if (!Number.isFinite(n) || n <= 0 || n > 10_000)
          throw new UsageError(
            `--jpy-rate must be a positive number of yen per dollar, got "${s}".`,
            'Give the rate as a number, e.g. --jpy-rate 152.3.',
          )
        return n
      },
    })(),
  }

  async run(): Promise<CostResult> {
    const {flags} = await this.parse(Cost)
    const design = this.loadDesign(flags.env, flags.config)
    const configured = loadConfig({path: flags.config}).config.costJpyPerUsd
    const jpy =
      flags['jpy-rate'] !== undefined
        ? {perUsd: flags['jpy-rate'], source: 'flag' as const}
        : configured !== undefined
          ? {perUsd: configured, source: 'config' as const}
          : {perUsd: DEFAULT_JPY_PER_USD, source: 'default' as const}
    // Few attempts: an unreachable Price List falls back to the snapshot rather than waiting out eight retries.
    const aws = new AwsAccess({
      profile: flags.profile,
      endpointUrl: flags['endpoint-url'],
      readOnly: true,
      maxAttempts: 2,
    })
    try {
      const result = await runCost({aws, design, now: new Date(), jpy})
      this.logLines(costText(result))
      if (result.prices.fallback && this.jsonEnabled())
        this.notice(`Prices from the offline snapshot of ${result.prices.date}: ${result.prices.fallback}`)
      if (flags.verbose) this.printVerboseCalls(aws)
      return result
    } finally {
      aws.destroy()
    }
  }
}
