import {BaseCommand, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {clusterManifests} from '../src/design/manifests.js'

export default class Manifests extends BaseCommand {
  static override description = withExitCodes(
    'Print the in-cluster manifests the design implies but AWS cannot hold: the Velero daily schedule (8.3) and the workloads of 4.3 with their requests and replicas. Apply them with kubectl.',
  )
  static override examples = ['<%= config.bin %> manifests --env dev | kubectl apply -f -']
  static override flags = {env: envFlag}

  async run(): Promise<{env: string; yaml: string}> {
    const {flags} = await this.parse(Manifests)
    const design = this.loadDesign(flags.env, flags.config)
    const yaml = clusterManifests(design)
    this.log(yaml)
    return {env: design.env, yaml}
  }
}
