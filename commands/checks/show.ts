import {Args} from '@oclif/core'
import {CHECKS} from '../../checks/index.js'
import {BaseCommand, withExitCodes} from '../../src/cli/base-command.js'
import type {CheckDefinition} from '../../src/audit/types.js'
import {UsageError} from '../../src/errors.js'

export default class ChecksShow extends BaseCommand {
  static override description = withExitCodes(
    'Show one audit check: what it verifies, its frameworks and how to fix a failure.',
  )
  static override examples = ['<%= config.bin %> checks show sg-rds-rules']
  static override args = {id: Args.string({description: 'Check id', required: true})}

  async run(): Promise<Omit<CheckDefinition, 'run'>> {
    const {args} = await this.parse(ChecksShow)
    const check = CHECKS.find((c) => c.id === args.id)
    if (!check) throw new UsageError(`Unknown check "${args.id}".`, '`platform checks list` shows the ids.')
    const {run: _run, ...meta} = check
    this.log(
      `${meta.id}: ${meta.title}\n  severity      ${meta.severity}\n  area          ${meta.area}\n  requirements  ${meta.requirements.join(', ')}\n  FSBP          ${(meta.frameworks.fsbp ?? []).join(', ') || '-'}\n  HIPAA         ${(meta.frameworks.hipaa ?? []).join(', ') || '-'}\n  fix           ${meta.remediation.platform}\n  by hand       ${meta.remediation.manual}`,
    )
    return meta
  }
}
