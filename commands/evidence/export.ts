import {resolve} from 'node:path'
import {Flags} from '@oclif/core'
import {CHECKS} from '../../checks/index.js'
import {BaseCommand, awsFlags, envFlag, langFlag, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {runEvidenceExport, type EvidenceExportOutput} from '../../src/evidence/run.js'
import {LAYERS} from '../../src/layers/index.js'
import {TOOL} from '../../src/tool.js'
import {evidenceExportText} from '../../src/report/evidence-text.js'

export default class EvidenceExport extends BaseCommand {
  static override description = withExitCodes(
    "Run an audit (or take --from audit.json) and write a bundle an auditor can verify: findings (JSON, OCSF, CSV), one control row per requirement, the redacted raw state judged, a report page, and a manifest with every file's SHA-256, optionally signed with a KMS key and uploaded write-once.",
  )
  static override examples = [
    '<%= config.bin %> evidence export --env prod --out evidence/ --archive --sign-key alias/medical-ai-prod-evidence-signing --upload s3://medical-ai-evidence/prod/',
    '<%= config.bin %> evidence export --env prod --out evidence-ja/ --lang ja',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    ...langFlag,
    out: Flags.string({description: 'An empty or new directory for the bundle', required: true}),
    from: Flags.string({
      description: 'Use this `platform audit --json` output instead of running an audit (no raw inventory then)',
    }),
    archive: Flags.boolean({
      description: 'Also pack the bundle as evidence-{env}-{UTC timestamp}.tar.gz beside --out',
      default: false,
    }),
    'sign-key': Flags.string({
      description: 'Sign the manifest with this asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256)',
    }),
    upload: Flags.string({
      description:
        'Put the bundle (the archive with --archive) into s3://BUCKET/PREFIX with Object Lock COMPLIANCE retention',
    }),
    'retention-days': Flags.integer({description: 'Object Lock retention of the upload', default: 2557, min: 1}),
    exceptions: Flags.string({description: 'Exceptions file for the audit'}),
    concurrency: Flags.integer({description: 'AWS reads in flight at once', default: 4, min: 1, max: 16}),
  }

  async run(): Promise<EvidenceExportOutput> {
    const {flags} = await this.parse(EvidenceExport)
    const design = this.loadDesign(flags.env, flags.config)
    const lang = this.reportLang(flags.lang, flags.config)
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    const readOnly = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    try {
      const output = await runEvidenceExport({
        design,
        aws,
        readOnly,
        layers: LAYERS,
        checks: CHECKS,
        outDir: resolve(flags.out),
        from: flags.from,
        exceptionsFile: flags.exceptions,
        concurrency: flags.concurrency,
        archive: flags.archive,
        signKey: flags['sign-key'],
        upload: flags.upload ? {url: flags.upload, retentionDays: flags['retention-days']} : undefined,
        tool: {name: TOOL.name, version: TOOL.version},
        commandLine: [this.config.bin, ...(this.id ?? 'evidence:export').split(':'), ...this.argv],
        lang,
      })
      this.logLines(evidenceExportText(output))
      return output
    } finally {
      aws.destroy()
      readOnly.destroy()
    }
  }
}
