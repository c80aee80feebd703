import {join} from 'node:path'
import {PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {hasControl} from '../../src/report/terminal.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => moto?.stop())

describe('a lock holder carrying terminal escape sequences', () => {
  it('is printed with its control characters made visible (exit 5), never interpreted', async () => {
    const ssm = new SSMClient({
      region: 'ap-northeast-1',
      endpoint: moto.url,
      credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'},
    })
    await ssm.send(
      new PutParameterCommand({
        Name: '/platform/medical-ai/dev/provision-lock',
        Type: 'String',
        Value: JSON.stringify({
          owner: '\u001b]52;c;cm0gLXJmIH4=\u0007mallory',
          host: 'elsewhere\u001b[2J',
          pid: 1,
          startedAt: '\u009b31m2026-11-29',
          runId: 'x',
        }),
      }),
    )
    const r = await runCli(
      ['provision', '--env', 'dev', '--config', join(ROOT, 'config/local-dev.yaml'), '--layer', 'kms', '--yes'],
      {env: emulatorEnv(moto.url)},
    )
    expect(r.code, r.stderr).toBe(5)
    expect(r.stderr).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07mallory@elsewhere\\x1b[2J')
    expect(hasControl(r.stderr), JSON.stringify(r.stderr)).toBe(false)
  })
})
