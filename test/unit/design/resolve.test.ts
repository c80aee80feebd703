import {describe, expect, it} from 'vitest'
import {parseConfig} from '../../../src/design/config.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {designView} from '../../../src/design/show.js'
import {REQUIREMENTS} from '../../../src/design/requirements.js'
import {UsageError} from '../../../src/errors.js'

describe('resolveDesign', () => {
  it.each([
    ['prod', 0],
    ['staging', 1],
    ['dev', 2],
  ])('%s gets VPC 10.%i.0.0/16 and the six subnets of section 3.2', (env, n) => {
    const d = resolveDesign({}, env)
    expect(d.vpc.cidr).toBe(`10.${n}.0.0/16`)
    expect(d.subnets.map((s) => [s.key, s.cidr, s.az, s.tier])).toEqual([
      ['public-1a', `10.${n}.1.0/24`, 'ap-northeast-1a', 'public'],
      ['public-1c', `10.${n}.2.0/24`, 'ap-northeast-1c', 'public'],
      ['public-1d', `10.${n}.3.0/24`, 'ap-northeast-1d', 'public'],
      ['private-1a', `10.${n}.11.0/24`, 'ap-northeast-1a', 'private'],
      ['private-1c', `10.${n}.12.0/24`, 'ap-northeast-1c', 'private'],
      ['private-1d', `10.${n}.13.0/24`, 'ap-northeast-1d', 'private'],
    ])
  })

  it('follows the decisions of requirements.md', () => {
    const d = resolveDesign({}, 'prod')
    expect(d.rds.maintenanceWindow).toBe('sat:19:00-sat:20:00')
    expect(d.rds.backupWindow).toBe('18:00-19:00')
    expect(d.kms.alias).toBe('alias/medical-ai-prod')
    expect(d.eks.name).toBe('medical-ai-prod-eks')
    expect(d.tags).toEqual({project: 'medical-ai', environment: 'prod', 'managed-by': 'platform'})
    expect(d.s3.buckets.map((b) => [b.name, b.encryption, b.versioning])).toEqual([
      ['medical-ai-prod-models', 'aws:kms', true],
      ['medical-ai-prod-data', 'aws:kms', true],
      ['medical-ai-prod-logs', 'AES256', false],
    ])
    expect(d.rds.deletionProtection).toBe(true)
    expect(resolveDesign({}, 'dev').rds.deletionProtection).toBe(false)
  })

  it('an unknown environment is a usage error listing the valid ones', () => {
    expect(() => resolveDesign({}, 'qa')).toThrow(UsageError)
    expect(() => resolveDesign({}, 'qa')).toThrow('Valid environments: prod, staging, dev.')
  })

  it('applies and traces overrides, including a configured environment', () => {
    const config = parseConfig(
      [
        'project: acme',
        'bucketNamePrefix: corp-',
        'environments:',
        '  dev:',
        '    natGateways: 1',
        '  qa:',
        '    vpcCidr: 10.9.0.0/16',
      ].join('\n'),
      '/cfg/platform.config.yaml',
    )
    const dev = resolveDesign(config, 'dev', '/cfg/platform.config.yaml')
    expect(dev.natGateways).toBe(1)
    expect(dev.s3.buckets[0]!.name).toBe('corp-acme-dev-models')
    const view = designView(dev)
    const nat = view.sections.flatMap((s) => s.items).find((i) => i.requirement === 'ha.nat')!
    expect(nat).toMatchObject({value: 1, source: '/cfg/platform.config.yaml: environments.dev.natGateways'})
    const cidr = view.sections.flatMap((s) => s.items).find((i) => i.requirement === 'vpc.cidr')!
    expect(cidr.source).toBe('design')
    const qa = resolveDesign(config, 'qa', '/cfg/platform.config.yaml')
    expect(qa.subnets[3]!.cidr).toBe('10.9.11.0/24')
  })

  it('the design view names every requirement ID exactly once, and lists the baseline apart', () => {
    const view = designView(resolveDesign({}, 'staging'))
    const ids = view.sections.flatMap((s) => s.items.map((i) => i.requirement))
    expect(ids).toEqual(REQUIREMENTS.map((r) => r.id))
    expect(view.baseline.length).toBeGreaterThan(10)
    expect(view.baseline.every((b) => b.requirement.startsWith('baseline.'))).toBe(true)
  })
})
