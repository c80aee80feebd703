import {describe, expect, it} from 'vitest'
import {checkMeta, type CheckMeta} from '../../../src/audit/check-meta.js'
import {checkShowText, checksListText} from '../../../src/report/checks-text.js'
import {sampleCheck} from '../../helpers/sample-check.js'

const check = sampleCheck

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
