import {spawnSync} from 'node:child_process'
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import YAML from 'yaml'
import {describe, expect, it} from 'vitest'
import {
  DEFAULT_AUDIT_SCHEDULE,
  auditRunnerInputs,
  auditRunnerManifests,
  auditRunnerRoleName,
  shardScript,
  type AuditRunnerOptions,
} from '../../../src/design/manifests-audit-runner.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {PlatformError} from '../../../src/errors.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed Kubernetes objects
type Obj = any
const parse = (yaml: string): Obj[] => YAML.parseAllDocuments(yaml).map((d) => d.toJS())
const prod = resolveDesign({environments: {prod: {eksVersion: '1.33'}}}, 'prod')
const base: AuditRunnerOptions = {
  design: prod,
  accountId: '111122223333',
  image: '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/platform:0.1.0',
  store: 's3://medical-ai-evidence/nightly',
  environments: ['prod'],
  schedule: DEFAULT_AUDIT_SCHEDULE,
  files: {},
}
const cronJobOf = (docs: Obj[]) => docs.find((d) => d.kind === 'CronJob')
const containerOf = (cj: Obj) => cj.spec.jobTemplate.spec.template.spec.containers[0]

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'audit-runner-')), 'platform.config.yaml')
  writeFileSync(file, text)
  return file
}

describe('platform manifests --component audit-runner: one environment', () => {
  const docs = parse(auditRunnerManifests(base))
  const cj = cronJobOf(docs)

  it('prints the Namespace, the IRSA ServiceAccount with the deterministic role ARN, and the CronJob', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`)).toEqual([
      'Namespace//audit-runner',
      'ServiceAccount/audit-runner/audit-runner',
      'CronJob/audit-runner/medical-ai-nightly-audit',
    ])
    expect(auditRunnerRoleName(prod)).toBe('medical-ai-prod-audit-runner-role')
    expect(docs[1].metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::111122223333:role/medical-ai-prod-audit-runner-role',
    )
    expect(cj.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe(docs[1].metadata.name)
  })

  it('runs nightly at 03:00 JST, never twice at once, with bounded history and a deadline', () => {
    expect(cj.spec).toMatchObject({
      schedule: '0 18 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 7,
    })
    // A hung run must end before the next night, or Forbid would skip that night.
    expect(cj.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThan(24 * 3600)
  })

  it('runs `platform audit --env ENV --store ...` in the given image, with resource requests, as non-root', () => {
    const c = containerOf(cj)
    expect(c.image).toBe(base.image)
    expect(c.command).toBeUndefined()
    expect(c.args).toEqual(['audit', '--env', 'prod', '--store', base.store, '--compare-to', 'last'])
    expect(c.resources.requests).toEqual({cpu: '250m', memory: '512Mi'})
    expect(c.securityContext).toMatchObject({allowPrivilegeEscalation: false, readOnlyRootFilesystem: true})
    expect(cj.spec.jobTemplate.spec.template.spec.securityContext).toMatchObject({runAsNonRoot: true, runAsUser: 1000})
  })

  it('never retries a run that ended and was stored (findings, incomplete), retries one that could not run', () => {
    const job = cj.spec.jobTemplate.spec
    expect(job.completionMode).toBeUndefined()
    expect(job.backoffLimit).toBe(2)
    expect(job.template.spec.restartPolicy).toBe('Never')
    expect(job.podFailurePolicy.rules).toEqual([
      {action: 'FailJob', onExitCodes: {containerName: 'audit', operator: 'In', values: [1, 3]}},
    ])
  })

  it('passes --sign-key through to the audit', () => {
    const c = containerOf(cronJobOf(parse(auditRunnerManifests({...base, signKey: 'alias/medical-ai-prod-sign'}))))
    expect(c.args.slice(-2)).toEqual(['--sign-key', 'alias/medical-ai-prod-sign'])
  })
})

describe('several environments: an Indexed Job sharding them across pods', () => {
  const envs = ['dev', 'staging', 'prod']

  it('has completions = parallelism = shards, per-index retries and FailIndex for stored runs', () => {
    const job = cronJobOf(parse(auditRunnerManifests({...base, environments: envs}))).spec.jobTemplate.spec
    expect(job).toMatchObject({completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1})
    expect(job.backoffLimit).toBeUndefined()
    expect(job.podFailurePolicy.rules).toEqual([
      {action: 'FailIndex', onExitCodes: {containerName: 'audit', operator: 'In', values: [1, 3]}},
    ])
    const c = job.template.spec.containers[0]
    expect(c.command.slice(0, 2)).toEqual(['/bin/sh', '-c'])
    expect(c.args).toEqual(envs)
    expect(c.env).toContainEqual({name: 'SHARDS', value: '3'})
  })

  it('takes fewer shards than environments, and refuses more', () => {
    const job = cronJobOf(parse(auditRunnerManifests({...base, environments: envs, shards: 2}))).spec.jobTemplate.spec
    expect([job.completions, job.parallelism]).toEqual([2, 2])
    expect(() => auditRunnerManifests({...base, environments: envs, shards: 4})).toThrow(/between 1 and .*\(3\)/)
  })

  it('refuses a cluster older than 1.29, where backoffLimitPerIndex is off and FailIndex is rejected', () => {
    const old = resolveDesign({}, 'prod')
    expect(old.eks.version).toBe('1.28')
    expect(() => auditRunnerManifests({...base, design: old, environments: envs})).toThrow(/1\.29/)
    // One environment needs neither.
    expect(() => auditRunnerManifests({...base, design: old})).not.toThrow()
  })

  it('the pods split the list by JOB_COMPLETION_INDEX, go on after a failure, and exit with the code that matters', () => {
    // The real shell on a fake `platform` that records what it was asked and exits per environment.
    const dir = mkdtempSync(join(tmpdir(), 'audit-shard-'))
    const log = join(dir, 'calls')
    writeFileSync(
      join(dir, 'platform'),
      `#!/bin/sh\necho "$*" >> '${log}'\ncase "$3" in b) exit 1 ;; c) exit 3 ;; d) exit 2 ;; *) exit 0 ;; esac\n`,
    )
    chmodSync(join(dir, 'platform'), 0o755)
    const script = shardScript(['--store', "s3://b/it's $(touch pwned)", '--compare-to', 'last'])
    const run = (index: number) => {
      writeFileSync(log, '')
      const r = spawnSync('/bin/sh', ['-c', script, 'audit-shard', 'a', 'b', 'c', 'd', 'e'], {
        env: {PATH: `${dir}:/usr/bin:/bin`, SHARDS: '2', JOB_COMPLETION_INDEX: String(index)},
        cwd: dir,
        encoding: 'utf8',
      })
      return {code: r.status, calls: readFileSync(log, 'utf8').trim().split('\n')}
    }
    const flags = "--store s3://b/it's $(touch pwned) --compare-to last"
    // Index 0: a (0), c (3), e (0): incomplete outranks clean.
    expect(run(0)).toEqual({
      code: 3,
      calls: [`audit --env a ${flags}`, `audit --env c ${flags}`, `audit --env e ${flags}`],
    })
    // Index 1: b (1, findings), d (2, could not run): the retryable code wins, and d still ran after b.
    expect(run(1)).toEqual({code: 2, calls: [`audit --env b ${flags}`, `audit --env d ${flags}`]})
    // The flag text was passed as data, never run.
    expect(() => readFileSync(join(dir, 'pwned'))).toThrow()
  })
})

