import {writeFileSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {BaseCommand, langFlag, withExitCodes} from '../../src/cli/base-command.js'
import {exceptionRegister, type RegisterRow} from '../../src/audit/exception-register.js'
import {loadExceptions} from '../../src/audit/exceptions.js'
import {checkOutputFile} from '../../src/files/local.js'
import {translator} from '../../src/i18n/index.js'
import {exceptionRegisterCsv, exceptionRegisterSummary} from '../../src/report/exception-register.js'
import {jsonText} from '../../src/report/json.js'

export interface ExceptionsExportOutput {
  file?: string
  rows: RegisterRow[]
}

export default class ExceptionsExport extends BaseCommand {
  static override description = withExitCodes(
    'Export the exception register (例外管理台帳): every accepted risk with its owner, reason, approval, ticket, expiry and status (active, expiring within 30 days, expired, unapproved). No AWS call.',
  )
  static override examples = [
    '<%= config.bin %> exceptions export --lang ja --output 例外管理台帳.csv',
    '<%= config.bin %> exceptions export --exceptions platform.exceptions.yaml --format json',
  ]
  static override flags = {
    exceptions: Flags.string({description: 'Exceptions file (default: ./platform.exceptions.yaml when present)'}),
    format: Flags.option({options: ['csv', 'json'] as const, description: 'csv (default) or json', default: 'csv'})(),
    output: Flags.string({char: 'o', description: 'Write to this file instead of stdout (prints the summary)'}),
    ...langFlag,
  }

  async run(): Promise<ExceptionsExportOutput> {
    const {flags} = await this.parse(ExceptionsExport)
    if (flags.output) checkOutputFile(flags.output)
    const lang = this.reportLang(flags.lang, flags.config)
    const {file, exceptions} = loadExceptions(flags.exceptions)
    const rows = exceptionRegister(exceptions, new Date())
    const body = flags.format === 'json' ? jsonText(rows) + '\n' : exceptionRegisterCsv(rows, lang)
    if (flags.output) {
      writeFileSync(flags.output, body)
      this.logLines([
        exceptionRegisterSummary(rows, lang),
        translator(lang)('exceptions:written', {file: flags.output}),
      ])
    } else if (!this.jsonEnabled()) process.stdout.write(body)
    return {file, rows}
  }
}
