import YAML from 'yaml'
import {loadExceptions} from '../audit/exceptions.js'
import {ConfigError, UsageError} from '../errors.js'
import {readLocalFile} from '../files/local.js'
import {parseStore} from '../history/store.js'
import {loadConfig} from './config.js'
import {
  AUDIT_RUNNER_NAMESPACE,
  AUDIT_RUNNER_SERVICE_ACCOUNT,
  auditRunnerRoleArn,
  auditRunnerRoleName,
} from './audit-runner-names.js'
import {resolveDesign} from './resolve.js'
import type {ResolvedDesign} from './types.js'

/**
 * The nightly audit as a Kubernetes workload (`platform manifests --component audit-runner`):
 * a namespace, the IRSA service account, the configuration as a ConfigMap and a CronJob running
 * `platform audit --store`. Several environments become one Indexed Job per night whose pods
 * split the environment list by JOB_COMPLETION_INDEX: Kubernetes spreads the work, we schedule
 * nothing ourselves. Nothing here is read from AWS: the role ARN follows from names alone.
 */

export {AUDIT_RUNNER_NAMESPACE, AUDIT_RUNNER_SERVICE_ACCOUNT, auditRunnerRoleArn, auditRunnerRoleName}
/** 18:00 UTC = 03:00 JST, the night window the design uses for backups. */
export const DEFAULT_AUDIT_SCHEDULE = '0 18 * * *'
/** Where the ConfigMap is mounted; the audit is pointed at these files by flag. */
export const AUDIT_RUNNER_CONFIG_DIR = '/etc/platform'
const CONTAINER = 'audit'

export interface AuditRunnerOptions {
  /** The environment whose cluster runs the audit (and whose account holds the role). */
  design: ResolvedDesign
  accountId: string
  image: string
  /** s3://BUCKET/PREFIX, the audit's --store. */
  store: string
  /** The environments audited each night; more than one gives an Indexed Job. */
  environments: string[]
  /** Pods of the Indexed Job (default: one per environment). */
  shards?: number
  schedule: string
  signKey?: string
  /** The configuration and exceptions files' text, shipped to the pods in a ConfigMap. */
  files: {config?: string; exceptions?: string}
}

// Exit codes of `platform audit` (src/errors.ts): 1 findings and 3 incomplete mean the run ended
// and was stored, so a retry would only store a second run of the night; 2 (could not run) and
// anything else is worth one more try.
const STORED_EXIT_CODES = [1, 3]

export function auditRunnerManifests(o: AuditRunnerOptions): string {
  return (
    auditRunnerObjects(o)
      // No anchors for the shared labels, and the shard script as a literal block, kept as written.
      .map((doc) => YAML.stringify(doc, {aliasDuplicateObjects: false, blockQuote: 'literal'}))
      .join('---\n')
  )
}