describe('auditRunnerInputs: flags over configuration over defaults', () => {
  it('reads the schedule, environments, image and store from auditRunner, and ships the file in a ConfigMap', () => {
    const text = [
      'project: acme',
      'environments:',
      '  prod: {accountId: "444455556666", eksVersion: "1.33"}',
      'auditRunner:',
      '  schedule: "30 17 * * *"',
      '  environments: [dev, prod]',
      '  image: registry.example/platform:0.1.0',
      '  store: s3://acme-evidence/nightly',
      '',
    ].join('\n')
    const opts = auditRunnerInputs({env: 'prod', config: configFile(text)})
    expect(opts).toMatchObject({
      accountId: '444455556666',
      schedule: '30 17 * * *',
      environments: ['dev', 'prod'],
      image: 'registry.example/platform:0.1.0',
      store: 's3://acme-evidence/nightly',
    })
    const docs = parse(auditRunnerManifests(opts))
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'ServiceAccount', 'ConfigMap', 'CronJob'])
    expect(docs[1].metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::444455556666:role/acme-prod-audit-runner-role',
    )
    // The pods audit the same design as here: the configuration goes with them, byte for byte.
    expect(docs[2].data['platform.config.yaml']).toBe(text)
    const cj = cronJobOf(docs)
    expect(cj.spec.schedule).toBe('30 17 * * *')
    expect(containerOf(cj).command[2]).toContain("'--config' '/etc/platform/platform.config.yaml'")
    expect(containerOf(cj).volumeMounts).toContainEqual({name: 'config', mountPath: '/etc/platform', readOnly: true})
  })

  it('lets flags override the configuration, and defaults the schedule to 18:00 UTC', () => {
    const file = configFile('auditRunner:\n  environments: [dev, prod]\n  image: a/b:1\n  store: s3://x-bucket/p\n')
    const opts = auditRunnerInputs({
      env: 'dev',
      config: file,
      accountId: '123456789012',
      image: 'c/d:2',
      store: 's3://y-bucket/q',
      shardEnvs: ['staging'],
    })
    expect(opts).toMatchObject({
      schedule: '0 18 * * *',
      image: 'c/d:2',
      store: 's3://y-bucket/q',
      environments: ['staging'],
    })
  })

  it.each([
    [{shardEnvs: ['dev', 'nope']}, /Unknown environment "nope"/],
    [{shardEnvs: ['dev', 'dev']}, /listed twice: dev/],
    [{accountId: undefined}, /account id/],
    [{accountId: '12345'}, /12-digit/],
    [{image: undefined}, /container image/],
    [{store: undefined}, /--store/],
    [{store: 'https://example.com/x'}, /Not an S3 location/],
  ])('refuses %j before printing anything', (over, message) => {
    const flags = {env: 'dev', accountId: '123456789012', image: 'a/b:1', store: 's3://x-bucket/p', ...over}
    expect(() => auditRunnerInputs({...flags, config: configFile('project: acme\n')})).toThrow(PlatformError)
    expect(() => auditRunnerInputs({...flags, config: configFile('project: acme\n')})).toThrow(message)
  })

  it('rejects a schedule that is not cron in the configuration, naming the field', () => {
    expect(() =>
      auditRunnerInputs({env: 'dev', config: configFile('auditRunner:\n  schedule: "every night"\n')}),
    ).toThrow(/auditRunner\.schedule: must be a five-field cron schedule/)
  })
})
