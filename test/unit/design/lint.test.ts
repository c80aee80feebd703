import {describe, expect, it} from 'vitest'
import {lintDesign} from '../../../src/design/lint.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import type {ResolvedDesign} from '../../../src/design/types.js'

const codes = (d: ResolvedDesign, today = new Date('2026-11-29')) =>
  lintDesign(d, today).findings.map((f) => `${f.level}:${f.code}`)

describe('design lint', () => {
  it('the design as written: its Kubernetes 1.28 is an error (EKS no longer creates it), the rest advisories', () => {
    const r = lintDesign(resolveDesign({}, 'prod'), new Date('2026-11-29'))
    expect(r.findings.filter((f) => f.level === 'error').map((f) => f.code)).toEqual(['eks-version-unsupported'])
    expect(r.findings.find((f) => f.code === 'eks-version-unsupported')!.message).toContain(
      'Set environments.prod.eksVersion to one of 1.32, 1.33, 1.34',
    )
    expect(codes(resolveDesign({}, 'prod'))).toEqual(
      expect.arrayContaining(['error:eks-version-unsupported', 'advisory:logs-bucket-not-replicated']),
    )
  })

  it('EKS support state follows the calendar', () => {
    const d = resolveDesign({environments: {dev: {eksVersion: '1.33'}}}, 'dev')
    expect(codes(d)).not.toContain('error:eks-version-unsupported')
    expect(codes(resolveDesign({}, 'dev'), new Date('2025-06-01'))).toContain('advisory:eks-version-extended')
  })

  it('finds overlapping subnets, subnets outside the VPC, too few AZs', () => {
    const d = resolveDesign({}, 'dev')
    d.subnets[1]!.cidr = '10.2.1.0/24'
    d.subnets[2]!.az = 'ap-northeast-1a'
    d.subnets[5]!.cidr = '10.7.13.0/24'
    expect(codes(d)).toEqual(
      expect.arrayContaining(['error:subnets-overlap', 'error:subnet-azs', 'error:subnet-outside-vpc']),
    )
  })

  it('finds a backup window that overlaps the maintenance window (UTC)', () => {
    const d = resolveDesign({environments: {dev: {backupWindow: '19:30-20:30'}}}, 'dev')
    expect(codes(d)).toContain('error:backup-overlaps-maintenance')
  })

  it('finds replication from an unversioned bucket', () => {
    const d = resolveDesign({}, 'dev')
    d.s3.buckets[0]!.versioning = false
    expect(codes(d)).toContain('error:replication-needs-versioning')
  })

  it('warns about weakened HA', () => {
    const d = resolveDesign({environments: {dev: {natGateways: 1, rdsInstances: 1}}}, 'dev')
    expect(codes(d)).toEqual(expect.arrayContaining(['warning:nat-fewer-than-azs', 'warning:aurora-single-instance']))
  })
})
