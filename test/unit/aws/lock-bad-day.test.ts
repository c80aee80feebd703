import {hostname} from 'node:os'
import {DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {EnvironmentLock, describeHolder, parseHolder} from '../../../src/aws/lock.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {LockHeldError} from '../../../src/errors.js'
import {provision} from '../../../src/reconcile/provision.js'
import type {LayerDef} from '../../../src/reconcile/types.js'
import {testKey} from '../../helpers/keys.js'

const ssm = mockClient(SSMClient)
const sts = mockClient(STSClient)
const aws = () => new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})
const exists = Object.assign(new Error('exists'), {name: 'ParameterAlreadyExists'})
const gone = Object.assign(new Error('gone'), {name: 'ParameterNotFound'})
const serverError = Object.assign(new Error('We encountered an internal error'), {
  name: 'InternalServerError',
  $metadata: {httpStatusCode: 500},
})

beforeEach(() => {
  ssm.reset()
  sts.reset()
})

describe('EnvironmentLock on a bad day', () => {
  it('recognises its own run after a lost answer to its PutParameter (the retry met ParameterAlreadyExists)', async () => {
    const lock = new EnvironmentLock(aws(), 'r', '/l', {})
    ssm.on(PutParameterCommand).rejects(exists)
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: JSON.stringify(lock.holder)}})
    await lock.acquire()
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 1)
    expect(ssm).not.toHaveReceivedCommand(DeleteParameterCommand)
    ssm.on(DeleteParameterCommand).resolves({})
    await lock.release()
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, {Name: '/l'})
  })

  it('releasing a lock that is already gone is success (on the read and on the delete)', async () => {
    const lock = new EnvironmentLock(aws(), 'r', '/l', {})
    ssm.on(PutParameterCommand).resolves({})
    await lock.acquire()
    ssm.on(GetParameterCommand).rejects(gone)
    await expect(lock.release()).resolves.toBeUndefined()

    const again = new EnvironmentLock(aws(), 'r', '/l', {})
    await again.acquire()
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: JSON.stringify(again.holder)}})
    ssm.on(DeleteParameterCommand).rejects(gone)
    await expect(again.release()).resolves.toBeUndefined()
  })

  it.each([
    ['not JSON', 'garbage{'],
    ['JSON of another shape', JSON.stringify({owner: 'x'})],
    [
      'a holder on this host with a bad pid',
      JSON.stringify({owner: 'me', host: hostname(), pid: -1, startedAt: 's', runId: 'r'}),
    ],
  ])(
    'an unreadable holder (%s) counts as held by someone else, and is never broken without --force-unlock',
    async (_, value) => {
      ssm.on(PutParameterCommand).rejects(exists)
      ssm.on(GetParameterCommand).resolves({Parameter: {Value: value}})
      const err = await new EnvironmentLock(aws(), 'r', '/l', {}).acquire().catch((e) => e)
      expect(err).toBeInstanceOf(LockHeldError)
      expect(err.message).toContain('held by an unreadable holder')
      expect(ssm).not.toHaveReceivedCommand(DeleteParameterCommand)
    },
  )

  it('the message says whose lock it is and how old', () => {
    const state = parseHolder(
      JSON.stringify({owner: 'ops', host: 'bastion-7', pid: 1, startedAt: '2026-11-29T01:00:00Z', runId: 'r1'}),
    )
    expect(describeHolder(state, Date.parse('2026-11-29T01:12:00Z'))).toBe(
      'ops@bastion-7 (pid 1, since 2026-11-29T01:00:00Z), 12 min ago, run r1',
    )
  })
})

describe("provision: a failed release never replaces the run's outcome", () => {
  it('every layer succeeded, the lock delete fails: the result stands and a notice names the lock', async () => {
    sts.on(GetCallerIdentityCommand).resolves({Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops'})
    ssm.on(PutParameterCommand).resolves({})
    ssm.on(GetParameterCommand).callsFake(() => ({
      Parameter: {Value: ssm.commandCalls(PutParameterCommand)[0]!.args[0].input.Value},
    }))
    ssm.on(DeleteParameterCommand).rejects(serverError)
    let made = false
    const layer: LayerDef = {
      name: 'one',
      description: 'one thing',
      dependsOn: [],
      steps: () => [
        [
          {
            key: testKey('one/thing'),
            name: 'thing',
            find: async () => (made ? {id: 't'} : undefined),
            create: async () => ((made = true), {id: 't'}),
            fields: () => [],
            update: async () => {},
            outputs: (l: {id: string}) => ({id: l.id}),
            physicalId: (l: {id: string}) => l.id,
          },
        ],
      ],
    }
    const notice = vi.fn()
    // A real domain and the caller's account: preflight (src/preflight) lets the run through.
    const design = resolveDesign({domain: 'medical-ai.jp', environments: {dev: {accountId: '123456789012'}}}, 'dev')
    const result = await provision({
      design,
      aws: aws(),
      layers: [layer],
      dryRun: false,
      adopt: false,
      forceUnlock: false,
      concurrency: 2,
      notice,
    })
    expect(result.applied.map((p) => p.action)).toEqual(['create'])
    expect(notice).toHaveBeenCalledWith(expect.stringContaining(`Could not release the lock ${design.lockParameter}`))
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 1)
  })
})
