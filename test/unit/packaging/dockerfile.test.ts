import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../../helpers/cli.js'

/**
 * No Docker daemon on the machines that run this suite, so the image is not built here: these
 * tests read the Dockerfile for the properties the image must have, and check that what it
 * copies exists (or is produced by the build stage).
 */
interface Instruction {
  op: string
  args: string
}

function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/)
      return {op: op!.toUpperCase(), args: rest.join(' ')}
    })
}

const all = instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
const stages: Instruction[][] = []
for (const i of all) {
  if (i.op === 'FROM') stages.push([])
  stages.at(-1)!.push(i)
}
const runtime = stages.at(-1)!
const of = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op)
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {files: string[]}

describe('Dockerfile', () => {
  it('builds from Node 20 slim in every stage', () => {
    expect(stages.length).toBe(2)
    for (const s of stages) expect(s[0]!.args).toMatch(/^node:20-slim(\s|$)/)
  })

  it('installs production dependencies only, from the lockfile, in the runtime stage', () => {
    const runs = of(runtime, 'RUN').map((r) => r.args)
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true)
    expect(runs.join('\n')).not.toMatch(/npm (install|i)\b/)
    expect(of(runtime, 'COPY').map((c) => c.args)).toContain('package.json package-lock.json ./')
  })

  it('runs as a non-root user, numeric so Kubernetes can check runAsNonRoot', () => {
    const users = of(runtime, 'USER')
    expect(users.length).toBe(1)
    expect(users[0]!.args).toMatch(/^[1-9]\d*(:\d+)?$/)
    // USER comes before ENTRYPOINT, so nothing after it runs as root.
    expect(runtime.indexOf(users[0]!)).toBeLessThan(runtime.indexOf(of(runtime, 'ENTRYPOINT')[0]!))
  })

  it('has `platform` as its entrypoint, linked to the shipped bin/run.js', () => {
    expect(of(runtime, 'ENTRYPOINT').map((e) => JSON.parse(e.args))).toEqual([['platform']])
    expect(of(runtime, 'RUN').some((r) => r.args.includes('ln -s /app/bin/run.js /usr/local/bin/platform'))).toBe(true)
  })

  it('copies exactly what the npm package ships from the build stage, and sources that exist', () => {
    const fromBuild = of(runtime, 'COPY')
      .filter((c) => c.args.startsWith('--from=build'))
      .map((c) => c.args.split(/\s+/)[1]!.replace(/^\/src\//, ''))
    expect(fromBuild.sort()).toEqual([...pkg.files].sort())
    // dist is built in the first stage (npm run build); the rest is in the repository.
    expect(of(stages[0]!, 'RUN').some((r) => r.args === 'npm run build')).toBe(true)
    for (const f of fromBuild.filter((f) => f !== 'dist' && f !== 'oclif.manifest.json'))
      expect(existsSync(join(ROOT, f)), f).toBe(true)
    for (const c of all.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = c.args
        .split(/\s+/)
        .slice(0, -1)
        .filter((s) => s !== '.')
      for (const s of sources) expect(existsSync(join(ROOT, s)), s).toBe(true)
    }
  })

  it('keeps the local tree out of the build context (.dockerignore)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')
    for (const p of ['.git', 'node_modules', 'dist', 'platform.config.yaml']) expect(ignored).toContain(p)
  })
})
