import {describe, expect, it} from 'vitest'
import type {DoctorReport} from '../../../src/aws/doctor.js'
import {doctorText} from '../../../src/report/doctor-text.js'

const report: DoctorReport = {
  env: 'dev',
  account: '123456789012',
  callerArn: 'arn:aws:iam::123456789012:user/ops',
  regions: {primary: 'ap-northeast-1', global: 'us-east-1', dr: 'ap-northeast-3'},
  endpoint: null,
  profile: null,
  probes: [
    {service: 'EC2', region: 'ap-northeast-1', operation: 'DescribeVpcs', ok: true, ms: 12},
    {
      service: 'EKS',
      region: 'ap-northeast-1',
      operation: 'ListClusters',
      ok: false,
      ms: 30,
      error: 'AccessDenied: not authorized to perform eks:ListClusters',
      remedy: 'Grant eks:ListClusters to the caller.',
    },
  ],
  permissions: [],
  ok: false,
}

describe('doctorText', () => {
  it('names who and where, then each probe, with the error and remedy of a failure', () => {
    expect(doctorText(report)).toEqual([
      'Account   123456789012',
      'Caller    arn:aws:iam::123456789012:user/ops',
      'Regions   primary ap-northeast-1, global us-east-1, DR ap-northeast-3',
      'Endpoint  AWS (default endpoints)',
      'Profile   (default credential chain)',
      '',
      'OK    EC2                  ap-northeast-1  DescribeVpcs',
      'FAIL  EKS                  ap-northeast-1  ListClusters',
      '      AccessDenied: not authorized to perform eks:ListClusters',
      '      Remedy: Grant eks:ListClusters to the caller.',
      '',
      '1 service(s) did not answer.',
    ])
  })

  it('says so when every service answers, and names an endpoint and profile that were given', () => {
    const lines = doctorText({
      ...report,
      endpoint: 'http://127.0.0.1:5000',
      profile: 'ops',
      probes: [report.probes[0]!],
      ok: true,
    })
    expect(lines.slice(3, 5)).toEqual(['Endpoint  http://127.0.0.1:5000', 'Profile   ops'])
    expect(lines.at(-1)).toBe('All services answer.')
  })
})

describe('doctor text: IAM policies', () => {
  it('says per job whether the caller holds it, what it lacks, and warns when it could not check', () => {
    const text = doctorText({
      ...report,
      permissions: [
        {job: 'audit', checked: true, missing: []},
        {job: 'provision', checked: true, missing: ['ec2:CreateVpc', 'iam:PassRole']},
        {job: 'evidence', checked: false, missing: [], warning: 'iam:SimulatePrincipalPolicy failed: AccessDenied'},
      ],
    }).join('\n')
    expect(text).toContain('OK    audit      every action allowed')
    expect(text).toContain('LACKS provision  2 action(s): ec2:CreateVpc, iam:PassRole')
    expect(text).toContain('WARN  evidence   could not check: iam:SimulatePrincipalPolicy failed: AccessDenied')
  })
})
