import {BaseCommand, ExitCode, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {lintDesign, type LintResult} from '../../src/design/index.js'
import {designLintText} from '../../src/report/design-text.js'

export default class DesignLint extends BaseCommand {
  static override description = withExitCodes(
    'Check the resolved design for self-consistency and report advisories about the design itself. Errors count as findings.',
  )
  static override examples = ['<%= config.bin %> design lint --env prod']
  static override flags = {env: envFlag}

  async run(): Promise<LintResult> {
    const {flags} = await this.parse(DesignLint)
    const result = lintDesign(this.loadDesign(flags.env, flags.config))
    this.logLines(designLintText(result))
    if (result.errors > 0) process.exitCode = ExitCode.FINDINGS
    return result
  }
}
