import {BaseCommand, ExitCode, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {runDoctor, type DoctorReport} from '../src/aws/doctor.js'
import {doctorText} from '../src/report/doctor-text.js'

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
      this.logLines(doctorText(report))
      if (flags.verbose) this.printVerboseCalls(aws)
      if (!report.ok) process.exitCode = ExitCode.FINDINGS
      return report
    } finally {
      aws.destroy()
    }
  }
}
