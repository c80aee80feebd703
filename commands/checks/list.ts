import {CHECKS} from '../../checks/index.js'
import {BaseCommand, withExitCodes} from '../../src/cli/base-command.js'
import {checkMeta, type CheckMeta} from '../../src/audit/check-meta.js'
import {checksListText} from '../../src/report/checks-text.js'

export default class ChecksList extends BaseCommand {
  static override description = withExitCodes(
    'List every audit check with its metadata: severity, requirement IDs, framework mappings.',
  )
  static override examples = ['<%= config.bin %> checks list', '<%= config.bin %> checks list --json']

  async run(): Promise<CheckMeta[]> {
    await this.parse(ChecksList)
    const meta = CHECKS.map(checkMeta)
    this.logLines(checksListText(meta))
    return meta
  }
}
