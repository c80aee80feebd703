import {Args} from '@oclif/core'
import {CHECKS} from '../../checks/index.js'
import {BaseCommand, withExitCodes} from '../../src/cli/base-command.js'
import {checkById, checkMeta, type CheckMeta} from '../../src/audit/check-meta.js'
import {checkShowText} from '../../src/report/checks-text.js'

export default class ChecksShow extends BaseCommand {
  static override description = withExitCodes(
    'Show one audit check: what it verifies, its frameworks and how to fix a failure.',
  )
  static override examples = ['<%= config.bin %> checks show sg-rds-rules']
  static override args = {id: Args.string({description: 'Check id', required: true})}

  async run(): Promise<CheckMeta> {
    const {args} = await this.parse(ChecksShow)
    const meta = checkMeta(checkById(CHECKS, args.id))
    this.logLines(checkShowText(meta))
    return meta
  }
}
