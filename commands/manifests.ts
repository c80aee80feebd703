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
import {auditRunnerInputs, auditRunnerManifests} from '../src/design/manifests-audit-runner.js'
import {UsageError} from '../src/errors.js'

export default class Manifests extends BaseCommand {
  static override description = withExitCodes(
    "Print the in-cluster manifests the design implies but AWS cannot hold, for kubectl apply on a fresh cluster: namespaces, the IRSA service accounts (Velero, AWS Load Balancer Controller), the SecurityGroupPolicy that gives the pods the design's EKS security group, the API Service and its TargetGroupBinding to the ALB target group, the Velero daily schedule (8.3) and the workloads of 4.3. Role ARNs, group ids and the target group come from the live environment (read-only); a value missing there stops with exit 2. The CoreDNS-on-Fargate patch and the Load Balancer Controller install (Helm, with the live VPC id) are printed on stderr. With --component audit-runner: the nightly audit as a CronJob (Namespace, IRSA ServiceAccount, ConfigMap of the configuration; several environments: an Indexed Job sharding them across pods), computed without any AWS call.",
  )
  static override examples = [
    '<%= config.bin %> manifests --env dev --image-tag v1.4.2 | kubectl apply -f -',
    '<%= config.bin %> manifests --component audit-runner --env prod --image 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/platform:0.1.0 --store s3://medical-ai-evidence/nightly',
    '<%= config.bin %> manifests --component audit-runner --env prod --shard-envs dev,staging,prod --image IMAGE --store s3://medical-ai-evidence/nightly',
  ]
  static override flags = {
    env: envFlag,
    ...awsFlags,
    'image-tag': Flags.string({
      description:
        'The tag of the workload images in ECR (tags are immutable: name the release); required for the cluster component',
    }),
    component: Flags.option({
      options: ['cluster', 'audit-runner'] as const,
      default: 'cluster' as const,
      description:
        'cluster: the workloads and controllers (read live); audit-runner: Namespace, IRSA ServiceAccount, ConfigMap and the nightly audit CronJob (an Indexed Job for several environments), computed without AWS calls',
    })(),
    image: Flags.string({
      description: 'audit-runner: the container image (default: auditRunner.image)',
      helpGroup: 'AUDIT-RUNNER',
    }),
    store: Flags.string({
      description: 'audit-runner: the audit --store, s3://BUCKET/PREFIX (default: auditRunner.store)',
      helpGroup: 'AUDIT-RUNNER',
    }),
    'shard-envs': Flags.string({
      description:
        'audit-runner: the environments audited each night, comma-separated (default: auditRunner.environments, else --env); more than one gives an Indexed Job',
      delimiter: ',',
      multiple: true,
      helpGroup: 'AUDIT-RUNNER',
    }),
    shards: Flags.integer({
      description: 'audit-runner: pods of the Indexed Job (default: one per environment)',
      min: 1,
      helpGroup: 'AUDIT-RUNNER',
    }),
    'account-id': Flags.string({
      description: "audit-runner: the account of the runner's role (default: environments.ENV.accountId)",
      helpGroup: 'AUDIT-RUNNER',
    }),
    'sign-key': Flags.string({
      description: 'audit-runner: the KMS key that signs each stored run (audit --sign-key)',
      helpGroup: 'AUDIT-RUNNER',
    }),
  }

  async run(): Promise<{env: string; yaml: string; inputs?: ManifestInputs; steps: ManifestStep[]}> {
    const {flags} = await this.parse(Manifests)
    if (flags.component === 'audit-runner') {
      const yaml = auditRunnerManifests(
        auditRunnerInputs({
          env: flags.env,
          config: flags.config,
          image: flags.image,
          store: flags.store,
          shardEnvs: flags['shard-envs'],
          shards: flags.shards,
          accountId: flags['account-id'],
          signKey: flags['sign-key'],
        }),
      )
      this.log(yaml)
      return {env: flags.env, yaml, steps: []}
    }
    if (!flags['image-tag'])
      throw new UsageError('--image-tag is required for the cluster manifests.', 'Name the release tag of the images.')
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
