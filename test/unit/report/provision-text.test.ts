import {describe, expect, it} from 'vitest'
import type {ProvisionResult} from '../../../src/reconcile/provision.js'
import type {PlannedResource} from '../../../src/reconcile/types.js'
import {provisionPlanText, provisionText} from '../../../src/report/provision-text.js'

const vpc: PlannedResource = {
  layer: 'network',
  id: 'network/vpc',
  type: 'AWS::EC2::VPC',
  name: 'vpc',
  action: 'create',
  changes: [],
  requirements: [],
}
const cluster: PlannedResource = {
  layer: 'aurora',
  id: 'aurora/cluster',
  type: 'AWS::RDS::DBCluster',
  name: 'aurora',
  action: 'update',
  physicalId: 'medical-ai-prod-aurora',
  changes: [{path: 'dbClusterParameterGroup', expected: 'a', actual: 'b', restarts: true}],
  requirements: [],
}

function result(over: Partial<ProvisionResult> = {}): ProvisionResult {
  return {
    env: 'dev',
    account: '123456789012',
    callerArn: 'arn:aws:iam::123456789012:user/ops',
    dryRun: false,
    plan: [],
    applied: [],
    layers: [{layer: 'network', created: 21, updated: 1, unchanged: 0, replaceRequired: 0, ms: 10}],
    pendingChanges: 0,
    replaceRequired: [],
    calls: {total: 79, mutating: 37, readOnly: 42, byOperation: {}},
    requiredSteps: [],
    criticalPathMs: 0,
    longestCallChain: 5,
    elapsedMs: 23_840,
    preflight: {
      account: '123456789012',
      callerArn: 'arn:aws:iam::123456789012:user/ops',
      accountConfigured: true,
      checks: [],
      problems: [],
      warnings: [],
    },
    outputs: {},
    ...over,
  }
}

const summary = [
  '',
  'layer              created  updated  unchanged  replace-required',
  'network            21       1        0          0',
  'AWS calls: 79 (37 mutating, 42 read-only); 23.8 s',
]

describe('provisionPlanText', () => {
  it('heads the plan with the environment, and says when it is a dry run', () => {
    const design = {project: 'medical-ai', env: 'dev'}
    expect(provisionPlanText([vpc], {design, dryRun: true, applyNow: false})).toEqual([
      'Plan for medical-ai-dev (dry run):',
      'network',
      '  + create           AWS::EC2::VPC vpc',
    ])
    expect(provisionPlanText([], {design, dryRun: false, applyNow: false})).toEqual([
      'Plan for medical-ai-dev:',
      'No changes: the environment matches the design.',
    ])
  })

  it('defers database restarts to the maintenance window in prod only, unless --apply-now', () => {
    const restart = (env: string, applyNow: boolean) =>
      provisionPlanText([cluster], {design: {project: 'medical-ai', env}, dryRun: false, applyNow})[3]
    const deferred =
      '      dbClusterParameterGroup: expected a; actual b   (restarts the database: applied in the next maintenance window; --apply-now to apply at once)'
    const now = '      dbClusterParameterGroup: expected a; actual b   (restarts the database: applied now)'
    expect(restart('prod', false)).toBe(deferred)
    expect(restart('prod', true)).toBe(now)
    expect(restart('staging', false)).toBe(now)
  })
})

describe('provisionText', () => {
  it('is the summary table and the call count when there is nothing else to do', () => {
    expect(provisionText(result())).toEqual(summary)
  })

  it('adds the DNS records of certificates, the manifests hint and the replacements left undone', () => {
    const lines = provisionText(
      result({
        outputs: {
          'certificates/regional': {
            status: 'PENDING_VALIDATION',
            validation: '_a.example.com. CNAME _b.acm-validations.aws.',
          },
          'certificates/cloudfront': {status: 'ISSUED'},
          'eks/cluster': {name: 'medical-ai-dev'},
        },
        replaceRequired: [{...vpc, action: 'replace-required'}],
        requiredSteps: [
          'DNS: origin-dev.example.com CNAME alb-1.elb.amazonaws.com (the origin)',
          'DNS: _a.example.com. CNAME _b.acm-validations.aws. (ACM validation)',
        ],
      }),
    )
    expect(lines).toEqual([
      ...summary,
      '',
      'Still to do outside AWS, with the values to use:',
      '  DNS: origin-dev.example.com CNAME alb-1.elb.amazonaws.com (the origin)',
      '  DNS: _a.example.com. CNAME _b.acm-validations.aws. (ACM validation)',
      '',
      'In-cluster pieces (namespaces, security group policy, target group binding, Velero schedule, workloads): platform manifests --env dev --image-tag RELEASE | kubectl apply -f -',
      '',
      '1 resource(s) need a replacement, which provision never does silently (see "!" above).',
    ])
  })
})
