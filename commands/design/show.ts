import {BaseCommand, envFlag, langFlag, withExitCodes} from '../../src/cli/base-command.js'
import {designView, type DesignView} from '../../src/design/index.js'
import {designShowText} from '../../src/report/design-text.js'

export default class DesignShow extends BaseCommand {
  static override description = withExitCodes(
    'Print the resolved design of an environment, grouped by the design document’s sections; each value names its requirement ID, decisions where the design is silent are marked [decision N] and overrides [override: FILE: PATH].',
  )
  static override examples = [
    '<%= config.bin %> design show --env staging',
    '<%= config.bin %> design show --env prod --lang ja',
    '<%= config.bin %> design show --env dev --json',
  ]
  static override flags = {env: envFlag, ...langFlag}

  async run(): Promise<DesignView> {
    const {flags} = await this.parse(DesignShow)
    const design = this.loadDesign(flags.env, flags.config)
    const lang = this.reportLang(flags.lang, flags.config)
    // --json is always English (a machine format); the text is in the reader's language.
    const view = designView(design)
    this.logLines(designShowText(lang === 'en' ? view : designView(design, lang), lang, {cwd: process.cwd()}))
    return view
  }
}
