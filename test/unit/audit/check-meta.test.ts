import {describe, expect, it} from 'vitest'
import {checkById, checkMeta, requireKnownChecks} from '../../../src/audit/check-meta.js'
import {UsageError} from '../../../src/errors.js'
import {sampleCheck} from '../../helpers/sample-check.js'

const check = sampleCheck

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
