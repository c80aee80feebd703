import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DeleteBucketPolicyCommand} from '@aws-sdk/client-s3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../src/audit/index.js'
import {renderInChromium} from '../helpers/chromium.js'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {clients} from '../helpers/full-env.js'
import {applyManifests} from '../helpers/kube.js'
import {startMoto, type Moto} from '../helpers/moto.js'

let moto: Moto
let dir: string
const CONFIG = ['--config', join(ROOT, 'config/local-dev.yaml')]
const cli = (args: string[]) => runCli(args, {env: emulatorEnv(moto.url)})

beforeAll(async () => {
  moto = await startMoto()
  dir = mkdtempSync(join(tmpdir(), 'audit-reports-'))
  const r = await cli(['provision', '--env', 'dev', ...CONFIG, '--yes'])
  expect(r.code, r.stderr).toBe(0)
  await applyManifests(moto, CONFIG[1]!)
  // One drift, so the page has a failure to link to: the data bucket no longer refuses plain HTTP.
  await clients(moto.url).s3.send(new DeleteBucketPolicyCommand({Bucket: 'medical-ai-dev-data'}))
})
afterAll(async () => {
  await moto?.stop()
  if (dir) rmSync(dir, {recursive: true, force: true})
})

const figure = (dom: string, id: string) => Number(new RegExp(`id="summary-${id}">(\\d+)<`).exec(dom)?.[1])

describe('audit reports as a person reads them (emulator dev, one drift)', () => {
  it('HTML in headless Chromium: the summary figures are --json’s, the first failure links to its row', async () => {
    const json = await cli(['audit', '--env', 'dev', ...CONFIG, '--json'])
    const report = json.json<AuditReport>()
    expect(report.summary.fail).toBeGreaterThan(0)

    const file = join(dir, 'audit.html')
    const r = await cli(['audit', '--env', 'dev', ...CONFIG, '--format', 'html', '--output', file, '--lang', 'en'])
    expect(r.code, r.stderr).toBe(1)
    // stdout is the summary and where the report went, not the table.
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^dev: FAIL \d+ · ERROR 0 · MUTED \d+ · MANUAL \d+ · PASS \d+ · \d+ read-only AWS calls$/),
      `Wrote html to ${file}`,
    ])

    const {dom, pngBytes} = renderInChromium(file, join(dir, 'audit.png'))
    expect(pngBytes).toBeGreaterThan(10_000)
    for (const k of ['pass', 'fail', 'error', 'manual', 'muted'] as const)
      expect(figure(dom, k), k).toBe(report.summary[k])
    const first = /<ol class="failures"><li class="FAIL"><a href="#(f-[0-9a-f]+)">/.exec(dom)
    expect(first, 'the first failure is a link').not.toBeNull()
    expect(dom).toContain(`id="${first![1]}"`)
    expect(readFileSync(file, 'utf8')).toContain('<html lang="en">')
  })

  it('ja: the page is Japanese, with no untranslated message key', async () => {
    const file = join(dir, 'audit-ja.html')
    const r = await cli(['audit', '--env', 'dev', ...CONFIG, '--format', 'html', '--output', file, '--lang', 'ja'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toContain('を')
    const {dom} = renderInChromium(file, join(dir, 'audit-ja.png'))
    expect(dom).toContain('<html lang="ja">')
    expect(dom).toContain('不適合と対処方法')
    expect(dom).toContain('JST')
    const text = dom.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')
    expect(text).not.toMatch(/\b(audit|common):[a-zA-Z]/)
  })

  it('the table: --status FAIL shows the failure and no PASS row; SARIF carries the configuration file', async () => {
    const t = await cli(['audit', '--env', 'dev', ...CONFIG, '--status', 'FAIL'])
    expect(t.code).toBe(1)
    expect(t.stdout).toMatch(/^ {2}FAIL +\S+ +s3-tls-only/m)
    expect(t.stdout).not.toMatch(/^ {2}PASS /m)
    const file = join(dir, 'audit.sarif')
    const s = await cli(['audit', '--env', 'dev', ...CONFIG, '--format', 'sarif', '--output', file])
    expect(s.code).toBe(1)
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: {results: {kind: string; locations: {physicalLocation: {artifactLocation: {uri: string}}}[]}[]}[]
    }
    const results = sarif.runs[0]!.results
    expect(results.length).toBeGreaterThan(0)
    expect(results.every((x) => x.kind !== 'pass')).toBe(true)
    expect(results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('config/local-dev.yaml')
  })
})
