import {BaseCommand, ExitCode, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {runDoctor, type DoctorReport} from '../src/aws/doctor.js'

export default class Doctor extends BaseCommand {
  static override description = withExitCodes(
    'Check credentials, account, regions and endpoint, and probe every AWS service the tool uses with one read-only call.',
  )
  static override examples = [
    '<%= config.bin %> doctor --env dev',
    'AWS_ENDPOINT_URL=http://127.0.0.1:5000 <%= config.bin %> doctor --env dev --json',
  ]
  static override flags = {env: envFlag, ...awsFlags}

  async run(): Promise<DoctorReport> {
    const {flags} = await this.parse(Doctor)
    const design = this.loadDesign(flags.env, flags.config)
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    try {
      const report = await runDoctor(aws, design)
      this.log(`Account   ${report.account}`)
      this.log(`Caller    ${report.callerArn}`)
      this.log(`Regions   primary ${report.regions.primary}, global ${report.regions.global}, DR ${report.regions.dr}`)
      this.log(`Endpoint  ${report.endpoint ?? 'AWS (default endpoints)'}`)
      this.log(`Profile   ${report.profile ?? '(default credential chain)'}`)
      this.log('')
      for (const p of report.probes) {
        this.log(
          `${p.ok ? 'OK  ' : 'FAIL'}  ${p.service.padEnd(20)} ${p.region.padEnd(15)} ${p.operation}${p.ok ? '' : `\n      ${p.error}\n      Remedy: ${p.remedy}`}`,
        )
      }
      const failed = report.probes.filter((p) => !p.ok).length
      this.log(`\n${failed === 0 ? 'All services answer.' : `${failed} service(s) did not answer.`}`)
      if (flags.verbose) this.printVerboseCalls(aws)
      if (!report.ok) process.exitCode = ExitCode.FINDINGS
      return report
    } finally {
      aws.destroy()
    }
  }
}
