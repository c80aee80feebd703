import {Args} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {downloadBundle, openBundle, verifyBundle, type VerifyResult} from '../../src/evidence/verify.js'
import {evidenceVerifyText} from '../../src/report/evidence-text.js'

export default class EvidenceVerify extends BaseCommand {
  static override description = withExitCodes(
    'Recompute every hash of an evidence bundle and check its signature, naming each altered, missing or extra file; any of them is a verify mismatch.',
  )
  static override examples = [
    '<%= config.bin %> evidence verify evidence/',
    '<%= config.bin %> evidence verify evidence-prod-20261129T000000Z.tar.gz',
    '<%= config.bin %> evidence verify s3://medical-ai-evidence/prod/',
  ]
  static override args = {
    path: Args.string({
      description: 'A bundle directory, a .tar.gz from --archive, or s3://BUCKET/PREFIX',
      required: true,
    }),
  }
  static override flags = {...awsFlags}

  async run(): Promise<VerifyResult> {
    const {args, flags} = await this.parse(EvidenceVerify)
    let local = args.path
    if (args.path.startsWith('s3://')) {
      const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
      try {
        local = await downloadBundle(aws, args.path)
      } finally {
        aws.destroy()
      }
    }
    // Reported as given, not as the temporary copy verified.
    const result = {...verifyBundle(await openBundle(local)), path: args.path}
    this.logLines(evidenceVerifyText(result))
    if (!result.intact) process.exitCode = ExitCode.FINDINGS
    return result
  }
}
