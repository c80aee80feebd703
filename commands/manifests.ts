import {Flags} from '@oclif/core'
import {BaseCommand, awsFlags, envFlag, withExitCodes} from '../src/cli/base-command.js'
import {AwsAccess} from '../src/aws/clients.js'
import {manifestInputs} from '../src/design/manifest-inputs.js'
import {
  clusterManifests,
  coreDnsStep,
  lbControllerStep,
  type ManifestInputs,
  type ManifestStep,
} from '../src/design/manifests.js'

export default class Manifests extends BaseCommand {
  static override description = withExitCodes(
    "Print the in-cluster manifests the design implies but AWS cannot hold, for kubectl apply on a fresh cluster: namespaces, the IRSA service accounts (Velero, AWS Load Balancer Controller), the SecurityGroupPolicy that gives the pods the design's EKS security group, the API Service and its TargetGroupBinding to the ALB target group, the Velero daily schedule (8.3) and the workloads of 4.3. Role ARNs, group ids and the target group come from the live environment (read-only); a value missing there stops with exit 2. The CoreDNS-on-Fargate patch and the Load Balancer Controller install (Helm, with the live VPC id) are printed on stderr.",
  )
  static override examples = ['<%= config.bin %> manifests --env dev --image-tag v1.4.2 | kubectl apply -f -']
  static override flags = {
    env: envFlag,
    ...awsFlags,
    'image-tag': Flags.string({
      description: 'The tag of the workload images in ECR (tags are immutable: name the release)',
      required: true,
    }),
  }

  async run(): Promise<{env: string; yaml: string; inputs: ManifestInputs; steps: ManifestStep[]}> {
    const {flags} = await this.parse(Manifests)
    const design = this.loadDesign(flags.env, flags.config)
    // Read-only by construction: any call that is not a read is refused before it is sent.
    const aws = new AwsAccess({profile: flags.profile, endpointUrl: flags['endpoint-url'], readOnly: true})
    try {
      const inputs = await manifestInputs({aws, design, imageTag: flags['image-tag']})
      const yaml = clusterManifests(design, inputs)
      const steps = [coreDnsStep(), lbControllerStep(design, inputs)]
      this.log(yaml)
      // Not objects to apply: stderr keeps stdout a valid stream for kubectl apply -f -.
      for (const s of steps)
        this.logToStderr(
          [
            `Required step: ${s.what}`,
            `  why: ${s.why}`,
            `  source: ${s.source}`,
            ...s.commands.map((c) => `  ${c}`),
          ].join('\n'),
        )
      if (flags.verbose) this.printVerboseCalls(aws)
      return {env: design.env, yaml, inputs, steps}
    } finally {
      aws.destroy()
    }
  }
}
