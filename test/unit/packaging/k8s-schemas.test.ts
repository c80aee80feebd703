import {Deployment} from 'kubernetes-models/apps/v1/Deployment'
import {CronJob} from 'kubernetes-models/batch/v1/CronJob'
import {Job} from 'kubernetes-models/batch/v1/Job'
import {ConfigMap} from 'kubernetes-models/v1/ConfigMap'
import {Namespace} from 'kubernetes-models/v1/Namespace'
import {Service} from 'kubernetes-models/v1/Service'
import {ServiceAccount} from 'kubernetes-models/v1/ServiceAccount'
import {describe, expect, it} from 'vitest'
import {DEFAULT_AUDIT_SCHEDULE, auditRunnerObjects} from '../../../src/design/manifests-audit-runner.js'
import {manifestObjects, type ManifestInputs} from '../../../src/design/manifests.js'
import {resolveDesign} from '../../../src/design/resolve.js'

/**
 * Every generated object, built with its kubernetes-models class (the Kubernetes OpenAPI schema,
 * 4.5.1) and validated. Known limit: those schemas allow unknown fields, so a misspelt optional
 * field passes; required fields, types and enums are checked.
 */
const MODELS: Record<string, new (data: never) => {validate(): void}> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/CronJob': CronJob,
}
/** Custom resources: their CRDs come with their controllers, and kubernetes-models has no class for them. */
const NO_MODEL = new Set([
  'vpcresources.k8s.aws/v1beta1/SecurityGroupPolicy',
  'elbv2.k8s.aws/v1beta1/TargetGroupBinding',
  'velero.io/v1/Schedule',
])

type K8sObject = Record<string, unknown> & {apiVersion: string; kind: string}

/** Validates each object; returns the kinds validated and the custom kinds skipped. */
function validateAll(objects: Record<string, unknown>[]): {validated: string[]; custom: string[]} {
  const validated: string[] = []
  const custom: string[] = []
  for (const o of objects as K8sObject[]) {
    const key = `${o.apiVersion}/${o.kind}`
    const Model = MODELS[key]
    if (Model) {
      new Model(o as never).validate()
      validated.push(o.kind)
    } else if (NO_MODEL.has(key)) custom.push(o.kind)
    else throw new Error(`no model and not a known custom resource: ${key}`)
  }
  return {validated, custom}
}

const live: ManifestInputs = {
  account: '111122223333',
  imageTag: 'v1.4.2',
  veleroRoleArn: 'arn:aws:iam::111122223333:role/medical-ai-dev-velero-role',
  lbControllerRoleArn: 'arn:aws:iam::111122223333:role/medical-ai-dev-lb-controller-role',
  eksSecurityGroupId: 'sg-0eks',
  clusterSecurityGroupId: 'sg-0cluster',
  targetGroupArn:
    'arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:targetgroup/medical-ai-dev-api-tg/0123456789abcdef',
  targetGroupPort: 443,
  vpcId: 'vpc-0abc',
}
const prod = resolveDesign({environments: {prod: {eksVersion: '1.33'}}}, 'prod')
const runner = {
  design: prod,
  accountId: '111122223333',
  image: '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/platform:0.1.0',
  store: 's3://medical-ai-evidence/nightly',
  environments: ['prod'],
  schedule: DEFAULT_AUDIT_SCHEDULE,
  files: {config: 'project: medical-ai\n', exceptions: 'exceptions: []\n'},
}

describe('the generated manifests validate against the Kubernetes schemas (kubernetes-models)', () => {
  it.each(['dev', 'staging', 'prod'])('the cluster manifests of %s', (env) => {
    const {validated, custom} = validateAll(manifestObjects(resolveDesign({}, env), live))
    expect(new Set(validated)).toEqual(new Set(['Namespace', 'ServiceAccount', 'Service', 'Deployment']))
    expect(new Set(custom)).toEqual(new Set(['SecurityGroupPolicy', 'TargetGroupBinding', 'Schedule']))
  })

  it('the audit runner for one environment: Namespace, ServiceAccount, ConfigMap, CronJob', () => {
    expect(validateAll(auditRunnerObjects(runner))).toEqual({
      validated: ['Namespace', 'ServiceAccount', 'ConfigMap', 'CronJob'],
      custom: [],
    })
  })

  it('the sharded audit runner: the CronJob, and its job template as an Indexed Job', () => {
    const objects = auditRunnerObjects({...runner, environments: ['dev', 'staging', 'prod'], shards: 2})
    expect(validateAll(objects).validated).toContain('CronJob')
    const cj = objects.find((o) => o.kind === 'CronJob') as {spec: {jobTemplate: {metadata: object; spec: object}}}
    const job = new Job({metadata: {name: 'medical-ai-nightly-audit-manual'}, spec: cj.spec.jobTemplate.spec as never})
    job.validate()
    expect(job.spec?.completionMode).toBe('Indexed')
  })

  it('the validator is live: a wrong type, a missing required field or a bad enum is rejected', () => {
    const [cj] = auditRunnerObjects(runner).filter((o) => o.kind === 'CronJob') as {spec: Record<string, unknown>}[]
    const broken = (f: (spec: Record<string, unknown>) => void) => {
      const copy = structuredClone(cj!)
      f(copy.spec)
      return () => new CronJob(copy as never).validate()
    }
    expect(broken((s) => delete s.schedule)).toThrow(/schedule/)
    expect(broken((s) => (s.failedJobsHistoryLimit = 'seven'))).toThrow(/integer/)
    expect(
      broken((s) => {
        const job = (s.jobTemplate as {spec: {podFailurePolicy: {rules: {action: string}[]}}}).spec
        job.podFailurePolicy.rules[0]!.action = 'Retry'
      }),
    ).toThrow(/allowed values/)
  })
})
