import {afterEach, describe, expect, it} from 'vitest'
import {emulatorHasGap, isLoopback, requireLoopbackEmulator} from '../../../src/aws/emulator.js'

const saved = {mode: process.env.PLATFORM_EMULATOR, url: process.env.AWS_ENDPOINT_URL}
afterEach(() => {
  process.env.PLATFORM_EMULATOR = saved.mode
  if (saved.mode === undefined) delete process.env.PLATFORM_EMULATOR
  process.env.AWS_ENDPOINT_URL = saved.url
})

describe('PLATFORM_EMULATOR is honoured only on a loopback endpoint', () => {
  it('loopback: localhost, 127.0.0.0/8, ::1; anything else is not', () => {
    for (const u of ['http://127.0.0.1:5000', 'http://127.8.9.10', 'http://localhost:1', 'http://[::1]:4566'])
      expect(isLoopback(u), u).toBe(true)
    for (const u of [
      undefined,
      '',
      'https://s3.amazonaws.com',
      'http://127.0.0.1.nip.io',
      'http://10.0.0.1',
      'not a url',
      'http://localhost.evil.com',
    ])
      expect(isLoopback(u), String(u)).toBe(false)
  })

  it('a real endpoint is refused with exit 2; the tolerances stay off for it', () => {
    process.env.PLATFORM_EMULATOR = 'moto'
    expect(() => requireLoopbackEmulator('https://s3.ap-northeast-1.amazonaws.com')).toThrow(
      expect.objectContaining({exitCode: 2, message: expect.stringContaining('not a loopback address')}),
    )
    expect(() => requireLoopbackEmulator(undefined)).toThrow(expect.objectContaining({exitCode: 2}))
    process.env.AWS_ENDPOINT_URL = 'https://s3.amazonaws.com'
    expect(emulatorHasGap('kms-sign-digest-rehashed')).toBe(false)
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
    expect(emulatorHasGap('kms-sign-digest-rehashed')).toBe(true)
  })
})
