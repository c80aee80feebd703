import {describe, expect, it} from 'vitest'
import type {DestroyItem, DestroyResult} from '../../../src/reconcile/destroy.js'
import {destroyItemLines, destroyText} from '../../../src/report/destroy-text.js'

const items: DestroyItem[] = [
  {
    layer: 's3',
    id: 's3/data',
    type: 'AWS::S3::Bucket',
    name: 'medical-ai-dev-data',
    physicalId: 'medical-ai-dev-data',
    action: 'keep',
    reason: 'holds 3 object(s); --delete-data removes it',
  },
  {
    layer: 'network',
    id: 'network/vpc',
    type: 'AWS::EC2::VPC',
    name: 'vpc',
    physicalId: 'vpc-0a1',
    action: 'delete',
  },
]
const listing = [
  '  = keep   AWS::S3::Bucket medical-ai-dev-data (medical-ai-dev-data)  -- holds 3 object(s); --delete-data removes it',
  '  - delete AWS::EC2::VPC vpc (vpc-0a1)',
]

function result(over: Partial<DestroyResult>): DestroyResult {
  return {
    env: 'dev',
    account: '123456789012',
    dryRun: false,
    items,
    deleted: 1,
    kept: 1,
    calls: {total: 31, mutating: 2, readOnly: 29, byOperation: {}},
    elapsedMs: 2_140,
    ...over,
  }
}

describe('destroyItemLines', () => {
  it('marks deletions - and what is kept =, with the reason', () => {
    expect(destroyItemLines(items, {dryRun: false})).toEqual(listing)
  })

  it('says when there is nothing to delete', () => {
    expect(destroyItemLines([], {dryRun: true})).toEqual(['Nothing of this environment to delete.'])
    expect(destroyItemLines([], {dryRun: false})).toEqual(['Nothing of ours to delete.'])
  })
})

describe('destroyText', () => {
  it('after deleting: only the counts (the listing came before the confirmation)', () => {
    expect(destroyText(result({}))).toEqual(['', 'Deleted 1, kept 1. AWS calls: 31 (2 mutating); 2.1 s'])
  })

  it('a dry run lists what would go', () => {
    expect(destroyText(result({dryRun: true, calls: {total: 31, mutating: 0, readOnly: 31, byOperation: {}}}))).toEqual(
      [...listing, '', 'Would delete 1, kept 1. AWS calls: 31 (0 mutating); 2.1 s'],
    )
  })

  it('nothing deleted: the listing (nothing was asked), then the counts', () => {
    expect(destroyText(result({items: [], deleted: 0, kept: 0}))).toEqual([
      'Nothing of ours to delete.',
      '',
      'Deleted 0, kept 0. AWS calls: 31 (2 mutating); 2.1 s',
    ])
  })
})
