import {BaseCommand, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {designView, type DesignView} from '../../src/design/index.js'
import {formatValue, pad} from '../../src/report/text.js'

export default class DesignShow extends BaseCommand {
  static override description = withExitCodes(
    'Print the resolved design of an environment, grouped by section; each value names its requirement ID and where it came from.',
  )
  static override examples = [
    '<%= config.bin %> design show --env staging',
    '<%= config.bin %> design show --env dev --json',
  ]
  static override flags = {env: envFlag}

  async run(): Promise<DesignView> {
    const {flags} = await this.parse(DesignShow)
    const view = designView(this.loadDesign(flags.env, flags.config))
    this.log(
      `Design for ${view.project} ${view.env} (regions: ${view.regions.primary}, global ${view.regions.global}, DR ${view.regions.dr})`,
    )
    for (const s of view.sections) {
      this.log(`\n${s.section} ${s.chapter}`)
      for (const i of s.items)
        this.log(
          `  ${pad(i.requirement, 32)} ${formatValue(i.value)}${i.source === 'design' ? '' : `   [${i.source}]`}`,
        )
    }
    this.log('\nSecurity baseline (beyond the design)')
    for (const b of view.baseline)
      this.log(
        `  ${pad(b.requirement, 36)} ${formatValue(b.value)}${b.source === 'baseline' ? '' : `   [${b.source}]`}`,
      )
    const n = Object.keys(view.overrides).length
    this.log(`\n${n === 0 ? 'No overrides: the design as written.' : `${n} override(s), marked [file: path] above.`}`)
    return view
  }
}
