import {describe, expect, it} from 'vitest'
import {provisionExitCode} from '../../../src/cli/exit-codes.js'
import {ExitCode} from '../../../src/errors.js'
import type {ProvisionResult} from '../../../src/reconcile/provision.js'
import type {PlannedResource} from '../../../src/reconcile/types.js'

const replacement: PlannedResource = {
  layer: 'network',
  id: 'network/vpc',
  type: 'AWS::EC2::VPC',
  name: 'vpc',
  action: 'replace-required',
  changes: [],
  requirements: [],
}
const run = (over: Partial<ProvisionResult>) =>
  ({dryRun: false, pendingChanges: 0, replaceRequired: [], ...over}) as ProvisionResult

describe('provisionExitCode', () => {
  it('is 6 whenever a replacement was left undone, dry run or not', () => {
    expect(provisionExitCode(run({replaceRequired: [replacement]}), {detailedExitcode: false})).toBe(
      ExitCode.REPLACE_REQUIRED,
    )
    expect(
      provisionExitCode(run({dryRun: true, pendingChanges: 3, replaceRequired: [replacement]}), {
        detailedExitcode: true,
      }),
    ).toBe(ExitCode.REPLACE_REQUIRED)
  })

  it('is 7 for pending changes only on a dry run with --detailed-exitcode', () => {
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 3}), {detailedExitcode: true})).toBe(
      ExitCode.CHANGES_PENDING,
    )
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 3}), {detailedExitcode: false})).toBe(ExitCode.OK)
    expect(provisionExitCode(run({dryRun: true, pendingChanges: 0}), {detailedExitcode: true})).toBe(ExitCode.OK)
  })
})
