import {resolve} from 'node:path'
import {Flags} from '@oclif/core'
import {AwsAccess} from '../../src/aws/clients.js'
import {BaseCommand, ExitCode, awsFlags, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {runDrill, type DrillOutput} from '../../src/dr/run.js'
import {drillText} from '../../src/dr/text.js'
import {TOOL} from '../../src/tool.js'

export default class DrDrill extends BaseCommand {
  static override description = withExitCodes(
    "Prove recovery against section 8.1 (RPO 1 h, RTO 4 h): measure RPO from the Aurora cluster's latest restorable time, restore it to that time into a temporary cluster and instance in an isolated security group and time it until available (RTO), time a canary object's replication to the DR buckets, list the latest Velero backups, remove everything the drill created (also what a killed drill left), and write the timings and verdicts as an evidence bundle. A failed target exits 1; anything not measured exits 3.",
  )
  static override examples = [
    '<%= config.bin %> dr drill --env staging --out drill-evidence/',
    '<%= config.bin %> dr drill --env prod --out drill-evidence/ --sign-key alias/medical-ai-prod-evidence-signing',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    out: Flags.string({description: 'An empty or new directory for the evidence bundle', required: true}),
    'force-unlock': Flags.boolean({
      description: "Break the environment's drill lock held by another run (a drill killed on another host)",
      default: false,
    }),
    'sign-key': Flags.string({
      description: 'Sign the bundle manifest with this asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256)',
    }),
  }

  async run(): Promise<DrillOutput> {
    const {flags} = await this.parse(DrDrill)
    const design = this.loadDesign(flags.env, flags.config)
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    try {
      const output = await runDrill({
        design,
        aws,
        outDir: resolve(flags.out),
        signKey: flags['sign-key'],
        tool: {name: TOOL.name, version: TOOL.version},
        commandLine: [this.config.bin, ...(this.id ?? 'dr:drill').split(':'), ...this.argv],
        progress: (m) => this.logToStderr(m),
        notice: (m) => this.notice(m),
        forceUnlock: flags['force-unlock'],
      })
      this.logLines(drillText(output))
      if (output.verdict === 'FAIL') process.exitCode = ExitCode.FINDINGS
      else if (output.verdict === 'INCOMPLETE') process.exitCode = ExitCode.INCOMPLETE
      if (flags.verbose) this.printVerboseCalls(aws)
      return output
    } finally {
      aws.destroy()
    }
  }
}
