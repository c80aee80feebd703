import {join} from 'node:path'
import {GetParameterCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {hasControl} from '../../src/report/terminal.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => moto?.stop())

const LOCK = '/platform/medical-ai/dev/provision-lock'
const provision = (extra: string[] = []) =>
  runCli(
    ['provision', '--env', 'dev', '--config', join(ROOT, 'config/local-dev.yaml'), '--layer', 'kms', '--yes', ...extra],
    {env: emulatorEnv(moto.url)},
  )

describe('a malformed lock (not the holder JSON the tool writes)', () => {
  it('counts as held by someone the tool cannot name: exit 5, the value shown escaped; only --force-unlock breaks it', async () => {
    const ssm = new SSMClient({
      region: 'ap-northeast-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    await ssm.send(new PutParameterCommand({Name: LOCK, Type: 'String', Value: '{"owner": \u001b[31m broken'}))
    const held = await provision()
    expect(held.code, held.stderr).toBe(5)
    expect(held.stderr).toContain('unreadable holder')
    expect(hasControl(held.stderr), JSON.stringify(held.stderr)).toBe(false)
    // Still there: a malformed lock is never judged stale.
    expect((await ssm.send(new GetParameterCommand({Name: LOCK}))).Parameter?.Value).toContain('broken')

    const forced = await provision(['--force-unlock'])
    expect(forced.code, forced.stderr).toBe(0)
    await expect(ssm.send(new GetParameterCommand({Name: LOCK}))).rejects.toMatchObject({name: 'ParameterNotFound'})
  })
})
