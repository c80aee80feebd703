import {writeFileSync} from 'node:fs'
import {Command, Errors, Flags, ux, type Interfaces} from '@oclif/core'
import {toPlatformError} from '../aws/errors.js'
import {AwsAccess} from '../aws/clients.js'
import {requireLoopbackEmulator} from '../aws/emulator.js'
import {ExitCode, localInputError, PlatformError, UsageError} from '../errors.js'
import {loadConfig} from '../design/config.js'
import {resolveDesign} from '../design/resolve.js'
import {jsonText} from '../report/json.js'
import {terminalSafe} from '../report/terminal.js'
import {exitCodeHelp} from './exit-codes.js'
import {LANGS, resolveLang, type Lang} from '../i18n/index.js'
import type {ResolvedDesign} from '../design/types.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>

/**
 * Every command: typed flags, a typed result (the `--json` output), and one place where
 * errors become a message, a remedy and an exit code. No stack trace for expected failures.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({
      description: 'Configuration file (default: ./platform.config.yaml when present)',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({
      description: 'Print the AWS calls made, per service and operation',
      helpGroup: 'GLOBAL',
      default: false,
    }),
  }

  override async init(): Promise<void> {
    await super.init()
    if (process.env.PLATFORM_EMULATOR) {
      const {flags} = await this.parse(this.ctor)
      requireLoopbackEmulator((flags as {'endpoint-url'?: string})['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL)
    }
    // Benchmarks: the peak memory of this very process, written as it exits.
    const stats = process.env.PLATFORM_BENCH_STATS
    if (stats)
      process.once('exit', () => writeFileSync(stats, JSON.stringify({maxRssKb: process.resourceUsage().maxRSS})))
  }

  protected loadDesign(env: string, configPath?: string): ResolvedDesign {
    const {config, file} = loadConfig({path: configPath})
    return resolveDesign(config, env, file)
  }

  /** The language of the reports people read: --lang, then the configuration's `lang`, then English. */
  protected reportLang(flag: string | undefined, configPath?: string): Lang {
    return resolveLang(flag, flag ? undefined : loadConfig({path: configPath}).config.lang)
  }

  /** A text formatter's lines on stdout; silent under --json (as oclif's log is), so stdout stays one JSON document. */
  protected logLines(lines: string[]): void {
    for (const line of lines) this.log(terminalSafe(line))
  }

  /**
   * Straight to stderr, --json or not: worth telling the operator though not an error (a stale
   * lock broken). oclif silences logToStderr under --json, and stdout must stay JSON.
   */
  protected notice(message: string): void {
    process.stderr.write(`${terminalSafe(message)}\n`)
  }

  protected printVerboseCalls(aws: AwsAccess): void {
    const s = aws.recorder.summary()
    this.logToStderr(`AWS calls: ${s.total} (${s.mutating} mutating, ${s.readOnly} read-only)`)
    for (const [op, n] of Object.entries(s.byOperation).sort()) this.logToStderr(`  ${op} ${n}`)
  }

  /**
   * --json output: oclif's own logJson writes JSON.stringify's text, which leaves DEL and the C1
   * controls (U+0080-U+009F, CSI among them) raw; jsonText escapes them (see src/report/json.ts).
   */
  override logJson(json: unknown): void {
    ux.stdout(jsonText(json))
  }

  override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<never> {
    // oclif's own exits (help, version) pass through untouched.
    if (err instanceof Errors.ExitError) throw err
    const pe = toCliError(err)
    if (this.jsonEnabled()) {
      this.logJson({error: {code: pe.code, message: pe.message, remedy: pe.remedy, exitCode: pe.exitCode}})
    } else {
      // Messages quote AWS data and files (a lock holder, a key name): shown, never interpreted.
      this.logToStderr(terminalSafe(`Error: ${pe.message}`))
      if (pe.remedy) this.logToStderr(terminalSafe(`Remedy: ${pe.remedy}`))
    }
    if (process.env.PLATFORM_DEBUG === '1' && err.stack) this.logToStderr(err.stack)
    throw new Errors.ExitError(pe.exitCode)
  }
}

/** Flag-parsing errors come from oclif; everything else from our hierarchy or the SDK. */
function toCliError(err: Error & {oclif?: {exit?: number}}): PlatformError {
  if (err instanceof PlatformError) return err
  if (
    err instanceof Errors.CLIError ||
    err.constructor?.name?.endsWith('FlagValidationError') ||
    /flag|argument/i.test(err.constructor?.name ?? '')
  ) {
    return new UsageError(
      err.message
        .split('\n')
        .filter((l) => !l.startsWith('See more help'))
        .join(' ')
        .trim(),
      'Run the command with --help for its flags.',
    )
  }
  return localInputError(err) ?? toPlatformError(err)
}

export const envFlag = Flags.string({
  char: 'e',
  description: 'Environment: prod, staging, dev, or one configured in platform.config.yaml',
  required: true,
})

/** For commands whose output people read; machine formats (JSON, SARIF, OCSF) stay English and UTC. */
export const langFlag = {
  lang: Flags.option({
    options: LANGS,
    description:
      'Language of what people read (tables, HTML, CSV headers): en, or ja (the design document’s words, times in JST). Default: `lang` in the configuration, else en',
    helpGroup: 'GLOBAL',
  })(),
}

export const awsFlags = {
  profile: Flags.string({
    description: 'AWS profile from the shared config files (default: the SDK credential chain)',
    helpGroup: 'AWS',
  }),
  'endpoint-url': Flags.string({
    description: 'Send every AWS call to this endpoint (e.g. a local emulator); AWS_ENDPOINT_URL works too',
    helpGroup: 'AWS',
  }),
}

export {ExitCode}

/** Every command's description ends with the exit-code table (EXIT_CODES), so `--help` shows it. */
export function withExitCodes(description: string): string {
  return `${description}\n\n${exitCodeHelp()}`
}
