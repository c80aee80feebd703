import {Flags} from '@oclif/core'
import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {iamPolicyResult, type IamPolicyResult} from '../src/iam-policy/index.js'
import {JOBS} from '../src/iam-policy/policy.js'

export default class IamPolicy extends BaseCommand {
  static override description = withExitCodes(
    'Print the least-privilege IAM policy document a job needs (audit, provision or evidence), generated from the AWS calls the code declares. The same documents are shipped in policies/*.json.',
  )
  static override examples = [
    '<%= config.bin %> iam-policy --for audit > audit-policy.json',
    '<%= config.bin %> iam-policy --for provision --json',
  ]
  static override flags = {
    for: Flags.string({description: 'The job the policy is for.', options: [...JOBS], required: true}),
  }

  async run(): Promise<IamPolicyResult> {
    const {flags} = await this.parse(IamPolicy)
    const result = iamPolicyResult(flags.for as (typeof JOBS)[number])
    // Without --json the output is the bare document, ready for `aws iam create-policy --policy-document file://...`.
    this.logLines([JSON.stringify(result.policy, null, 2)])
    return result
  }
}
