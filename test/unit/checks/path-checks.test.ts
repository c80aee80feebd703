import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import type {Inventory, InventoryItem} from '../../../src/audit/types.js'
import {cleanInventory, devDesign, withItem} from '../../helpers/fixture.js'

const design = devDesign()
const clean = cleanInventory()
const run = (id: string, inv: Inventory) => CHECKS.find((c) => c.id === id)!.run(inv, design)
/** The one finding a path check makes. */
const one = (id: string, inv: Inventory) => {
  const results = run(id, inv)
  expect(results).toHaveLength(1)
  return results[0]!
}

type Rule = {protocol: string; fromPort: number; toPort: number; source: string}
/** Sets one canonical field to a realistic value (as the security-groups layer would read it). */
const setField = (inv: Inventory, id: string, path: string, actual: unknown) =>
  withItem(inv, id, (i: InventoryItem) => ({
    ...i,
    fields: i.fields.map((f) =>
      f.path === path ? {...f, actual, ok: JSON.stringify(f.expected) === JSON.stringify(actual)} : f,
    ),
  }))
const tcp = (port: number, source: string): Rule => ({protocol: 'tcp', fromPort: port, toPort: port, source})

describe('pods-reach-aurora', () => {
  it('passes on the designed rules: RDS admits 3306 from the EKS group, which may send anywhere', () => {
    const r = one('pods-reach-aurora', clean)
    expect(r).toMatchObject({
      status: 'PASS',
      actual: {rdsIngressFromPods: ['tcp/3306-3306 sg:eks'], eksGroupEgressToRds: ['all/-1--1 cidr:0.0.0.0/0']},
    })
  })

  it('fails when the RDS group admits only a group the pods do not carry', () => {
    const inv = setField(clean, 'security-groups/rds/rules', 'ingress', [tcp(3306, 'sg:sg-0notthepods')])
    const r = one('pods-reach-aurora', inv)
    expect(r.status).toBe('FAIL')
    expect(r.message).toContain('the RDS group admits neither pod group')
    expect(r.actual).toMatchObject({rdsIngressFromPods: []})
  })

  it('fails when the EKS group lets only 443 out (the pods cannot open 3306)', () => {
    const inv = setField(clean, 'security-groups/eks/rules', 'egress', [tcp(443, 'cidr:0.0.0.0/0')])
    const r = one('pods-reach-aurora', inv)
    expect(r.status).toBe('FAIL')
    expect(r.message).toContain('does not let 3306 out')
  })

  it('passes through the cluster security group EKS made, which every Fargate pod carries', () => {
    let inv = setField(clean, 'security-groups/rds/rules', 'ingress', [tcp(3306, 'sg:sg-0cluster')])
    inv = withItem(inv, 'eks/cluster', (i) => {
      const raw = i.raw as {resourcesVpcConfig: Record<string, unknown>}
      return {
        ...i,
        raw: {...raw, resourcesVpcConfig: {...raw.resourcesVpcConfig, clusterSecurityGroupId: 'sg-0cluster'}},
      }
    })
    const r = one('pods-reach-aurora', inv)
    expect(r).toMatchObject({
      status: 'PASS',
      actual: {clusterSecurityGroup: 'sg-0cluster', rdsIngressFromPods: ['tcp/3306-3306 sg:sg-0cluster']},
    })
    expect(r.message).toContain('cluster security group')
  })

  it('is an ERROR when a group cannot be read, a FAIL when it is gone', () => {
    const unread = withItem(clean, 'security-groups/eks/rules', (i) => ({
      ...i,
      state: 'error',
      fields: [],
      error: {code: 'UnauthorizedOperation', message: 'no'},
    }))
    expect(run('pods-reach-aurora', unread).map((r) => r.status)).toEqual(['ERROR'])
    const gone = withItem(clean, 'security-groups/rds/rules', (i) => ({...i, state: 'absent', fields: []}))
    expect(run('pods-reach-aurora', gone).map((r) => r.status)).toEqual(['FAIL'])
  })
})

describe('alb-reaches-pods', () => {
  it("passes on the designed rules: the EKS group admits the target group's port (443) from the ALB group", () => {
    const r = one('alb-reaches-pods', clean)
    expect(r).toMatchObject({
      status: 'PASS',
      actual: {
        targetGroupPort: 443,
        eksIngressFromAlb: ['tcp/443-443 sg:alb'],
        albEgressToPods: ['all/-1--1 cidr:0.0.0.0/0'],
      },
    })
  })

  it('fails when the target group sends to a port the EKS group does not admit (8443)', () => {
    const inv = withItem(clean, 'alb/target-group', (i) => ({
      ...i,
      fields: i.fields.map((f) =>
        f.path === 'target' ? {...f, ok: false, actual: {...(f.actual as object), port: 8443}} : f,
      ),
    }))
    const r = one('alb-reaches-pods', inv)
    expect(r).toMatchObject({status: 'FAIL', actual: {targetGroupPort: 8443, eksIngressFromAlb: []}})
    expect(r.message).toContain('the EKS group does not admit 8443 from the ALB group')
  })

  it('fails when the ALB group may not send to the pods (egress only to an outside network)', () => {
    const inv = setField(clean, 'security-groups/alb/rules', 'egress', [tcp(443, 'cidr:192.0.2.0/24')])
    const r = one('alb-reaches-pods', inv)
    expect(r.status).toBe('FAIL')
    expect(r.message).toContain('the ALB group does not let 443 out')
  })

  it('passes with an egress rule to the VPC CIDR only, and with an ingress admitting all protocols from the ALB group', () => {
    let inv = setField(clean, 'security-groups/alb/rules', 'egress', [tcp(443, `cidr:${design.vpc.cidr}`)])
    inv = setField(inv, 'security-groups/eks/rules', 'ingress', [
      {protocol: 'all', fromPort: -1, toPort: -1, source: 'sg:alb'},
    ])
    expect(run('alb-reaches-pods', inv).map((r) => r.status)).toEqual(['PASS'])
  })
})

describe('vpc-flow-logs-deliver', () => {
  it('passes when EC2 reports DeliverLogsStatus SUCCESS and fails on FAILED', () => {
    expect(run('vpc-flow-logs-deliver', clean).map((r) => [r.status, r.actual])).toEqual([['PASS', 'SUCCESS']])
    const failed = setField(clean, 'network/flow-log', 'deliverLogsStatus', 'FAILED')
    expect(run('vpc-flow-logs-deliver', failed).map((r) => [r.status, r.expected, r.actual])).toEqual([
      ['FAIL', 'SUCCESS', 'FAILED'],
    ])
  })
})
