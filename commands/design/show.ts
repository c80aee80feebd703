import {BaseCommand, envFlag, withExitCodes} from '../../src/cli/base-command.js'
import {designView, type DesignView} from '../../src/design/index.js'
import {designShowText} from '../../src/report/design-text.js'

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
    this.logLines(designShowText(view))
    return view
  }
}
