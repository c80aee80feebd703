import {readFileSync, writeFileSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {CHECKS} from '../checks/index.js'
import {BaseCommand, ExitCode, awsFlags, envFlag, langFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {environmentAccess, requireAccount, roleBroker} from '../src/accounts/access.js'
import {requireKnownChecks} from '../src/audit/check-meta.js'
import {loadExceptions} from '../src/audit/exceptions.js'
import {auditExitCode} from '../src/audit/exit.js'
import {runAudit, type AuditReport} from '../src/audit/index.js'
import {auditEnvironments, type MultiAuditReport} from '../src/audit/multi.js'
import {loadConfig} from '../src/design/config.js'
import {PRIMARY_REGION} from '../src/design/defaults.js'
import {SEVERITIES, type Severity} from '../src/audit/types.js'
import {UsageError} from '../src/errors.js'
import {auditWithHistory} from '../src/history/audit.js'
import {runClock} from '../src/history/clock.js'
import {diffText} from '../src/history/text.js'
import {checkOutputFile} from '../src/files/local.js'
import {LAYERS} from '../src/layers/index.js'
import {AUDIT_FORMATS, renderAudit, type AuditFormat} from '../src/report/audit/index.js'
import {auditOutputLines, multiAuditLines, shouldColor} from '../src/report/audit/output.js'
import {sarifArtifact} from '../src/report/audit/sarif.js'
import {statusSchema, type Status} from '../src/audit/report-schema.js'
import type {Lang} from '../src/i18n/index.js'
import {jsonText} from '../src/report/json.js'
import {auditTable} from '../src/report/audit/table.js'
import {TOOL} from '../src/tool.js'
import {complianceView} from '../src/guidelines/compliance.js'
import {FRAMEWORKS} from '../src/guidelines/types.js'
import {renderComplianceHtml} from '../src/report/compliance-html.js'
import {complianceText} from '../src/report/compliance-text.js'
import {selectChecks} from '../src/audit/run.js'
import {parseTargets} from '../src/notify/index.js'
import {REPORTING_CALLS, reportCouldNotRun, reportRun} from '../src/notify/reporting.js'

export default class Audit extends BaseCommand {
  static override description = withExitCodes(
    'Read the live environment (read-only calls only) and judge it against every auditable requirement of the design and the security baseline. Anything that could not be read is an ERROR, never a PASS. Made for cron: the exit codes below tell clean, findings, could-not-run and incomplete apart.',
  )
  static override examples = [
    '<%= config.bin %> audit --env prod',
    '<%= config.bin %> audit --env prod --json > audit.json',
    '<%= config.bin %> audit --env prod --format sarif --output audit.sarif',
    '<%= config.bin %> audit --env prod --status FAIL --status ERROR --lang ja',
    '<%= config.bin %> audit --env prod --format html --output audit.html --lang ja',
    '<%= config.bin %> audit --env dev --section 5 --severity high',
    '<%= config.bin %> audit --env dev --env staging --env prod --json > all.json',
    '<%= config.bin %> audit --all-envs --env-concurrency 2',
    '<%= config.bin %> audit --env prod --framework mhlw-6.0 --lang ja --format html --output audit.html',
  ]
  static override flags = {
    env: Flags.string({
      char: 'e',
      multiple: true,
      description: `${envFlag.description}. Repeat it to audit several environments in one run (a report per environment and a summary)`,
    }),
    'all-envs': Flags.boolean({
      description: 'Audit every environment named in the configuration (environments.*)',
      exclusive: ['env'],
      helpGroup: 'MANY ACCOUNTS',
    }),
    'env-concurrency': Flags.integer({
      description: 'Environments audited at once (with several environments)',
      default: 2,
      min: 1,
      max: 8,
      helpGroup: 'MANY ACCOUNTS',
    }),
    ...awsFlags,
    ...langFlag,
    status: Flags.option({
      options: statusSchema.options,
      multiple: true,
      description:
        'Only findings of this status in the table and in --format (repeatable); the summary still counts the whole run',
    })(),
    'sarif-all': Flags.boolean({
      description: 'With --format sarif: every result, PASS included (by default only what is not a PASS)',
    }),
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
    store: Flags.string({
      description:
        'Keep this run in s3://BUCKET/PREFIX (a bucket with Object Lock): its report and evidence bundle under PREFIX/ENV/YYYY/MM/DD/RUNID/, write-once, each manifest linked to the previous run (a hash chain for `evidence verify --chain`)',
      helpGroup: 'HISTORY',
    }),
    'compare-to': Flags.string({
      description:
        'Report new, resolved, still failing (first seen, age) and changed findings against FILE, s3://BUCKET/KEY or `last` (the previous run in --store)',
      helpGroup: 'HISTORY',
    }),
    'sign-key': Flags.string({
      description: 'Sign the stored bundle with this asymmetric KMS key (ECC_NIST_P256), as `evidence export` does',
      helpGroup: 'HISTORY',
    }),
    'retention-days': Flags.integer({
      description: 'Object Lock (COMPLIANCE) retention of the stored run',
      default: 2557,
      min: 1,
      helpGroup: 'HISTORY',
    }),
    notify: Flags.string({
      description:
        'Send the result to sns:TOPIC-ARN, slack or webhook (repeatable): by default only when something changed since --compare-to (without it: when anything fails) or an ERROR appeared. Webhook URLs come from PLATFORM_SLACK_WEBHOOK_URL / PLATFORM_WEBHOOK_URL or the Secrets Manager secrets named in notifications.* of the configuration, never from the command line',
      multiple: true,
      helpGroup: 'REPORTING',
    }),
    'notify-always': Flags.boolean({
      description: 'Send with --notify even when nothing changed',
      helpGroup: 'REPORTING',
    }),
    framework: Flags.option({
      options: FRAMEWORKS,
      description:
        'Also judge each item of this guideline (mhlw-6.0: MHLW 医療情報システムの安全管理に関するガイドライン 第6.0版; meti-mic-1.1: METI/MIC 提供事業者ガイドライン 第1.1版) from the findings: a table after the audit table, a section of --format html, `compliance` in --json',
      helpGroup: 'REPORTING',
    })(),
    'security-hub': Flags.boolean({
      description:
        'Import the findings into AWS Security Hub (ASFF, updated by stable id night after night; findings no longer reported are archived)',
      helpGroup: 'REPORTING',
    }),
  }

  async run(): Promise<AuditReport | MultiAuditReport> {
    const {flags} = await this.parse(Audit)
    if (flags.format && !flags.output)
      throw new UsageError('--format needs --output FILE.', 'Add --output, or use --json for JSON on stdout.')
    if (flags.output) checkOutputFile(flags.output)
    requireKnownChecks(CHECKS, flags.check ?? [])
    // Before any AWS read: a URL given as a target is refused (and not echoed).
    const targets = parseTargets(flags.notify ?? [])
    if (flags['notify-always'] && !targets.length) throw new UsageError('--notify-always needs --notify.')
    const envs = this.environments(flags['all-envs'], flags.env, flags.config)
    if (envs.length > 1) {
      if (flags.framework) throw new UsageError('--framework takes one environment.')
      if (targets.length || flags['security-hub'])
        throw new UsageError(
          '--notify and --security-hub take one environment.',
          'Run one `platform audit --env ENV --notify ...` per environment.',
        )
      return this.runMany(envs, flags)
    }
    const design = this.loadDesign(envs[0]!, flags.config)
    const {exceptions} = loadExceptions(flags.exceptions)
    // Read-only by construction: any call that is not a read (isReadOnlyOperation) is refused before it is sent.
    // With environments.ENV.roleArn the audit reads with the role's session (src/accounts).
    const broker = roleBroker({profile: flags.profile, endpointUrl: flags['endpoint-url']}, design.region)
    const aws = environmentAccess(design, {
      profile: flags.profile,
      endpointUrl: flags['endpoint-url'],
      readOnly: true,
      roles: broker.roles,
    })
    if (design.assumeRole) await requireAccount(aws, design)
    const now = runClock(flags['endpoint-url'])
    const access = (readOnly: boolean) => () =>
      new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly})
    // Reporting uses its own access, allowed only SNS.Publish and BatchImportFindings besides reads.
    const reportingAccess = () =>
      new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], allowMutating: REPORTING_CALLS})
    const notifyConfig = loadConfig({path: flags.config}).config.notifications ?? {}
    try {
      const stored = await auditWithHistory({
        history: {
          store: flags.store,
          compareTo: flags['compare-to'],
          signKey: flags['sign-key'],
          retentionDays: flags['retention-days'],
        },
        design,
        audit: () =>
          runAudit({
            aws,
            design,
            layers: LAYERS,
            checks: CHECKS,
            exceptions,
            filters: {checks: flags.check, sections: flags.section, severity: flags.severity},
            concurrency: flags.concurrency,
            now,
          }),
        // The store is written with write access; the audit itself keeps its read-only access.
        writer: access(false),
        reader: access(true),
        now,
        tool: {name: TOOL.name, version: TOOL.version},
        commandLine: [this.config.bin, 'audit', ...this.argv],
        warn: (m) => this.notice(`Warning: ${m}`),
      })
      const filters = {checks: flags.check, sections: flags.section, severity: flags.severity}
      const reporting = await reportRun({
        report: stored,
        exitCode: auditExitCode(stored.findings, flags['fail-on']),
        access: reportingAccess,
        region: design.region,
        securityHub: flags['security-hub'],
        checkIds: selectChecks(CHECKS, filters).map((c) => c.id),
        targets,
        always: flags['notify-always'],
        config: notifyConfig,
        env: process.env,
      })
      const lang = this.reportLang(flags.lang, flags.config)
      const compliance = flags.framework
        ? complianceView(reporting.report.findings, CHECKS, flags.framework)
        : undefined
      const report: AuditReport = compliance ? {...reporting.report, compliance} : reporting.report
      this.writeReport(report, {...flags, lang}, envs[0]!, {
        sections: compliance ? [renderComplianceHtml(compliance, lang)] : [],
        after: compliance ? ['', ...complianceText(compliance, lang)] : [],
      })
      if (report.comparison) this.logLines(diffText(report.comparison))
      if (report.stored)
        this.logLines([`Stored: ${report.stored.url} (manifest sha256:${report.stored.manifestSha256})`])
      for (const line of reporting.stderr) this.notice(line)
      if (report.securityHub)
        this.logLines([
          `Security Hub: ${report.securityHub.imported} imported, ${report.securityHub.archived} archived, ${report.securityHub.failed.length} failed`,
        ])
      if (report.notifications)
        this.logLines([
          `Notifications: ${report.notifications.sent ? 'sent' : 'not sent'} (${report.notifications.reason})`,
        ])
      if (flags.verbose) this.printVerboseCalls(aws)
      process.exitCode = reporting.exitCode
      return report
    } catch (error) {
      // A night that could not be judged is news too: --notify targets hear of it, then the error exits as usual.
      const lines = await reportCouldNotRun({
        error,
        envName: envs[0]!,
        access: reportingAccess,
        region: design.region,
        targets,
        config: notifyConfig,
        env: process.env,
      })
      for (const line of lines) this.notice(line)
      throw error
    } finally {
      aws.destroy()
      broker.base.destroy()
    }
  }

  /**
   * The report for people: with --format and --output the file gets it and stdout only the
   * summary (a CI log stays short); otherwise the table.
   */
  private writeReport(
    report: AuditReport,
    flags: ReportFlags,
    env: string,
    extra: {sections: string[]; after: string[]},
  ): void {
    const color = shouldColor(process.stdout, process.env)
    if (flags.format && flags.output) {
      const configFile = loadConfig({path: flags.config}).file
      writeFileSync(
        flags.output,
        renderAudit(flags.format, report, CHECKS, {
          lang: flags.lang,
          status: flags.status,
          sarifAll: flags['sarif-all'],
          sections: extra.sections,
          artifact:
            flags.format === 'sarif'
              ? sarifArtifact(configFile, configFile ? readFileSync(configFile, 'utf8') : undefined, env, process.cwd())
              : undefined,
        }),
      )
      this.logLines(auditOutputLines(report, {lang: flags.lang, format: flags.format, file: flags.output}))
      return
    }
    this.printTable([auditTable(report, {lang: flags.lang, color, status: flags.status, checks: CHECKS})], color)
    this.logLines(extra.after)
  }

  /** With colour the table's own escape sequences must reach the terminal; every value in it is already made safe (oneLine). */
  private printTable(lines: string[], color: boolean): void {
    if (!color) return this.logLines(lines)
    for (const line of lines) this.log(line)
  }

  /** --env (repeatable) or --all-envs: the environments to audit, in the order given. */
  private environments(all: boolean | undefined, given: string[] | undefined, configPath?: string): string[] {
    if (all) {
      const names = Object.keys(loadConfig({path: configPath}).config.environments ?? {})
      if (names.length === 0)
        throw new UsageError('--all-envs found no environment in the configuration.', 'Name them with --env.')
      return names
    }
    const envs = [...new Set(given ?? [])]
    if (envs.length === 0) throw new UsageError('Name an environment with --env, or use --all-envs.')
    return envs
  }

  /**
   * Several environments: each audited with its own access (its role when configured), at most
   * --env-concurrency at once; one that cannot be audited is an ERROR section, the others complete.
   */
  private async runMany(envs: string[], flags: ManyFlags): Promise<MultiAuditReport> {
    if (flags.store || flags['compare-to'] || flags['sign-key'])
      throw new UsageError(
        '--store, --compare-to and --sign-key take one environment.',
        'Run one `platform audit --env ENV --store ...` per environment.',
      )
    if (flags.format && flags.format !== 'json')
      throw new UsageError(
        `--format ${flags.format} takes one environment; with several, only json is written.`,
        'Use --format json, or run one audit per environment for the other formats.',
      )
    const {exceptions} = loadExceptions(flags.exceptions)
    const opts = {profile: flags.profile, endpointUrl: flags['endpoint-url']}
    // STS is regional; the primary region's endpoint answers for every environment's role.
    const broker = roleBroker(opts, PRIMARY_REGION)
    const accesses: {destroy(): void}[] = []
    try {
      const report = await auditEnvironments({
        envs,
        concurrency: flags['env-concurrency'],
        failOn: flags['fail-on'],
        accountOf: (env) => this.loadDesign(env, flags.config).accountId,
        auditOne: async (env) => {
          const design = this.loadDesign(env, flags.config)
          const aws = environmentAccess(design, {...opts, readOnly: true, roles: broker.roles})
          accesses.push(aws)
          await requireAccount(aws, design)
          const {report} = await runAudit({
            aws,
            design,
            layers: LAYERS,
            checks: CHECKS,
            exceptions,
            filters: {checks: flags.check, sections: flags.section, severity: flags.severity},
            concurrency: flags.concurrency,
            now: runClock(flags['endpoint-url']),
          })
          return report
        },
      })
      if (flags.format && flags.output) writeFileSync(flags.output, jsonText(report) + '\n')
      const lang = this.reportLang(flags.lang, flags.config)
      const color = shouldColor(process.stdout, process.env)
      const lines = multiAuditLines(report, (r) => auditTable(r, {lang, color, status: flags.status, checks: CHECKS}))
      // Several environments keep every section on stdout even with --output: which one could not be audited, and why.
      this.printTable(lines, color)
      process.exitCode = report.summary.exitCode
      return report
    } finally {
      for (const a of accesses) a.destroy()
      broker.base.destroy()
    }
  }
}

type ReportFlags = {
  config?: string
  lang: Lang
  format?: AuditFormat
  output?: string
  status?: Status[]
  'sarif-all'?: boolean
}

type ManyFlags = {
  lang?: Lang
  status?: Status[]
  config?: string
  profile?: string
  'endpoint-url'?: string
  store?: string
  'compare-to'?: string
  'sign-key'?: string
  format?: string
  output?: string
  exceptions?: string
  check?: string[]
  section?: string[]
  severity?: Severity
  'fail-on': Severity
  concurrency: number
  'env-concurrency': number
}
