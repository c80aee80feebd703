import {BaseCommand, ExitCode, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {lintDesign, type LintResult} from '../../src/design/index.js'

export default class DesignLint extends BaseCommand {
  static override description = withExitCodes(
    'Check the resolved design for self-consistency and report advisories about the design itself. Errors count as findings.',
  )
  static override examples = ['<%= config.bin %> design lint --env prod']
  static override flags = {env: envFlag}

  async run(): Promise<LintResult> {
    const {flags} = await this.parse(DesignLint)
    const result = lintDesign(this.loadDesign(flags.env, flags.config))
    for (const f of result.findings)
      this.log(`${f.level.toUpperCase().padEnd(9)} ${f.code} [${f.requirements.join(', ')}]\n          ${f.message}`)
    this.log(`\n${result.errors} error(s), ${result.warnings} warning(s), ${result.advisories} advisory(ies)`)
    if (result.errors > 0) process.exitCode = ExitCode.FINDINGS
    return result
  }
}
