import {Args, Flags} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {PRIMARY_REGION} from '../../src/design/defaults.js'
import {diffReports, type AuditDiff} from '../../src/audit/diff.js'
import {loadReport, requireSameEnv} from '../../src/history/load.js'
import {diffText} from '../../src/history/text.js'

export default class AuditDiffCommand extends BaseCommand {
  static override description = withExitCodes(
    'Compare two `platform audit --json` reports of one environment by stable finding id (check + resource + requirement): new, resolved and still failing findings (with first-seen date and age), and findings whose expected or actual value changed. The order of the findings plays no part. Exit 1 when B has a FAIL or ERROR that A had not.',
  )
  static override examples = [
    '<%= config.bin %> audit diff last-night.json tonight.json',
    '<%= config.bin %> audit diff s3://medical-ai-evidence/nightly/prod/2026/11/30/20261130T020000Z-3f2a1c/report.json tonight.json --json',
  ]
  static override args = {
    a: Args.string({description: 'The earlier report: a file or s3://BUCKET/KEY', required: true}),
    b: Args.string({description: 'The later report: a file or s3://BUCKET/KEY', required: true}),
  }
  static override flags = {
    ...awsFlags,
    region: Flags.string({description: 'Region of the bucket for s3:// reports', default: PRIMARY_REGION}),
  }

  async run(): Promise<AuditDiff> {
    const {args, flags} = await this.parse(AuditDiffCommand)
    const aws = () => new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    const a = await loadReport(args.a, {aws, region: flags.region})
    const b = await loadReport(args.b, {aws, region: flags.region})
    requireSameEnv(a, args.a, b, args.b)
    const diff = diffReports(a, b, args.a)
    this.logLines(diffText(diff))
    if (diff.new.length > 0) process.exitCode = ExitCode.FINDINGS
    return diff
  }
}
