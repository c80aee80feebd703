import {hostname} from 'node:os'
import {DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {AwsAccess} from '../../../src/aws/clients.js'
import {EnvironmentLock} from '../../../src/aws/lock.js'
import {LockHeldError} from '../../../src/errors.js'

const ssm = mockClient(SSMClient)
const aws = () => new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})})
const exists = Object.assign(new Error('exists'), {name: 'ParameterAlreadyExists'})

describe('EnvironmentLock', () => {
  beforeEach(() => ssm.reset())

  it('acquires with Overwrite=false and the holder, releases only its own lock', async () => {
    const lock = new EnvironmentLock(aws(), 'ap-northeast-1', '/platform/p/dev/provision-lock', {project: 'p'})
    ssm.on(PutParameterCommand).resolves({})
    await lock.acquire()
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: '/platform/p/dev/provision-lock',
      Overwrite: false,
      Type: 'String',
      Tags: [{Key: 'project', Value: 'p'}],
    })
    const value = JSON.parse(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input.Value!)
    expect(value).toMatchObject({host: hostname(), pid: process.pid})
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: JSON.stringify(value)}})
    ssm.on(DeleteParameterCommand).resolves({})
    await lock.release()
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 1)
  })

  it('does not delete a lock that someone else took after breaking ours', async () => {
    const lock = new EnvironmentLock(aws(), 'r', '/l', {})
    ssm.on(PutParameterCommand).resolves({})
    await lock.acquire()
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: JSON.stringify({runId: 'someone-else'})}})
    await lock.release()
    expect(ssm).not.toHaveReceivedCommand(DeleteParameterCommand)
  })

  it('held by a live process elsewhere: LockHeldError naming the holder', async () => {
    ssm.on(PutParameterCommand).rejects(exists)
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value: JSON.stringify({
          owner: 'ops',
          host: 'bastion-7',
          pid: 1,
          startedAt: '2026-11-29T01:00:00Z',
          runId: 'r',
        }),
      },
    })
    const err = await new EnvironmentLock(aws(), 'r', '/l', {}).acquire().catch((e) => e)
    expect(err).toBeInstanceOf(LockHeldError)
    expect(err.exitCode).toBe(5)
    expect(err.message).toContain('held by ops@bastion-7 (pid 1, since 2026-11-29T01:00:00Z)')
  })

  it('held by a dead process on this host: broken and retaken, with a notice', async () => {
    ssm.on(PutParameterCommand).rejectsOnce(exists).resolves({})
    ssm.on(GetParameterCommand).resolves({
      Parameter: {
        Value: JSON.stringify({owner: 'me', host: hostname(), pid: 2 ** 22 + 12345, startedAt: 's', runId: 'dead'}),
      },
    })
    ssm.on(DeleteParameterCommand).resolves({})
    const stale: number[] = []
    await new EnvironmentLock(aws(), 'r', '/l', {}).acquire({onStale: (h) => stale.push(h.pid)})
    expect(stale).toEqual([2 ** 22 + 12345])
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 2)
  })

  it('--force-unlock deletes first', async () => {
    ssm.on(DeleteParameterCommand).resolves({})
    ssm.on(PutParameterCommand).resolves({})
    await new EnvironmentLock(aws(), 'r', '/l', {}).acquire({force: true})
    expect(ssm.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'DeleteParameterCommand',
      'PutParameterCommand',
    ])
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, {Name: '/l'})
  })
})
