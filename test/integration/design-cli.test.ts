import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../checks/index.js'
import type {DesignView} from '../../src/design/show.js'
import {REQUIREMENTS} from '../../src/design/requirements.js'
import {emulatorEnv, runCli} from '../helpers/cli.js'

const env = emulatorEnv(undefined)

function configDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'platform-cfg-'))
  writeFileSync(join(dir, 'platform.config.yaml'), text)
  return dir
}

describe('platform design show (built CLI)', () => {
  it('staging --json holds VPC 10.1.0.0/16, the six subnets, and every requirement ID', async () => {
    const r = await runCli(['design', 'show', '--env', 'staging', '--json'], {env})
    expect(r.code).toBe(0)
    const view = r.json<DesignView>()
    const items = view.sections.flatMap((s) => s.items)
    expect(items.find((i) => i.requirement === 'vpc.cidr')?.value).toBe('10.1.0.0/16')
    const subnets = items
      .filter((i) => i.requirement.startsWith('subnet.'))
      .map((i) => i.value as {key: string; cidr: string; az: string})
    expect(subnets.map((s) => [s.key, s.cidr, s.az])).toEqual([
      ['public-1a', '10.1.1.0/24', 'ap-northeast-1a'],
      ['public-1c', '10.1.2.0/24', 'ap-northeast-1c'],
      ['public-1d', '10.1.3.0/24', 'ap-northeast-1d'],
      ['private-1a', '10.1.11.0/24', 'ap-northeast-1a'],
      ['private-1c', '10.1.12.0/24', 'ap-northeast-1c'],
      ['private-1d', '10.1.13.0/24', 'ap-northeast-1d'],
    ])
    const ids = new Set(items.map((i) => i.requirement))
    for (const req of REQUIREMENTS) expect(ids.has(req.id), req.id).toBe(true)
  })

  it('human output marks an override with its file and path', async () => {
    const cwd = configDir('environments:\n  dev:\n    natGateways: 1\n')
    const r = await runCli(['design', 'show', '--env', 'dev'], {env, cwd})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/ha\.nat\s+1\s+\[.*platform\.config\.yaml: environments\.dev\.natGateways\]/)
    expect(r.stdout).toContain('Security baseline (beyond the design)')
  })

  it('an unknown --env exits 2 and lists the valid ones, also configured ones', async () => {
    const cwd = configDir('environments:\n  qa:\n    vpcCidr: 10.9.0.0/16\n')
    const r = await runCli(['design', 'show', '--env', 'perf'], {env, cwd})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Unknown environment "perf". Valid environments: prod, staging, dev, qa.')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it("design lint reports the design's unsupported Kubernetes 1.28 as an error (EKS cannot create it) and exits 1", async () => {
    const r = await runCli(['design', 'lint', '--env', 'prod', '--json'], {env})
    expect(r.code).toBe(1)
    const f = r.json<{findings: {code: string; level: string; message: string}[]}>().findings
    const version = f.find((x) => x.code === 'eks-version-unsupported')!
    expect(version.level).toBe('error')
    expect(version.message).toMatch(/Set environments\.prod\.eksVersion to one of 1\.\d\d(, 1\.\d\d)*\./)
  })

  it('design lint exits 1 on an inconsistent design', async () => {
    const cwd = configDir('environments:\n  dev:\n    backupWindow: "19:30-20:30"\n')
    const r = await runCli(['design', 'lint', '--env', 'dev'], {env, cwd})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('backup-overlaps-maintenance')
  })
})

describe('bad configuration files: exit 2, file, field path, what is allowed, no stack trace', () => {
  it.each([
    ['YAML syntax', 'project: [acme\n', /platform\.config\.yaml: YAML syntax error at line \d+, column \d+/],
    ['unknown key', 'environments:\n  dev:\n    natGateway: 1\n', /environments\.dev: unknown key "natGateway"/],
    [
      'wrong type',
      'environments:\n  dev:\n    natGateways: "one"\n',
      /environments\.dev\.natGateways: Invalid input: expected number, received string/,
    ],
    [
      'CIDR outside the VPC',
      'environments:\n  dev:\n    subnets:\n      public-1a:\n        cidr: 10.3.1.0/24\n',
      /environments\.dev\.subnets\.public-1a\.cidr: 10\.3\.1\.0\/24 is outside the VPC 10\.2\.0\.0\/16/,
    ],
    ['bad project name', 'project: Medical_AI\n', /project: must be 2-20 characters/],
  ])('%s', async (_name, text, message) => {
    const cwd = configDir(text)
    const r = await runCli(['design', 'show', '--env', 'dev'], {env, cwd})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain(join(cwd, 'platform.config.yaml'))
    expect(r.stderr).toContain('Remedy:')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('--config naming a missing file', async () => {
    const r = await runCli(['design', 'show', '--env', 'dev', '--config', '/nonexistent/p.yaml'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Configuration file not found: /nonexistent/p.yaml')
  })

  it('--json turns the error into data', async () => {
    const cwd = configDir('environments:\n  dev:\n    natGateways: 9\n')
    const r = await runCli(['design', 'show', '--env', 'dev', '--json'], {env, cwd})
    expect(r.code).toBe(2)
    expect(r.json()).toMatchObject({
      error: {code: 'CONFIG', exitCode: 2, message: expect.stringContaining('environments.dev.natGateways')},
    })
  })

  it('a bad flag is a usage error, exit 2', async () => {
    const r = await runCli(['design', 'show', '--env', 'dev', '--frobnicate'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Nonexistent flag: --frobnicate/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('platform checks list / show', () => {
  it('lists every check with its metadata; shows one; an unknown id exits 2', async () => {
    const list = await runCli(['checks', 'list', '--json'], {env})
    expect(list.code).toBe(0)
    const checks = list.json<
      {
        id: string
        severity: string
        requirements: string[]
        frameworks: {fsbp: string[]}
        remediation: {platform: string}
      }[]
    >()
    expect(checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id))
    expect(checks.find((c) => c.id === 'sg-rds-rules')).toMatchObject({
      severity: 'high',
      requirements: ['sg.rds.ingress', 'sg.rds.egress'],
      frameworks: {fsbp: ['EC2.18', 'RDS.2']},
    })
    const show = await runCli(['checks', 'show', 'kms-rotation'], {env})
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('kms-rotation: Customer-managed keys rotate automatically')
    expect(show.stdout).toMatch(/FSBP {10}KMS\.4/)
    const unknown = await runCli(['checks', 'show', 'nope'], {env})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown check "nope"')
  })
})
