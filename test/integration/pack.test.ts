import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {CronJob} from 'kubernetes-models/batch/v1/CronJob'
import {Namespace} from 'kubernetes-models/v1/Namespace'
import {ServiceAccount} from 'kubernetes-models/v1/ServiceAccount'
import {ConfigMap} from 'kubernetes-models/v1/ConfigMap'
import YAML from 'yaml'
import {describe, expect, it} from 'vitest'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'

/**
 * scripts/pack-check.sh: `npm pack`, the tarball installed into an empty prefix (production
 * dependencies from the registry or the npm cache), and the installed `platform` run from there.
 * --no-build: the suite has built dist/ already, and a rebuild (rm -rf dist) would pull it from
 * under the integration tests running beside this one. About 20 s on the 2-core machine.
 */
describe('the packed tarball', () => {
  it('installs into an empty prefix; --version, -v, audit --help and completion run from it', () => {
    const r = spawnSync('bash', [join(ROOT, 'scripts/pack-check.sh'), '--no-build'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    })
    expect(r.stderr + r.stdout).toMatch(/pack-check: ok/)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^--version: platform\/\d+\.\d+\.\d+ /m)
    expect(r.stdout).toMatch(/^-v: platform\/\d+\.\d+\.\d+ /m)
    expect(r.stdout).toMatch(/^tarball: \d+ files, runtime only$/m)
    expect(r.stdout).toMatch(/^autocomplete script bash: ok$/m)
  }, 180_000)
})

describe('platform manifests --component audit-runner (the built CLI, no AWS endpoint at all)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-runner-cli-'))
  const config = join(dir, 'platform.config.yaml')
  writeFileSync(
    config,
    [
      'environments:',
      '  prod: {accountId: "111122223333", eksVersion: "1.33"}',
      'auditRunner:',
      '  environments: [dev, staging, prod]',
      '  store: s3://medical-ai-evidence/nightly',
      '',
    ].join('\n'),
  )
  const MODELS = {Namespace, ServiceAccount, ConfigMap, CronJob} as Record<string, new (d: never) => {validate(): void}>

  it('prints manifests kubectl can apply: each validates, the job is Indexed over the three environments', async () => {
    const r = await runCli(
      [
        'manifests',
        '--component',
        'audit-runner',
        '--env',
        'prod',
        '--config',
        config,
        '--image',
        'reg.example/platform:0.1.0',
      ],
      {env: emulatorEnv(undefined), cwd: dir},
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const docs = YAML.parseAllDocuments(r.stdout).map((d) => d.toJS() as {kind: string; spec?: never})
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'ServiceAccount', 'ConfigMap', 'CronJob'])
    for (const d of docs) new MODELS[d.kind]!(d as never).validate()
    const job = (
      docs[3] as unknown as {
        spec: {jobTemplate: {spec: {completions: number; template: {spec: {containers: {args: string[]}[]}}}}}
      }
    ).spec.jobTemplate.spec
    expect(job.completions).toBe(3)
    expect(job.template.spec.containers[0]!.args).toEqual(['dev', 'staging', 'prod'])
  })

  it('exits 2 naming what is missing, and the cluster component still needs --image-tag', async () => {
    const noImage = await runCli(['manifests', '--component', 'audit-runner', '--env', 'prod', '--config', config], {
      env: emulatorEnv(undefined),
      cwd: dir,
    })
    expect(noImage.code).toBe(2)
    expect(noImage.stderr).toMatch(/container image.*\n.*--image/)
    const noTag = await runCli(['manifests', '--env', 'dev', '--config', config], {
      env: emulatorEnv(undefined),
      cwd: dir,
    })
    expect(noTag.code).toBe(2)
    expect(noTag.stderr).toMatch(/--image-tag is required/)
  })
})
