import {writeFileSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {CHECKS} from '../checks/index.js'
import {BaseCommand, ExitCode, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {requireKnownChecks} from '../src/audit/check-meta.js'
import {loadExceptions} from '../src/audit/exceptions.js'
import {auditExitCode} from '../src/audit/exit.js'
import {runAudit, type AuditReport} from '../src/audit/index.js'
import {SEVERITIES} from '../src/audit/types.js'
import {UsageError} from '../src/errors.js'
import {checkOutputFile} from '../src/files/local.js'
import {LAYERS} from '../src/layers/index.js'
import {AUDIT_FORMATS, renderAudit} from '../src/report/audit/index.js'
import {auditTable} from '../src/report/audit/table.js'

export default class Audit extends BaseCommand {
  static override description = withExitCodes(
    'Read the live environment (read-only calls only) and judge it against every auditable requirement of the design and the security baseline. Anything that could not be read is an ERROR, never a PASS. Made for cron: the exit codes below tell clean, findings, could-not-run and incomplete apart.',
  )
  static override examples = [
    '<%= config.bin %> audit --env prod',
    '<%= config.bin %> audit --env prod --json > audit.json',
    '<%= config.bin %> audit --env prod --format sarif --output audit.sarif',
    '<%= config.bin %> audit --env dev --section 5 --severity high',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    format: Flags.option({
      options: AUDIT_FORMATS,
      description: 'Write this format to --output (json is also what --json prints)',
    })(),
    output: Flags.string({char: 'o', description: 'File for --format'}),
    check: Flags.string({description: 'Only these checks (ids from `platform checks list`)', multiple: true}),
    section: Flags.string({
      description: 'Only checks of these design sections (e.g. 3, 5.1, baseline)',
      multiple: true,
    }),
    severity: Flags.option({options: SEVERITIES, description: 'Only checks of at least this severity'})(),
    'fail-on': Flags.option({
      options: SEVERITIES,
      description: `Lowest severity of a FAIL that makes the exit code ${ExitCode.FINDINGS}`,
      default: 'low' as const,
    })(),
    exceptions: Flags.string({description: 'Exceptions file (default: ./platform.exceptions.yaml when present)'}),
    concurrency: Flags.integer({description: 'AWS reads in flight at once', default: 4, min: 1, max: 16}),
  }

  async run(): Promise<AuditReport> {
    const {flags} = await this.parse(Audit)
    if (flags.format && !flags.output)
      throw new UsageError('--format needs --output FILE.', 'Add --output, or use --json for JSON on stdout.')
    if (flags.output) checkOutputFile(flags.output)
    requireKnownChecks(CHECKS, flags.check ?? [])
    const design = this.loadDesign(flags.env, flags.config)
    const {exceptions} = loadExceptions(flags.exceptions)
    // Read-only by construction: any call that is not a read (isReadOnlyOperation) is refused before it is sent.
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    try {
      const {report} = await runAudit({
        aws,
        design,
        layers: LAYERS,
        checks: CHECKS,
        exceptions,
        filters: {checks: flags.check, sections: flags.section, severity: flags.severity},
        concurrency: flags.concurrency,
      })
      if (flags.format && flags.output) writeFileSync(flags.output, renderAudit(flags.format, report, CHECKS))
      this.logLines([auditTable(report)])
      if (flags.verbose) this.printVerboseCalls(aws)
      process.exitCode = auditExitCode(report.findings, flags['fail-on'])
      return report
    } finally {
      aws.destroy()
    }
  }
}