export function auditRunnerObjects(o: AuditRunnerOptions): Record<string, unknown>[] {
  const d = o.design
  const labels = {'app.kubernetes.io/name': 'audit-runner', 'app.kubernetes.io/part-of': d.project, environment: d.env}
  const meta = (name: string) => ({name, namespace: AUDIT_RUNNER_NAMESPACE, labels})
  const sharded = o.environments.length > 1
  const shards = sharded ? checkShards(o) : 1
  const hasConfig = o.files.config !== undefined || o.files.exceptions !== undefined
  const fileFlags = [
    ...(o.files.config !== undefined ? ['--config', `${AUDIT_RUNNER_CONFIG_DIR}/platform.config.yaml`] : []),
    ...(o.files.exceptions !== undefined
      ? ['--exceptions', `${AUDIT_RUNNER_CONFIG_DIR}/platform.exceptions.yaml`]
      : []),
  ]
  const auditFlags = ['--store', o.store, '--compare-to', 'last', ...(o.signKey ? ['--sign-key', o.signKey] : [])]
  const container = {
    name: CONTAINER,
    image: o.image,
    // The image's entrypoint is `platform`: one environment needs only its arguments.
    ...(sharded
      ? {command: ['/bin/sh', '-c', shardScript([...auditFlags, ...fileFlags]), 'audit-shard'], args: o.environments}
      : {args: ['audit', '--env', o.environments[0]!, ...auditFlags, ...fileFlags]}),
    env: [
      // A read-only root file system: the SDK and oclif may write under HOME, so HOME is the emptyDir.
      {name: 'HOME', value: '/tmp'},
      {name: 'AWS_REGION', value: d.region},
      ...(sharded ? [{name: 'SHARDS', value: String(shards)}] : []),
    ],
    // Peak RSS of an audit of dev is 185 MB (README, Benchmark); the request leaves room for a
    // larger account. Fargate sizes the pod from the requests (plus 256 MB for its own agents):
    // https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html
    resources: {requests: {cpu: '250m', memory: '512Mi'}, limits: {memory: '1Gi'}},
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: {drop: ['ALL']},
    },
    volumeMounts: [
      {name: 'tmp', mountPath: '/tmp'},
      ...(hasConfig ? [{name: 'config', mountPath: AUDIT_RUNNER_CONFIG_DIR, readOnly: true}] : []),
    ],
  }
  const podSpec = {
    serviceAccountName: AUDIT_RUNNER_SERVICE_ACCOUNT,
    // podFailurePolicy and backoffLimitPerIndex require Never.
    restartPolicy: 'Never',
    // The image's user is 1000 (node); numeric, so the kubelet can check runAsNonRoot.
    securityContext: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000},
    containers: [container],
    volumes: [
      {name: 'tmp', emptyDir: {}},
      ...(hasConfig ? [{name: 'config', configMap: {name: 'platform-config'}}] : []),
    ],
  }
  // Pod failure policy (GA 1.31, beta and on by default since 1.26) and backoff limit per index
  // (beta and on by default since 1.29, GA 1.33):
  // https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
  // https://kubernetes.io/docs/concepts/workloads/controllers/job/#backoff-limit-per-index
  const jobSpec = sharded
    ? {
        completionMode: 'Indexed',
        completions: shards,
        parallelism: shards,
        // One shard's findings must neither retry it nor stop the others: FailIndex ends that
        // index only, and every index still runs (no maxFailedIndexes).
        backoffLimitPerIndex: 1,
        podFailurePolicy: {
          rules: [
            {action: 'FailIndex', onExitCodes: {containerName: CONTAINER, operator: 'In', values: STORED_EXIT_CODES}},
          ],
        },
      }
    : {
        backoffLimit: 2,
        podFailurePolicy: {
          rules: [
            {action: 'FailJob', onExitCodes: {containerName: CONTAINER, operator: 'In', values: STORED_EXIT_CODES}},
          ],
        },
      }
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    // No requirement ID: the design asks for the audit, not for when it runs (issue 13 does).
    metadata: meta(`${d.project}-nightly-audit`),
    spec: {
      schedule: o.schedule,
      // Explicit, so the controller's own time zone never shifts the night (GA in 1.27):
      // https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
      timeZone: 'Etc/UTC',
      // Two audits of one environment at once would store two runs racing for one chain link.
      concurrencyPolicy: 'Forbid',
      // A night missed while the controller was down still runs if it is at most 4 hours late.
      startingDeadlineSeconds: 4 * 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 7,
      jobTemplate: {
        metadata: {labels},
        spec: {
          ...jobSpec,
          // With Forbid, a hung run would skip every later night: it is stopped well before the next.
          activeDeadlineSeconds: 6 * 3600,
          template: {metadata: {labels}, spec: podSpec},
        },
      },
    },
  }
  return [
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: AUDIT_RUNNER_NAMESPACE, labels}},
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        ...meta(AUDIT_RUNNER_SERVICE_ACCOUNT),
        // IRSA (EKS Pod Identity does not support Fargate):
        // https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
        annotations: {'eks.amazonaws.com/role-arn': auditRunnerRoleArn(d, o.accountId)},
      },
    },
    ...(hasConfig
      ? [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: meta('platform-config'),
            data: {
              ...(o.files.config !== undefined ? {'platform.config.yaml': o.files.config} : {}),
              ...(o.files.exceptions !== undefined ? {'platform.exceptions.yaml': o.files.exceptions} : {}),
            },
          },
        ]
      : []),
    cronJob,
  ]
}

