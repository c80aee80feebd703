import {CHECKS} from '../../../checks/index.js'
import type {AuditReport} from '../../../src/audit/index.js'
import type {Finding} from '../../../src/audit/report-schema.js'
import {summarize} from '../../../src/audit/run.js'

const pass = (checkId: string, id: string, requirement: string): Finding => ({
  checkId,
  status: 'PASS',
  severity: 'high',
  requirements: [requirement],
  resource: {type: 'AWS::Test::Thing', id, region: 'ap-northeast-1'},
  expected: true,
  actual: true,
  message: `${id} is as designed`,
  remediation: {platform: 'platform provision --env dev', manual: 'Console'},
})

/** ~60 PASS over a few sections (several resources per check) and one FAIL in a late section. */
export function oneFailReport(): AuditReport {
  const ids = [
    'vpc-cidr',
    'vpc-dns',
    'subnet-layout',
    'nat-per-az',
    'eks-version',
    'eks-logging',
    'aurora-engine',
    'aurora-encryption',
    's3-encryption',
    's3-tls-only',
    'kms-rotation',
    'default-sg-closed',
  ]
  const req = (id: string) => CHECKS.find((c) => c.id === id)!.requirements[0]!
  const findings: Finding[] = []
  for (const c of ids) for (let i = 0; i < 5; i++) findings.push(pass(c, `${c}-res-${i}`, req(c)))
  findings.push({
    ...pass('s3-public-access-block', 'platform-dev-logs', req('s3-public-access-block')),
    status: 'FAIL',
    severity: 'critical',
    expected: {BlockPublicAcls: true, IgnorePublicAcls: true},
    actual: {BlockPublicAcls: false, IgnorePublicAcls: true},
    message: 'Bucket platform-dev-logs does not block public ACLs',
    remediation: {platform: 'platform provision --env dev --only storage', manual: 'S3 console > Block public access'},
  })
  return {
    env: 'dev',
    account: '123456789012',
    callerArn: 'arn:aws:iam::123456789012:user/x',
    regions: ['ap-northeast-1'],
    startedAt: '2026-11-29T15:30:00.000Z',
    finishedAt: '2026-11-29T15:30:04.000Z',
    summary: summarize(findings),
    findings,
    calls: {total: 42, mutating: 0, readOnly: 42, byOperation: {}},
  }
}
