import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import {BASELINE} from '../../../src/design/baseline.js'
import {REQUIREMENTS} from '../../../src/design/requirements.js'
import {SEVERITIES, type Inventory, type InventoryItem} from '../../../src/audit/types.js'
import {RESOURCES, type ResourceKey} from '../../../src/resources.js'
import {ROOT} from '../../helpers/cli.js'
import {cleanInventory, devDesign, readsOf, withItem} from '../../helpers/fixture.js'
import {estimateCost} from '../../../src/cost/estimate.js'
import {SNAPSHOT} from '../../../src/cost/snapshot.js'

const design = devDesign()
const clean = cleanInventory()
/**
 * environments.dev.auditRunner set: the runner's role and Fargate profile as the walk records
 * them (the recorded dev has neither, so copies of the Velero role and the default profile).
 */
const runnerDesign = {...design, auditRunner: {...design.auditRunner, enabled: true}}
function withRunner(inv: Inventory): Inventory {
  const items = new Map(inv.items)
  const copy = (from: ResourceKey, to: ResourceKey, name: string) =>
    items.set(to.id, {...structuredClone(inv.items.get(from.id)!), id: to.id, name})
  copy(RESOURCES.veleroRole, RESOURCES.auditRunnerRole, design.auditRunner.role)
  copy(RESOURCES.fargateProfile('default'), RESOURCES.fargateProfile('audit-runner'), 'audit-runner')
  return {...inv, items}
}
/** The clean inventory a check is judged on: with a Cost Explorer month for cost-budget, the runner for audit-runner. */
const cleanFor = (id: string) =>
  id === 'cost-budget' ? cleanCosts(clean) : id === 'audit-runner' ? withRunner(clean) : clean
const designFor = (id: string) => (id === 'audit-runner' ? runnerDesign : design)
const statuses = (inv: Inventory, id: string) =>
  CHECKS.find((c) => c.id === id)!
    .run(inv, designFor(id))
    .map((r) => r.status)

/**
 * Realistic drifts of the canonical fields a check judges by more than equality (parts of a
 * field, a support calendar, a subset). Other field-based checks are broken generically: every
 * field they read turns false.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- canonical values differ per field
const FIELD_DRIFT: Record<string, [ResourceKey, string, (actual: any) => unknown]> = {
  'eks-endpoint': [RESOURCES.eksCluster, 'resourcesVpcConfig', (c) => ({...c, endpointPrivateAccess: false})],
  'eks-public-endpoint-cidrs': [
    RESOURCES.eksCluster,
    'resourcesVpcConfig',
    (c) => ({...c, publicAccessCidrs: ['198.51.100.0/24']}),
  ],
  'eks-supported-version': [RESOURCES.eksCluster, 'version', () => '1.28'],
  's3-lifecycle': [RESOURCES.bucket('data'), 'lifecycle', () => []],
  'cloudfront-origin-https': [
    RESOURCES.distribution,
    'originTransport',
    () => [{protocolPolicy: 'match-viewer', sslProtocols: ['TLSv1.2']}],
  ],
  'aurora-instances': [RESOURCES.dbInstance(2), 'availabilityZone', () => 'ap-northeast-1a'],
}

/** Cost Explorer's month for the clean environment: its estimate (the recorded inventory holds no reading: MANUAL). */
const cleanCosts = (inv: Inventory, times = 1): Inventory => ({
  ...inv,
  costs: {
    state: 'read',
    period: {start: '2026-11-01', end: '2026-12-01'},
    amountUsd: times * estimateCost(design, SNAPSHOT.prices, new Date('2026-11-01T00:00:00Z')).total.estimateUsd,
    estimated: false,
    filter: {project: design.project, environment: design.env},
  },
})

/** Checks judging something other than fields or raw state. */
const OTHER_DRIFT: Record<string, (inv: Inventory) => Inventory> = {
  // Three times the estimate: above the band (src/cost/judge.ts).
  'cost-budget': (inv) => cleanCosts(inv, 3),
  // The ALB as the design's table has it: 443 from anywhere, around the web ACL.
  'waf-no-bypass': (inv) =>
    withItem(inv, 'security-groups/alb/rules', (i) => ({
      ...i,
      fields: i.fields.map((f) =>
        f.path === 'ingress'
          ? {...f, ok: false, actual: [{protocol: 'tcp', fromPort: 443, toPort: 443, source: 'cidr:0.0.0.0/0'}]}
          : f,
      ),
    })),
  region: (inv) => withItem(inv, 'network/vpc', (i) => ({...i, region: 'us-west-2'})),
  'ecr-repositories': (inv) => withItem(inv, 'ecr/ml', (i) => ({...i, state: 'not-ours'})),
  'no-open-ingress': (inv) =>
    withItem(inv, 'security-groups/eks/rules', (i) => ({
      ...i,
      fields: i.fields.map((f) =>
        f.path === 'ingress'
          ? {
              ...f,
              ok: false,
              actual: [
                ...(f.actual as object[]),
                {protocol: 'tcp', fromPort: 22, toPort: 22, source: 'cidr:0.0.0.0/0'},
              ],
            }
          : f,
      ),
    })),
}

function drifted(inv: Inventory, checkId: string, ids: Set<string>): Inventory {
  if (OTHER_DRIFT[checkId]) return OTHER_DRIFT[checkId](inv)
  const drift = FIELD_DRIFT[checkId]
  if (drift) {
    const [key, path, change] = drift
    return withItem(inv, key.id, (i) => ({
      ...i,
      fields: i.fields.map((f) => (f.path === path ? {...f, ok: false, actual: change(f.actual)} : f)),
    }))
  }
  let out = inv
  for (const id of ids)
    out = withItem(out, id, (i: InventoryItem) => ({
      ...i,
      fields: i.fields.map((f) => ({...f, ok: false, actual: typeof f.expected === 'number' ? -1 : 'DRIFTED'})),
    }))
  return out
}

