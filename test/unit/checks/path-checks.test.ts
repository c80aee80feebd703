import {describe, expect, it} from 'vitest'
import {CHECKS} from '../../../checks/index.js'
import type {Inventory, InventoryItem} from '../../../src/audit/types.js'
import type {ClusterObjects} from '../../../src/kube/pod-security.js'
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

/** The inventory's view of the cluster (scripts/inventory-fixture.mjs read it after `platform manifests` was applied). */
const objectsOf = (inv: Inventory) => inv.cluster as ClusterObjects
const eksSg = clean.items.get('security-groups/eks')!.physicalId!
/** The cluster as a run of the tool before issue 10 left it: no SecurityGroupPolicy, pods with Fargate's default. */
const noPolicy = (inv: Inventory, clusterGroup?: string): Inventory => ({
  ...inv,
  cluster: {
    ...objectsOf(inv),
    securityGroupPolicies: [],
    pods: objectsOf(inv).pods.map((p) => ({...p, securityGroups: clusterGroup ? [clusterGroup] : undefined})),
  },
})
const withClusterGroup = (inv: Inventory, id: string) =>
  withItem(inv, 'eks/cluster', (i) => {
    const raw = i.raw as {resourcesVpcConfig: Record<string, unknown>}
    return {...i, raw: {...raw, resourcesVpcConfig: {...raw.resourcesVpcConfig, clusterSecurityGroupId: id}}}
  })
/** The finding of one workload (the check judges each workload's pods). */
const ofWorkload = (inv: Inventory, workload: string) => {
  const r = run('pods-reach-aurora', inv).filter((f) => f.resource.id.endsWith(`/${workload}`))
  expect(r).toHaveLength(1)
  return r[0]!
}

describe('pods-reach-aurora', () => {
  it('passes for every workload when the SecurityGroupPolicy gives the pods the EKS group, which RDS admits', () => {
    const r = run('pods-reach-aurora', clean)
    expect(r.map((f) => [f.resource.id, f.status])).toEqual([
      ['medical-ai-dev-eks/app/api', 'PASS'],
      ['medical-ai-dev-eks/mlops/ml', 'PASS'],
      ['medical-ai-dev-eks/app/worker', 'PASS'],
    ])
    expect(r[0]).toMatchObject({
      resource: {type: 'Kubernetes::Pods'},
      actual: {
        podGroups: [eksSg],
        podGroupsFrom: 'SecurityGroupPolicy app/medical-ai-dev-eks-sg',
        rdsIngressFromPods: ['tcp/3306-3306 sg:eks'],
        eksGroupEgressToRds: ['all/-1--1 cidr:0.0.0.0/0'],
      },
    })
    expect(r[0]!.message).toContain('through the EKS group')
  })

  it('fails, built the old way: no SecurityGroupPolicy, so the pods carry only the cluster security group', () => {
    for (const w of ['api', 'ml', 'worker']) {
      const r = ofWorkload(noPolicy(clean), w)
      expect(r.status).toBe('FAIL')
      expect(r.message).toContain(`the pods carry the cluster security group (no SecurityGroupPolicy`)
      expect(r.actual).toMatchObject({podGroups: ['the cluster security group']})
    }
  })

  it('fails when the pods were scheduled before the policy (a policy reaches only new pods)', () => {
    const stale: Inventory = {
      ...clean,
      cluster: {...objectsOf(clean), pods: objectsOf(clean).pods.map((p) => ({...p, securityGroups: undefined}))},
    }
    const r = ofWorkload(stale, 'api')
    expect(r.status).toBe('FAIL')
    expect(r.message).toMatch(/pods api-.* were scheduled before the SecurityGroupPolicy .*restart them/)
  })

  it('judges a policy that selects by service account as selecting nothing it can prove', () => {
    const inv: Inventory = {
      ...noPolicy(clean),
      cluster: {
        ...objectsOf(noPolicy(clean)),
        securityGroupPolicies: objectsOf(clean).securityGroupPolicies.map((p) => ({
          ...p,
          matchLabels: undefined,
          otherSelector: 'serviceAccountSelector',
        })),
      },
    }
    expect(ofWorkload(inv, 'api').status).toBe('FAIL')
  })

  it('fails when the RDS group admits only a group the pods do not carry', () => {
    const inv = setField(clean, 'security-groups/rds/rules', 'ingress', [tcp(3306, 'sg:sg-0notthepods')])
    const r = ofWorkload(inv, 'api')
    expect(r.status).toBe('FAIL')
    expect(r.message).toContain('the RDS group does not admit the EKS group')
    expect(r.actual).toMatchObject({rdsIngressFromPods: []})
  })

  it('fails when the EKS group lets only 443 out (the pods cannot open 3306)', () => {
    const inv = setField(clean, 'security-groups/eks/rules', 'egress', [tcp(443, 'cidr:0.0.0.0/0')])
    const r = ofWorkload(inv, 'api')
    expect(r.status).toBe('FAIL')
    expect(r.message).toContain('does not let 3306 out')
  })

  it('passes through the cluster security group EKS made, when the pods carry it and RDS admits it', () => {
    let inv = setField(clean, 'security-groups/rds/rules', 'ingress', [tcp(3306, 'sg:sg-0cluster')])
    inv = noPolicy(withClusterGroup(inv, 'sg-0cluster'), 'sg-0cluster')
    const r = ofWorkload(inv, 'api')
    expect(r).toMatchObject({
      status: 'PASS',
      actual: {
        podGroups: ['sg-0cluster'],
        clusterSecurityGroup: 'sg-0cluster',
        rdsIngressFromPods: ['tcp/3306-3306 sg:sg-0cluster'],
      },
    })
    expect(r.message).toContain('through the cluster group')
  })

  it('is an ERROR, never a PASS on the rules alone, when the Kubernetes API could not be read or was not', () => {
    const denied: Inventory = {...clean, cluster: {error: {code: 'KUBE_UNAUTHORIZED', message: 'refused (401)'}}}
    expect(run('pods-reach-aurora', denied).map((r) => r.status)).toEqual(['ERROR', 'ERROR', 'ERROR'])
    expect(ofWorkload(denied, 'api').message).toContain('refused (401)')
    const never: Inventory = {...clean, cluster: undefined}
    expect(run('pods-reach-aurora', never).map((r) => r.status)).toEqual(['ERROR', 'ERROR', 'ERROR'])
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

  it('fails when the API pods do not carry the EKS group the rules admit (no SecurityGroupPolicy)', () => {
    const r = one('alb-reaches-pods', noPolicy(clean))
    expect(r).toMatchObject({status: 'FAIL', actual: {podGroups: ['the cluster security group']}})
    expect(r.message).toContain('not the EKS group the rules admit')
  })

  it('is an ERROR when the Kubernetes API could not be read', () => {
    const denied: Inventory = {...clean, cluster: {error: {code: 'KUBE_UNREACHABLE', message: 'could not be reached'}}}
    expect(one('alb-reaches-pods', denied)).toMatchObject({status: 'ERROR'})
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
