import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {emulatorEnv, runCli} from '../helpers/cli.js'
import {auditReport, cleanup, tempRoot} from './bundle.js'

const dirs: string[] = []
afterEach(() => cleanup(dirs))
// No endpoint at all: every case must be refused before any AWS call is attempted.
const env = () =>
  emulatorEnv(undefined, {AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y'})
const cli = (args: string[]) => runCli(args, {env: env(), timeoutMs: 20_000})
const fifo = (root: string, name: string) => {
  const p = join(root, name)
  execFileSync('mkfifo', [p])
  return p
}

describe('local inputs: regular files under a size limit, refused fast with exit 2', () => {
  it('--config /dev/zero and a FIFO config: exit 2 at once, naming what the path is', async () => {
    const root = tempRoot(dirs)
    const zero = await cli(['design', 'show', '--env', 'dev', '--config', '/dev/zero'])
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain('/dev/zero is a character device, not a regular file')
    const started = Date.now()
    const pipe = await cli(['design', 'show', '--env', 'dev', '--config', fifo(root, 'config.yaml')])
    expect(pipe.code).toBe(2)
    expect(pipe.stderr).toContain('is a FIFO, not a regular file')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('an oversized config and a YAML alias bomb: exit 2', async () => {
    const root = tempRoot(dirs)
    const big = join(root, 'big.yaml')
    writeFileSync(big, `# ${'x'.repeat(5 * 1024 * 1024)}\n`)
    const r = await cli(['design', 'show', '--env', 'dev', '--config', big])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/is \d+ bytes, over the limit of 4194304/)
    const bomb = join(root, 'bomb.yaml')
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++)
      lines.push(
        `${'a'.repeat(i + 1)}: &${'a'.repeat(i + 1)} [${Array(9)
          .fill(`*${'a'.repeat(i)}`)
          .join(',')}]`,
      )
    writeFileSync(bomb, lines.join('\n') + '\n')
    const b = await cli(['design', 'show', '--env', 'dev', '--config', bomb])
    expect(b.code).toBe(2)
    expect(b.stderr).toContain(bomb)
  })

  it('an exceptions FIFO is refused before the audit runs', async () => {
    const root = tempRoot(dirs)
    const r = await cli(['audit', '--env', 'dev', '--exceptions', fifo(root, 'exceptions.yaml')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('is a FIFO, not a regular file')
  })

  it('--output in a missing directory is refused before the audit runs (not an endpoint error)', async () => {
    const r = await cli(['audit', '--env', 'dev', '--format', 'csv', '--output', '/nonexistent-dir/out.csv'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--output /nonexistent-dir/out.csv cannot be written')
    expect(r.stderr).not.toContain('AWS')
  })
})

describe('--from is not trusted blindly', () => {
  const exportFrom = (root: string, from: string, envName = 'dev') =>
    cli(['evidence', 'export', '--env', envName, '--out', join(root, 'out'), '--from', from])

  it('/dev/zero, a FIFO and malformed JSON: exit 2 naming the file, never "AWS call failed"', async () => {
    const root = tempRoot(dirs)
    for (const [from, message] of [
      ['/dev/zero', 'is a character device, not a regular file'],
      [fifo(root, 'audit.json'), 'is a FIFO, not a regular file'],
      [(writeFileSync(join(root, 'bad.json'), '{"env": '), join(root, 'bad.json')), 'not valid JSON'],
    ] as const) {
      const r = await exportFrom(root, from)
      expect(r.code, from).toBe(2)
      expect(r.stderr, from).toContain(message)
      expect(r.stderr, from).not.toContain('AWS call failed')
    }
    expect(existsSync(join(root, 'out'))).toBe(false)
  })

  it('the audit of another environment, a summary that does not match its findings, an env with path characters', async () => {
    const root = tempRoot(dirs)
    const report = auditReport()
    const write = (name: string, doc: unknown) => {
      writeFileSync(join(root, name), JSON.stringify(doc))
      return join(root, name)
    }
    const other = await exportFrom(root, write('staging.json', {...report, env: 'staging'}))
    expect(other.code).toBe(2)
    expect(other.stderr).toContain('is the audit of staging, not of dev')
    const lying = await exportFrom(
      root,
      write('lying.json', {...report, summary: {...report.summary, fail: 0, pass: 999}}),
    )
    expect(lying.code).toBe(2)
    expect(lying.stderr).toContain('does not match its findings')
    const traversal = await exportFrom(root, write('traversal.json', {...report, env: '../../../tmp/x'}))
    expect(traversal.code).toBe(2)
    expect(readdirSync(root).sort()).toEqual(['lying.json', 'staging.json', 'traversal.json'])
  })
})
