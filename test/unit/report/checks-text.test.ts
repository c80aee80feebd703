import {describe, expect, it} from 'vitest'
import {checkById, checkMeta, type CheckMeta} from '../../../src/audit/check-meta.js'
import type {CheckDefinition} from '../../../src/audit/types.js'
import {UsageError} from '../../../src/errors.js'
import {checkShowText, checksListText} from '../../../src/report/checks-text.js'

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

  it('finds a check by id, or names where the ids are', () => {
    expect(checkById([check], 'kms-rotation')).toBe(check)
    expect(() => checkById([check], 'nope')).toThrow(
      new UsageError('Unknown check "nope".', '`platform checks list` shows the ids.'),
    )
  })
})

describe('checksListText', () => {
  it('lists id, severity and requirement IDs, the title beneath, then the count', () => {
    const meta: CheckMeta[] = [checkMeta(check)]
    expect(checksListText(meta)).toEqual([
      'kms-rotation                 medium   baseline.kms.rotation',
      '                             Customer-managed keys rotate automatically',
      '',
      '1 checks',
    ])
  })
})

describe('checkShowText', () => {
  it('shows every field, "-" for a framework without a mapping', () => {
    expect(checkShowText(checkMeta(check))).toEqual([
      'kms-rotation: Customer-managed keys rotate automatically',
      '  severity      medium',
      '  area          kms',
      '  requirements  baseline.kms.rotation',
      '  FSBP          KMS.4',
      '  HIPAA         -',
      '  fix           platform provision --env ENV --layer kms',
      '  by hand       aws kms enable-key-rotation',
    ])
  })
})
