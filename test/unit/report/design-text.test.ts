import {describe, expect, it} from 'vitest'
import type {LintResult} from '../../../src/design/lint.js'
import type {DesignView} from '../../../src/design/show.js'
import {designLintText, designShowText} from '../../../src/report/design-text.js'

const view: DesignView = {
  env: 'dev',
  project: 'medical-ai',
  regions: {primary: 'ap-northeast-1', global: 'us-east-1', dr: 'ap-northeast-3'},
  sections: [
    {
      section: '2',
      chapter: 'Network',
      items: [
        {requirement: 'vpc.cidr', value: '10.2.0.0/16', source: 'design', text: 'VPC CIDR'},
        {
          requirement: 'ha.nat',
          value: 1,
          source: 'platform.config.yaml: environments.dev.natGateways',
          text: 'NAT gateways',
        },
      ],
    },
  ],
  baseline: [
    {requirement: 'baseline.kms.rotation', value: true, source: 'baseline'},
    {requirement: 'baseline.rds.log-exports', value: ['audit', 'error'], source: 'decision'},
  ],
  overrides: {
    'environments.dev.natGateways': {value: 1, source: 'platform.config.yaml: environments.dev.natGateways'},
  },
}

describe('designShowText', () => {
  it('lists each section by requirement ID, marking values that are not the design itself', () => {
    expect(designShowText(view)).toEqual([
      'Design for medical-ai dev (regions: ap-northeast-1, global us-east-1, DR ap-northeast-3)',
      '',
      '2 Network',
      '  vpc.cidr                         10.2.0.0/16',
      '  ha.nat                           1   [platform.config.yaml: environments.dev.natGateways]',
      '',
      'Security baseline (beyond the design)',
      '  baseline.kms.rotation                true',
      '  baseline.rds.log-exports             audit, error   [decision]',
      '',
      '1 override(s), marked [file: path] above.',
    ])
  })

  it('says when nothing is overridden', () => {
    expect(designShowText({...view, overrides: {}}).at(-1)).toBe('No overrides: the design as written.')
  })
})

describe('designLintText', () => {
  it('shows each finding with its requirement IDs, the message beneath, then the counts', () => {
    const result: LintResult = {
      env: 'dev',
      errors: 1,
      warnings: 0,
      advisories: 1,
      findings: [
        {level: 'error', code: 'cidr-overlap', requirements: ['vpc.cidr', 'subnets'], message: 'Subnets overlap.'},
        {level: 'advisory', code: 'backup-overlaps-maintenance', requirements: [], message: 'Windows overlap.'},
      ],
    }
    expect(designLintText(result)).toEqual([
      'ERROR     cidr-overlap [vpc.cidr, subnets]',
      '          Subnets overlap.',
      'ADVISORY  backup-overlaps-maintenance []',
      '          Windows overlap.',
      '',
      '1 error(s), 0 warning(s), 1 advisory(ies)',
    ])
  })
})
