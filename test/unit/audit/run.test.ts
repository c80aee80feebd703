import {HeadBucketCommand, S3Client} from '@aws-sdk/client-s3'
import {mockClient} from 'aws-sdk-client-mock'
import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {auditExitCode} from '../../../src/audit/exit.js'
import {applyExceptions, runChecks, selectChecks} from '../../../src/audit/run.js'
import type {Finding} from '../../../src/audit/types.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {AccessDeniedError} from '../../../src/errors.js'
import {bucketResource} from '../../../src/layers/s3/bucket.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {createContext} from '../../../src/reconcile/context.js'
import {RESOURCES} from '../../../src/resources.js'
import {cleanInventory, devDesign, withItem} from '../../helpers/fixture.js'

const finding = (status: Finding['status'], severity: Finding['severity'], checkId = 'c'): Finding => ({
  checkId,
  status,
  severity,
  requirements: [],
  resource: {type: 't', id: 'r1', region: 'x'},
  expected: 1,
  actual: 2,
  message: 'm',
  remediation: {platform: 'p', manual: 'm'},
})

describe('exit codes for cron', () => {
  it.each([
    [[finding('PASS', 'high')], 'low', 0],
    [[finding('FAIL', 'low')], 'low', 1],
    [[finding('FAIL', 'low')], 'high', 0],
    [[finding('FAIL', 'critical'), finding('ERROR', 'high')], 'high', 1],
    [[finding('ERROR', 'high'), finding('PASS', 'high')], 'low', 3],
    [[finding('FAIL', 'low'), finding('ERROR', 'high')], 'high', 3],
    [[finding('MUTED', 'critical'), finding('MANUAL', 'info')], 'low', 0],
  ] as const)('%# -> %s', (findings, failOn, code) => expect(auditExitCode([...findings], failOn)).toBe(code))
})

describe('exceptions', () => {
  it('an unexpired exception mutes its check on its resource; an expired one mutes nothing and is itself a FAIL', () => {
    const today = new Date('2026-11-29')
    const out = applyExceptions(
      [finding('FAIL', 'high', 'a'), finding('FAIL', 'high', 'b')],
      [
        {check: 'a', resource: 'r1', reason: 'accepted until the migration', owner: 'sec', expires: '2026-12-31'},
        {check: 'b', resource: '*', reason: 'accepted until last month', owner: 'ops', expires: '2026-11-28'},
      ],
      today,
    )
    expect(out.map((f) => [f.checkId, f.status])).toEqual([
      ['a', 'MUTED'],
      ['b', 'FAIL'],
      ['exception-expired', 'FAIL'],
    ])
    expect(out[0]!.exception).toEqual({reason: 'accepted until the migration', owner: 'sec', expires: '2026-12-31'})
    expect(out[2]!.message).toContain('expired on 2026-11-28')
  })
})

describe('filters', () => {
  it('--check, --section and --severity select checks; MANUAL rows only when not filtering by check or severity', () => {
    expect(selectChecks(CHECKS, {checks: ['vpc-cidr']}).map((c) => c.id)).toEqual(['vpc-cidr'])
    const s5 = selectChecks(CHECKS, {sections: ['5']}).map((c) => c.id)
    expect(s5).toEqual(expect.arrayContaining(['aurora-backup', 'aurora-parameters', 'aurora-instances']))
    expect(s5).not.toContain('vpc-cidr')
    expect(selectChecks(CHECKS, {severity: 'critical'}).every((c) => c.severity === 'critical')).toBe(true)
    expect(
      selectChecks(CHECKS, {sections: ['baseline']}).every((c) =>
        c.requirements.some((r) => r.startsWith('baseline.')),
      ),
    ).toBe(true)
    const inv = cleanInventory()
    const manual = (f: Parameters<typeof runChecks>[0]['filters']) =>
      runChecks({
        checks: CHECKS,
        inventory: inv,
        design: devDesign(),
        exceptions: [],
        today: new Date(),
        filters: f,
      }).filter((x) => x.status === 'MANUAL').length
    expect([
      manual({}),
      manual({sections: ['4.3']}),
      manual({checks: ['vpc-cidr']}),
      manual({severity: 'high'}),
    ]).toEqual([7, 3, 0, 0])
  })

  it('a check that throws is an ERROR, never a silent pass', () => {
    const broken = {
      ...CHECKS[0]!,
      run: () => {
        throw new Error('boom')
      },
    }
    const out = runChecks({
      checks: [broken],
      inventory: withItem(cleanInventory(), 'network/vpc', (i) => i),
      design: devDesign(),
      exceptions: [],
      today: new Date(),
      filters: {checks: [broken.id]},
    })
    expect(out).toMatchObject([{status: 'ERROR', message: 'The check failed to run: boom'}])
  })
})

