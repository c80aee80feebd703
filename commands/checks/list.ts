import {CHECKS} from '../../checks/index.js'
import {BaseCommand, withExitCodes} from '../../src/cli/base-command.js'
import type {CheckDefinition} from '../../src/audit/types.js'

type CheckMeta = Omit<CheckDefinition, 'run'>

export default class ChecksList extends BaseCommand {
  static override description = withExitCodes(
    'List every audit check with its metadata: severity, requirement IDs, framework mappings.',
  )
  static override examples = ['<%= config.bin %> checks list', '<%= config.bin %> checks list --json']

  async run(): Promise<CheckMeta[]> {
    await this.parse(ChecksList)
    const meta = CHECKS.map(({run: _run, ...m}) => m)
    for (const c of meta)
      this.log(`${c.id.padEnd(28)} ${c.severity.padEnd(8)} ${c.requirements.join(', ')}\n${''.padEnd(28)} ${c.title}`)
    this.log(`\n${meta.length} checks`)
    return meta
  }
}