describe('the check registry', () => {
  it('registers every file under checks/, with ids equal to file names, unique', () => {
    const files = readdirSync(join(ROOT, 'checks'), {withFileTypes: true})
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(ROOT, 'checks', d.name)).map((f) => [d.name, f.replace(/\.ts$/, '')]))
    expect(CHECKS.map((c) => [c.area, c.id]).sort()).toEqual(files.sort())
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length)
  })

  it('every requirement ID of a check resolves; metadata is complete', () => {
    const known = new Set([...REQUIREMENTS.map((r) => r.id), ...BASELINE.map((b) => b.id)])
    for (const c of CHECKS) {
      expect(
        c.requirements.filter((r) => !known.has(r)),
        c.id,
      ).toEqual([])
      expect(SEVERITIES).toContain(c.severity)
      expect(c.title.length, c.id).toBeGreaterThan(15)
      expect(c.remediation.platform, c.id).toMatch(/platform /)
      expect(c.remediation.manual.length, c.id).toBeGreaterThan(10)
    }
  })

  it('coverage: every AWS-observable requirement and every baseline item has a check', () => {
    const checked = new Set(CHECKS.flatMap((c) => c.requirements))
    const observable = REQUIREMENTS.filter((r) => r.verification.kind === 'aws').map((r) => r.id)
    expect(observable.filter((id) => !checked.has(id))).toEqual([])
    expect(BASELINE.map((b) => b.id).filter((id) => !checked.has(id))).toEqual([])
  })
})

describe.each(CHECKS.map((c) => [c.id, c] as const))('check %s', (id) => {
  const ids = readsOf(cleanFor(id), (inv) => CHECKS.find((c) => c.id === id)!.run(inv, designFor(id)))

  it('passes on a clean inventory', () => {
    const s = statuses(cleanFor(id), id)
    expect(s.length).toBeGreaterThan(0)
    expect(s.filter((x) => x !== 'PASS')).toEqual([])
  })

  it('fails on a drifted inventory', () => {
    expect(statuses(drifted(cleanFor(id), id, ids), id)).toContain('FAIL')
  })

  it('fails when what it judges is absent, and is an ERROR (never a PASS) when it could not be read', () => {
    for (const rid of ids) {
      expect(
        statuses(
          withItem(cleanFor(id), rid, (i) => ({...i, state: 'absent', fields: [], raw: undefined})),
          id,
        ),
        `${rid} absent`,
      ).toContain('FAIL')
      const unreadable = statuses(
        withItem(cleanFor(id), rid, (i) => ({
          ...i,
          state: 'error',
          fields: [],
          raw: undefined,
          error: {code: 'AccessDenied', message: 'denied'},
        })),
        id,
      )
      expect(unreadable, `${rid} unreadable`).toContain('ERROR')
    }
  })
})

describe('checks beyond the generic fixtures', () => {
  it('audit-runner: without the opt-in one PASS says nothing is expected; with it, a missing role is an ERROR, never a PASS', () => {
    const check = CHECKS.find((c) => c.id === 'audit-runner')!
    expect(check.run(clean, design)).toEqual([
      expect.objectContaining({
        status: 'PASS',
        resource: expect.objectContaining({id: 'environments.dev.auditRunner'}),
      }),
    ])
    // Enabled, but the walk never reached the runner (an inventory without it).
    expect(check.run(clean, runnerDesign).map((r) => r.status)).toContain('ERROR')
    expect(check.run(clean, runnerDesign).map((r) => r.status)).not.toContain('PASS')
  })

  it('no-open-ingress fails a hand-made group open to the internet, and errors when it cannot read them', () => {
    const check = CHECKS.find((c) => c.id === 'no-open-ingress')!
    const open = check.run(
      {...clean, otherSecurityGroups: [{id: 'sg-x', name: 'debug', openIngress: ['tcp/22-22 cidr:0.0.0.0/0']}]},
      design,
    )
    expect(open.find((r) => r.resource.id === 'sg-x')).toMatchObject({
      status: 'FAIL',
      actual: ['tcp/22-22 cidr:0.0.0.0/0'],
    })
    expect(
      check
        .run({...clean, otherSecurityGroups: {error: {code: 'AccessDenied', message: 'denied'}}}, design)
        .map((r) => r.status),
    ).toContain('ERROR')
  })

  it('sg-rds-rules makes MySQL open to a CIDR critical', () => {
    const inv = withItem(clean, 'security-groups/rds/rules', (i) => ({
      ...i,
      fields: i.fields.map((f) =>
        f.path === 'ingress'
          ? {...f, ok: false, actual: [{protocol: 'tcp', fromPort: 3306, toPort: 3306, source: 'cidr:0.0.0.0/0'}]}
          : f,
      ),
    }))
    expect(
      CHECKS.find((c) => c.id === 'sg-rds-rules')!
        .run(inv, design)
        .find((r) => r.status === 'FAIL'),
    ).toMatchObject({severity: 'critical'})
  })

  it('s3-encryption lets the logs bucket be aws:kms (stronger than AES256)', () => {
    const inv = withItem(clean, 's3/logs', (i) => ({
      ...i,
      fields: i.fields.map((f) =>
        f.path === 'encryption' ? {...f, ok: false, actual: {algorithm: 'aws:kms', kmsKey: 'k'}} : f,
      ),
    }))
    expect(
      CHECKS.find((c) => c.id === 's3-encryption')!
        .run(inv, design)
        .map((r) => r.status),
    ).toEqual(['PASS', 'PASS', 'PASS'])
  })
})
