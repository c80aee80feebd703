import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {Flags} from '@oclif/core'
import {CHECKS} from '../../checks/index.js'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {AwsAccess} from '../../src/aws/clients.js'
import {uploadLocked, type UploadedObject} from '../../src/aws/object-lock.js'
import {signDigest} from '../../src/aws/signing.js'
import {loadExceptions} from '../../src/audit/exceptions.js'
import {runAudit, type AuditReport} from '../../src/audit/index.js'
import {auditReportSchema} from '../../src/audit/report-schema.js'
import {lintDesign} from '../../src/design/lint.js'
import {ConfigError} from '../../src/errors.js'
import {exportEvidence} from '../../src/evidence/export.js'
import {listFiles, MANIFEST, SIGNATURE} from '../../src/evidence/manifest.js'
import {LAYERS} from '../../src/layers/index.js'
import {TOOL} from '../../src/tool.js'

export interface ExportOutput {
  dir: string
  archive?: string
  signed: boolean
  files: number
  summary: AuditReport['summary']
  uploaded: UploadedObject[]
}

export default class EvidenceExport extends BaseCommand {
  static override description = withExitCodes(
    "Run an audit (or take --from audit.json) and write a bundle an auditor can verify: findings (JSON, OCSF, CSV), one control row per requirement, the redacted raw state judged, a report page, and a manifest with every file's SHA-256, optionally signed with a KMS key and uploaded write-once.",
  )
  static override examples = [
    '<%= config.bin %> evidence export --env prod --out evidence/ --archive --sign-key alias/medical-ai-prod-evidence-signing --upload s3://medical-ai-evidence/prod/',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
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

  async run(): Promise<ExportOutput> {
    const {flags} = await this.parse(EvidenceExport)
    const design = this.loadDesign(flags.env, flags.config)
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url']})
    const readOnly = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    try {
      let report: AuditReport
      let inventory
      if (flags.from) {
        const parsed = auditReportSchema.safeParse(JSON.parse(readFileSync(flags.from, 'utf8')))
        if (!parsed.success)
          throw new ConfigError(
            `${flags.from} is not a platform audit --json document: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
            flags.from,
          )
        report = parsed.data as AuditReport
      } else {
        const res = await runAudit({
          aws: readOnly,
          design,
          layers: LAYERS,
          checks: CHECKS,
          exceptions: loadExceptions(flags.exceptions).exceptions,
          filters: {},
          concurrency: flags.concurrency,
        })
        report = res.report
        inventory = res.inventory
      }
      const signKey = flags['sign-key']
      const result = await exportEvidence({
        outDir: resolve(flags.out),
        report,
        inventory,
        design,
        lint: lintDesign(design),
        tool: {name: TOOL.name, version: TOOL.version},
        commandLine: [this.config.bin, ...(this.id ?? 'evidence:export').split(':'), ...this.argv],
        archive: flags.archive,
        ...(signKey ? {sign: (bytes: Buffer) => signDigest(aws, design.region, signKey, bytes)} : {}),
      })
      let uploaded: UploadedObject[] = []
      if (flags.upload) {
        const files = result.archive
          ? [result.archive.split('/').pop()!]
          : [...listFiles(result.dir), MANIFEST, ...(result.signed ? [SIGNATURE] : [])]
        const base = result.archive ? resolve(result.archive, '..') : result.dir
        uploaded = await uploadLocked(aws, design.region, flags.upload, base, files, flags['retention-days'])
      }
      this.log(
        `Evidence bundle: ${result.dir} (${result.manifest.files.length} files + manifest${result.signed ? ', signed' : ''})`,
      )
      if (result.archive) this.log(`Archive: ${result.archive}`)
      for (const u of uploaded)
        this.log(`Uploaded s3 object ${u.key} version ${u.versionId}, locked (COMPLIANCE) until ${u.retainUntil}`)
      const s = report.summary
      this.log(
        `Audit: ${s.fail} FAIL, ${s.error} ERROR, ${s.pass} PASS, ${s.muted} MUTED, ${s.manual} MANUAL. Verify with: platform evidence verify ${result.archive ?? result.dir}`,
      )
      return {
        dir: result.dir,
        archive: result.archive,
        signed: result.signed,
        files: result.manifest.files.length,
        summary: s,
        uploaded,
      }
    } finally {
      aws.destroy()
      readOnly.destroy()
    }
  }
}
