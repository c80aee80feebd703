import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {Config} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {auditOcsf} from '../../src/report/audit/ocsf.js'
import {auditSarif} from '../../src/report/audit/sarif.js'
import {readPackageJson, TOOL} from '../../src/tool.js'
import {ROOT} from '../helpers/cli.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {name: string; version: string}
const at = (path: string) => pathToFileURL(join(ROOT, path)).href

describe('tool name and version', () => {
  it('come from package.json', () => {
    expect(TOOL).toMatchObject({name: pkg.name, version: pkg.version})
  })

  it('are found from the sources and from the compiled dist/src alike', () => {
    expect(readPackageJson(at('src/tool.ts'))).toEqual({name: pkg.name, version: pkg.version})
    expect(readPackageJson(at('dist/src/tool.js'))).toEqual({name: pkg.name, version: pkg.version})
  })

  it('are read by the compiled module itself (npm run build first)', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `console.log(JSON.stringify((await import(${JSON.stringify(at('dist/src/tool.js'))})).TOOL))`,
      ],
      {cwd: tmpdir(), encoding: 'utf8'},
    )
    expect(JSON.parse(out)).toMatchObject({name: pkg.name, version: pkg.version})
  })

  it('say so when no package.json of the tool is above the module', () => {
    expect(() => readPackageJson(pathToFileURL(join(tmpdir(), 'x', 'tool.js')).href)).toThrow(/No package.json/)
  })

  it('agree with what oclif shows for `platform --version`', async () => {
    const config = await Config.load(ROOT)
    expect(config.version).toBe(TOOL.version)
    expect(config.name).toBe(TOOL.name)
  })

  it('are what SARIF and OCSF name as the producer', () => {
    const report = {
      env: 'dev',
      account: '123456789012',
      callerArn: 'arn:aws:iam::123456789012:user/t',
      regions: ['ap-northeast-1'],
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      summary: {pass: 1, fail: 0, error: 0, manual: 0, muted: 0},
      findings: [
        {
          checkId: 'kms-rotation',
          status: 'PASS' as const,
          severity: 'high' as const,
          requirements: ['kms.rotation'],
          resource: {type: 'kms-key', id: 'alias/medical-ai-dev', region: 'ap-northeast-1'},
          expected: true,
          actual: true,
          message: 'rotation on',
          remediation: {platform: 'platform provision --env dev', manual: 'enable rotation'},
        },
      ],
      calls: {total: 1, mutating: 0, readOnly: 1, byOperation: {'kms.GetKeyRotationStatus': 1}},
    }
    const sarif = auditSarif(report, []) as {runs: {tool: {driver: {name: string; version: string}}}[]}
    expect(sarif.runs[0]!.tool.driver).toMatchObject({name: pkg.name, version: pkg.version})
    const ocsf = auditOcsf(report) as {metadata: {product: {name: string; version: string}}}[]
    expect(ocsf[0]!.metadata.product).toMatchObject({name: pkg.name, version: pkg.version})
  })
})
