import type {CheckDefinition} from '../../src/audit/types.js'

/** A check's metadata as the registry holds it, for the tests of what shows metadata. */
export const sampleCheck: CheckDefinition = {
  id: 'kms-rotation',
  title: 'Customer-managed keys rotate automatically',
  severity: 'medium',
  area: 'kms',
  requirements: ['baseline.kms.rotation'],
  frameworks: {fsbp: ['KMS.4']},
  remediation: {platform: 'platform provision --env ENV --layer kms', manual: 'aws kms enable-key-rotation'},
  run: () => [],
}
