import {Args, Flags} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {loadConfig} from '../../src/design/config.js'
import {verifyPath} from '../../src/evidence/open.js'
import {trustResolver} from '../../src/evidence/trust.js'
import type {VerifyResult} from '../../src/evidence/verify.js'
import {evidenceVerifyText} from '../../src/report/evidence-text.js'

export default class EvidenceVerify extends BaseCommand {
  static override description = withExitCodes(
    'Recompute every hash of an evidence bundle and check its signature against a key you trust (--key-id, --public-key or evidenceTrustedKeys in the configuration), naming each altered, missing or extra file; any of them, or a missing signature, is a verify mismatch. Without a trusted key only integrity is checked, and the output says so.',
  )
  static override examples = [
    '<%= config.bin %> evidence verify evidence/ --key-id arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '<%= config.bin %> evidence verify evidence-prod-20261129T000000Z.tar.gz --public-key signing-key.pem --key-id arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '<%= config.bin %> evidence verify s3://medical-ai-evidence/prod/',
  ]
  static override args = {
    path: Args.string({
      description: 'A bundle directory, a .tar.gz from --archive, or s3://BUCKET/PREFIX',
      required: true,
    }),
  }
  static override flags = {
    ...awsFlags,
    'key-id': Flags.string({
      description:
        'Trust this KMS key (ARN or alias): its public key is fetched with GetPublicKey unless --public-key is given; the bundle must name this key',
    }),
    'public-key': Flags.string({
      description:
        "Trust this public key (PEM or DER file), offline: the signature must verify under it and the bundle must embed it; with --key-id (a key ARN) the bundle must also name that key, without it the bundle's key id claim is not checked",
    }),
    region: Flags.string({
      description:
        'Region of the signing key when --key-id is an alias or bare key id (default: the Region of the key the bundle names, else ap-northeast-1), and of the bucket for s3://',
    }),
    'allow-unsigned': Flags.boolean({
      description: 'Accept a bundle without a signature (integrity only) instead of failing as UNSIGNED',
      default: false,
    }),
  }

  async run(): Promise<VerifyResult> {
    const {args, flags} = await this.parse(EvidenceVerify)
    const aws = () => new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    const {config, file} = loadConfig({path: flags.config})
    const resolveTrust = trustResolver({
      keyId: flags['key-id'],
      publicKeyFile: flags['public-key'],
      region: flags.region,
      config: config.evidenceTrustedKeys,
      configFile: file,
      aws,
    })
    const result = await verifyPath(args.path, {
      resolveTrust,
      allowUnsigned: flags['allow-unsigned'],
      aws,
      region: flags.region,
    })
    this.logLines(evidenceVerifyText(result))
    if (!result.intact) process.exitCode = ExitCode.FINDINGS
    return result
  }
}
