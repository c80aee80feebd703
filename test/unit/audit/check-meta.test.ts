import {describe, expect, it} from 'vitest'
import {checkById, checkMeta, requireKnownChecks} from '../../../src/audit/check-meta.js'
import type {CheckDefinition} from '../../../src/audit/types.js'
import {UsageError} from '../../../src/errors.js'

const check: CheckDefinition = {
  id: 'kms-rotation',
  title: 'Customer-managed keys rotate automatically',
  severity: 'medium',
  area: 'kms',
  requirements: ['baseline.kms.rotation'],
  frameworks: {fsbp: ['KMS.4']},
  remediation: {platform: 'platform provision --env ENV --layer kms', manual: 'aws kms enable-key-rotation'},
  run: () => [],
}

describe('check metadata', () => {
  it('is the check without its code', () => {
    expect(checkMeta(check)).not.toHaveProperty('run')
    expect(checkMeta(check)).toMatchObject({id: 'kms-rotation', severity: 'medium'})
  })

  it('lists the ids that name no check', () => {
    expect(() => requireKnownChecks([check], ['kms-rotation'])).not.toThrow()
    expect(() => requireKnownChecks([check], ['nope', 'kms-rotation', 'gone'])).toThrow(
      new UsageError('Unknown check(s): nope, gone.', '`platform checks list` shows the ids.'),
    )
  })

  it('finds a check by id, or names where the ids are', () => {
    expect(checkById([check], 'kms-rotation')).toBe(check)
    expect(() => checkById([check], 'nope')).toThrow(
      new UsageError('Unknown check "nope".', '`platform checks list` shows the ids.'),
    )
  })
})