describe('bucket names are global', () => {
  it('HeadBucket 403: an access error naming both causes and the prefix/suffix remedy', async () => {
    const s3 = mockClient(S3Client)
    s3.on(HeadBucketCommand).rejects(
      Object.assign(new Error('Forbidden'), {name: '403', $metadata: {httpStatusCode: 403}}),
    )
    const design = resolveDesign({}, 'dev')
    const ctx = createContext({
      aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
      design,
      account: '1',
      mode: 'plan',
    })
    const def = bucketResource({
      key: RESOURCES.bucket('logs'),
      name: 'medical-ai-dev-logs',
      region: () => 'ap-northeast-1',
      requirements: {encryption: 'e', versioning: 'v', lifecycle: 'l'},
      versioning: false,
      lifecycle: [],
      holdsData: true,
    })
    const err = await def.find(ctx).catch((e) => e)
    expect(err).toBeInstanceOf(AccessDeniedError)
    expect(err.message).toBe(
      'HeadBucket on medical-ai-dev-logs was denied (403): the name is taken by another AWS account (bucket names are global), or the caller lacks s3:ListBucket on it.',
    )
    expect(err.remedy).toContain('bucketNamePrefix or bucketNameSuffix')
    s3.restore()
  })
})

describe('copies of a resource (same ownership tags and logical id) are FAIL findings, never ERROR', () => {
  const run = (inv: ReturnType<typeof cleanInventory>) =>
    runChecks({checks: CHECKS, inventory: inv, design: devDesign(), exceptions: [], today: new Date(), filters: {}})

  it('names the resource judged and every copy, with the requirement of the resource', () => {
    const inv = withItem(cleanInventory(), RESOURCES.vpc.id, (i) => ({
      ...i,
      copies: {
        requirements: ['vpc.cidr', 'env.cidr'],
        mayHoldData: false,
        found: [
          {physicalId: 'vpc-copy1', why: 'same ownership tags as vpc-main, kept as which others depend on'},
          {physicalId: 'vpc-copy2', why: 'same ownership tags as vpc-main, kept as which others depend on'},
        ],
      },
    }))
    const clean = run(cleanInventory())
    const findings = run(inv)
    const fails = findings.filter((f) => f.status === 'FAIL' && f.message.includes('vpc-copy1'))
    expect(fails).toHaveLength(1)
    const kept = inv.items.get(RESOURCES.vpc.id)!.physicalId!
    expect(fails[0]).toMatchObject({
      requirements: ['vpc.cidr', 'env.cidr'],
      resource: {id: kept},
      expected: [kept],
      actual: [kept, 'vpc-copy1', 'vpc-copy2'],
      message: expect.stringMatching(
        /2 copies carry its ownership tags and logical id besides .*vpc-copy1 .*vpc-copy2/,
      ),
      remediation: {manual: expect.stringMatching(/provision` deletes the copies that nothing depends on/)},
    })
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual(clean.filter((f) => f.status === 'ERROR'))
    expect(findings.filter((f) => f.status === 'FAIL')).toHaveLength(
      clean.filter((f) => f.status === 'FAIL').length + 1,
    )
  })

  it('a bucket copy: the remediation says a person decides, provision never deletes one', () => {
    const id = RESOURCES.bucket('models').id
    const inv = withItem(cleanInventory(), id, (i) => ({
      ...i,
      copies: {
        requirements: ['s3.models.encryption'],
        mayHoldData: true,
        found: [{physicalId: 'models-copy', why: 'x'}],
      },
    }))
    const f = run(inv).find((x) => x.status === 'FAIL' && x.message.includes('models-copy'))
    expect(f?.remediation.manual).toMatch(/It may hold data: decide which one to keep .*provision never deletes one/)
  })
})
