import {mkdtempSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Args} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {downloadPrefix} from '../../src/aws/object-lock.js'
import {PRIMARY_REGION} from '../../src/design/defaults.js'
import {openBundle, verifyBundle, type VerifyResult} from '../../src/evidence/verify.js'

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
    let path = args.path
    if (path.startsWith('s3://')) {
      const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
      try {
        const tmp = mkdtempSync(join(tmpdir(), 'platform-evidence-'))
        await downloadPrefix(aws, PRIMARY_REGION, path, tmp)
        const files = readdirSync(tmp)
        path = files.length === 1 && files[0]!.endsWith('.tar.gz') ? join(tmp, files[0]!) : tmp
      } finally {
        aws.destroy()
      }
    }
    const result = verifyBundle(await openBundle(path))
    result.path = args.path
    if (result.intact) {
      this.log(
        `INTACT  ${args.path}: ${result.files} files match the manifest; signature ${result.signature}${result.signedBy ? ` (key ${result.signedBy.keyId}, public key sha256:${result.signedBy.publicKeySha256.slice(0, 16)}...)` : ''}`,
      )
    } else {
      this.log(`BROKEN  ${args.path}:`)
      for (const p of result.problems) this.log(`  ${p}`)
      process.exitCode = ExitCode.FINDINGS
    }
    return result
  }
}