function checkShards(o: AuditRunnerOptions): number {
  const shards = o.shards ?? o.environments.length
  if (!Number.isInteger(shards) || shards < 1 || shards > o.environments.length)
    throw new UsageError(
      `--shards ${shards}: between 1 and the number of environments (${o.environments.length}).`,
      'Give fewer shards, or more environments with --shard-envs.',
    )
  // backoffLimitPerIndex is alpha (off) in 1.28: the API server would reject FailIndex.
  const [major, minor] = o.design.eks.version.split('.').map(Number)
  if (major === 1 && (minor ?? 0) < 29)
    throw new UsageError(
      `The Indexed Job needs Kubernetes 1.29 or later (backoffLimitPerIndex); ${o.design.env}'s cluster is ${o.design.eks.version}.`,
      `Set environments.${o.design.env}.eksVersion to a supported version, or schedule one environment per CronJob.`,
    )
  return shards
}

/**
 * Each pod audits the environments whose position modulo SHARDS is its JOB_COMPLETION_INDEX,
 * one after another, and goes on after a failure. It exits with the code that matters most:
 * a could-not-run (worth a retry) over an incomplete run (3) over findings (1).
 * The environment names are the script's arguments ("$@"), never spliced into its text.
 */
export function shardScript(flags: string[]): string {
  const quoted = flags.map((f) => `'${f.replaceAll("'", `'"'"'`)}'`).join(' ')
  return [
    'rank() { case "$1" in 0) echo 0 ;; 1) echo 1 ;; 3) echo 2 ;; *) echo 3 ;; esac; }',
    'i=0; worst=0',
    'for env in "$@"; do',
    '  if [ $((i % SHARDS)) -eq "$JOB_COMPLETION_INDEX" ]; then',
    `    platform audit --env "$env" ${quoted}`,
    '    rc=$?',
    '    echo "audit-shard $JOB_COMPLETION_INDEX: $env exit $rc"',
    '    if [ "$(rank "$rc")" -gt "$(rank "$worst")" ]; then worst=$rc; fi',
    '  fi',
    '  i=$((i + 1))',
    'done',
    'exit "$worst"',
  ].join('\n')
}

/** What the command's flags say; each falls back to `auditRunner` in the configuration. */
export interface AuditRunnerFlags {
  env: string
  config?: string
  exceptions?: string
  image?: string
  store?: string
  shardEnvs?: string[]
  shards?: number
  accountId?: string
  signKey?: string
}

/** Flags over configuration over defaults, every audited environment resolved before printing. */
export function auditRunnerInputs(f: AuditRunnerFlags): AuditRunnerOptions {
  const {config, file} = loadConfig({path: f.config})
  const design = resolveDesign(config, f.env, file)
  const r = config.auditRunner ?? {}
  const environments = f.shardEnvs?.length ? f.shardEnvs : (r.environments ?? [f.env])
  // A name that does not resolve would be a pod failing every night: refuse it now.
  for (const e of environments) resolveDesign(config, e, file)
  const twice = environments.filter((e, i) => environments.indexOf(e) !== i)
  if (twice.length > 0)
    throw new UsageError(`Environment listed twice: ${[...new Set(twice)].join(', ')}.`, 'List each environment once.')
  const accountId = f.accountId ?? design.accountId
  if (!accountId)
    throw new UsageError(
      `The runner's role ARN needs ${f.env}'s account id.`,
      `Set environments.${f.env}.accountId in the configuration, or pass --account-id.`,
    )
  if (!/^\d{12}$/.test(accountId)) throw new UsageError(`--account-id ${accountId}: not a 12-digit AWS account id.`)
  const image = f.image ?? r.image
  if (!image) throw new UsageError('The CronJob needs a container image.', 'Pass --image, or set auditRunner.image.')
  const store = f.store ?? r.store
  if (!store)
    throw new UsageError(
      'The nightly audit keeps its runs with --store s3://BUCKET/PREFIX.',
      'Pass --store, or set auditRunner.store.',
    )
  parseStore(store)
  const {file: exceptionsFile} = loadExceptions(f.exceptions)
  const read = (path: string, what: string) => readLocalFile(path, {what, error: (m) => new ConfigError(m, path)})
  return {
    design,
    accountId,
    image,
    store,
    environments,
    shards: f.shards,
    schedule: r.schedule ?? DEFAULT_AUDIT_SCHEDULE,
    signKey: f.signKey,
    files: {
      config: file ? read(file, 'Configuration file') : undefined,
      exceptions: exceptionsFile ? read(exceptionsFile, 'Exceptions file') : undefined,
    },
  }
}
