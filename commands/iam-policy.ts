import {Flags} from '@oclif/core'
import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {UsageError} from '../src/errors.js'
import {iamPolicyResult, type IamPolicyResult} from '../src/iam-policy/index.js'
import {JOBS} from '../src/iam-policy/policy.js'

export default class IamPolicy extends BaseCommand {
  static override description = withExitCodes(
    'Print the least-privilege IAM policy document a job needs (audit, provision or evidence), generated from the AWS calls the code declares. The same documents are shipped in policies/*.json.',
  )
  static override examples = [
    '<%= config.bin %> iam-policy --for audit > audit-policy.json',
    '<%= config.bin %> iam-policy --for provision --json',
    '<%= config.bin %> iam-policy --for provision --part 2 > provision-2.json',
  ]
  static override flags = {
    for: Flags.string({description: 'The job the policy is for.', options: [...JOBS], required: true}),
    part: Flags.integer({
      min: 1,
      description:
        'Print the N-th customer managed policy of the job instead: a managed policy holds at most 6,144 characters, so a larger job (provision) ships as several that together grant the same (policies/JOB.managed-N.json)',
    }),
  }

  async run(): Promise<IamPolicyResult> {
    const {flags} = await this.parse(IamPolicy)
    const result = iamPolicyResult(flags.for as (typeof JOBS)[number])
    const part = flags.part === undefined ? undefined : result.managed[flags.part - 1]
    if (flags.part !== undefined && !part)
      throw new UsageError(
        `The ${result.job} policy has ${result.managed.length} managed part(s), not ${flags.part}.`,
        `Use --part 1${result.managed.length > 1 ? `..${result.managed.length}` : ''}.`,
      )
    // Without --json the output is the bare document, ready for `aws iam create-policy --policy-document file://...`.
    this.logLines([JSON.stringify(part?.policy ?? result.policy, null, 2)])
    return result
  }
}
