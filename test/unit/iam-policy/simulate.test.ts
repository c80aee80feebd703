import {IAMClient, SimulatePrincipalPolicyCommand} from '@aws-sdk/client-iam'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {actionsForJob} from '../../../src/iam-policy/index.js'
import {checkJobPermissions, principalArn} from '../../../src/iam-policy/simulate.js'

const iam = mockClient(IAMClient)
const creds = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const access = () => new AwsAccess({credentials: creds, readOnly: true})

describe('principalArn', () => {
  it('maps a role session to its role, keeps a user, refuses root', () => {
    expect(principalArn('arn:aws:sts::111122223333:assumed-role/platform-audit/nightly')).toBe(
      'arn:aws:iam::111122223333:role/platform-audit',
    )
    expect(principalArn('arn:aws:iam::111122223333:user/ops')).toBe('arn:aws:iam::111122223333:user/ops')
    expect(principalArn('arn:aws:iam::111122223333:root')).toBeUndefined()
  })
})

describe('checkJobPermissions', () => {
  beforeEach(() => iam.reset())

  it('lists the actions the simulation does not allow, per job, through the read-only access', async () => {
    iam.on(SimulatePrincipalPolicyCommand).callsFake((input: {ActionNames: string[]}) => ({
      EvaluationResults: input.ActionNames.map((a) => ({
        EvalActionName: a,
        EvalDecision: a === 'ec2:CreateVpc' || a === 'kms:Sign' ? 'implicitDeny' : 'allowed',
      })),
    }))
    const res = await checkJobPermissions(access(), 'ap-northeast-1', 'arn:aws:iam::111122223333:user/ops')
    expect(res).toEqual([
      {job: 'audit', checked: true, missing: []},
      {job: 'provision', checked: true, missing: ['ec2:CreateVpc']},
      {job: 'evidence', checked: true, missing: ['kms:Sign']},
    ])
    const sent = iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input)
    expect(sent.every((i) => i.PolicySourceArn === 'arn:aws:iam::111122223333:user/ops')).toBe(true)
    expect(sent.every((i) => (i.ActionNames?.length ?? 0) <= 50)).toBe(true)
    const provisionSent = new Set(sent.flatMap((i) => i.ActionNames ?? []))
    for (const a of actionsForJob('provision')) expect(provisionSent.has(a), a).toBe(true)
  })

  it('a denied simulation is a warning, never a pass', async () => {
    iam
      .on(SimulatePrincipalPolicyCommand)
      .rejects(Object.assign(new Error('not authorized'), {name: 'AccessDenied', $metadata: {httpStatusCode: 403}}))
    const res = await checkJobPermissions(access(), 'ap-northeast-1', 'arn:aws:iam::111122223333:user/ops')
    expect(res.map((r) => r.checked)).toEqual([false, false, false])
    expect(res[0]!.warning).toMatch(/SimulatePrincipalPolicy failed/)
    expect(res.every((r) => r.missing.length === 0)).toBe(true)
  })

  it('does not call IAM for a caller it cannot simulate', async () => {
    const res = await checkJobPermissions(access(), 'ap-northeast-1', 'arn:aws:iam::111122223333:root')
    expect(res.every((r) => !r.checked && /cannot simulate/.test(r.warning!))).toBe(true)
    expect(iam).not.toHaveReceivedCommand(SimulatePrincipalPolicyCommand)
  })
})

describe('checkJobPermissions with an incomplete answer', () => {
  beforeEach(() => iam.reset())
  it('an action IAM gave no decision for makes the job unchecked, not allowed', async () => {
    iam.on(SimulatePrincipalPolicyCommand).resolves({EvaluationResults: []})
    const res = await checkJobPermissions(access(), 'ap-northeast-1', 'arn:aws:iam::111122223333:user/ops')
    expect(res.every((r) => !r.checked && /no decision/.test(r.warning!))).toBe(true)
  })
})
