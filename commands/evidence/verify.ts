import {Args, Flags} from '@oclif/core'
import {BaseCommand, ExitCode, awsFlags, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {loadConfig} from '../../src/design/config.js'
import {verifyPath} from '../../src/evidence/open.js'
import {trustResolver} from '../../src/evidence/trust.js'
import type {VerifyResult} from '../../src/evidence/verify.js'
import {evidenceVerifyText} from '../../src/report/evidence-text.js'
import {PRIMARY_REGION} from '../../src/design/defaults.js'
import {UsageError} from '../../src/errors.js'
import {verifyChain, type ChainVerifyResult} from '../../src/history/chain.js'
import {runClock} from '../../src/history/clock.js'
import {parseStore} from '../../src/history/store.js'
import {chainText} from '../../src/history/text.js'

export default class EvidenceVerify extends BaseCommand {
  static override description = withExitCodes(
    'Recompute every hash of an evidence bundle and check its signature against a key you trust (--key-id, --public-key or evidenceTrustedKeys in the configuration), naming each altered, missing or extra file; any of them, or a missing signature, is a verify mismatch. Without a trusted key only integrity is checked, and the output says so.',
  )
  static override examples = [
    '<%= config.bin %> evidence verify evidence/ --key-id arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '<%= config.bin %> evidence verify evidence-prod-20261129T000000Z.tar.gz --public-key signing-key.pem --key-id arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '<%= config.bin %> evidence verify s3://medical-ai-evidence/prod/',
    '<%= config.bin %> evidence verify --chain s3://medical-ai-evidence/nightly --env prod --key-id alias/medical-ai-prod-evidence-signing',
  ]
  static override args = {
    path: Args.string({
      description: 'A bundle directory, a .tar.gz from --archive, or s3://BUCKET/PREFIX (not with --chain)',
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
    chain: Flags.string({
      description:
        'Walk the nightly runs `audit --store` kept in s3://BUCKET/PREFIX for --env: each bundle verified, each link to the previous run checked, every missing night named',
      helpGroup: 'CHAIN',
    }),
    env: Flags.string({char: 'e', description: 'The environment whose chain --chain walks', helpGroup: 'CHAIN'}),
    'schedule-hours': Flags.integer({
      description: 'With --chain: hours between runs; a gap longer than this (plus half of it) is a missing night',
      default: 24,
      min: 1,
      helpGroup: 'CHAIN',
    }),
  }

  async run(): Promise<VerifyResult | ChainVerifyResult> {
    const {args, flags} = await this.parse(EvidenceVerify)
    if (flags.chain ? args.path || !flags.env : !args.path)
      throw new UsageError(
        flags.chain ? '--chain takes --env and no PATH.' : 'Give the bundle to verify (PATH), or --chain with --env.',
      )
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
    if (flags.chain) {
      const chain = await verifyChain({
        aws,
        region: flags.region ?? PRIMARY_REGION,
        loc: parseStore(flags.chain),
        env: flags.env!,
        scheduleHours: flags['schedule-hours'],
        now: runClock(flags['endpoint-url'])(),
        resolveTrust,
        allowUnsigned: flags['allow-unsigned'],
      })
      this.logLines(chainText(chain))
      if (!chain.intact) process.exitCode = ExitCode.FINDINGS
      return chain
    }
    const result = await verifyPath(args.path!, {
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
