import YAML from 'yaml'
import {afterEach, describe, expect, it} from 'vitest'
import type {InventoryItem} from '../../../src/audit/types.js'
import type {AwsAccess} from '../../../src/aws/clients.js'
import {manifestInputs, resolveInputs} from '../../../src/design/manifest-inputs.js'
import {
  BUILT_IN_NAMESPACES,
  clusterManifests,
  coreDnsStep,
  lbControllerStep,
  type ManifestInputs,
} from '../../../src/design/manifests.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {PlatformError} from '../../../src/errors.js'
import {RESOURCES, type ResourceKey} from '../../../src/resources.js'
import {cleanInventory, devDesign} from '../../helpers/fixture.js'

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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed Kubernetes objects
type Obj = any
const parse = (yaml: string): Obj[] => YAML.parseAllDocuments(yaml).map((d) => d.toJS())
const design = resolveDesign({}, 'dev')

describe('platform manifests: what kubectl apply needs on a fresh cluster', () => {
  const yaml = clusterManifests(design, live)
  const docs = parse(yaml)
  const ofKind = (k: string) => docs.filter((d) => d.kind === k)

  it('holds every kind, each namespaced object in a namespace created first or built in', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`)).toEqual([
      'Namespace//velero',
      'Namespace//app',
      'Namespace//mlops',
      'ServiceAccount/velero/velero',
      'ServiceAccount/kube-system/aws-load-balancer-controller',
      'SecurityGroupPolicy/app/medical-ai-dev-eks-sg',
      'SecurityGroupPolicy/mlops/medical-ai-dev-eks-sg',
      'Service/app/api',
      'TargetGroupBinding/app/api',
      'Schedule/velero/medical-ai-dev-daily',
      'Deployment/app/api',
      'Deployment/mlops/ml',
      'Deployment/app/worker',
    ])
    const created = new Set(ofKind('Namespace').map((n) => n.metadata.name))
    const firstOther = docs.findIndex((d) => d.kind !== 'Namespace')
    expect(docs.slice(firstOther).every((d) => d.kind !== 'Namespace')).toBe(true)
    for (const d of docs.filter((x) => x.metadata.namespace))
      expect(created.has(d.metadata.namespace) || BUILT_IN_NAMESPACES.includes(d.metadata.namespace), d.kind).toBe(true)
    // The workloads' namespaces are ones a Fargate profile selects (else their pods stay Pending).
    const fargate = new Set(design.eks.fargateProfiles.flatMap((p) => p.namespaces))
    for (const d of ofKind('Deployment')) expect(fargate.has(d.metadata.namespace), d.metadata.name).toBe(true)
  })

  it('has no placeholder: account, tag, role ARNs, group ids and the target group are the live values', () => {
    expect(yaml).not.toMatch(/ACCOUNT|:TAG\b|<[a-z-]+>|undefined|null/)
    expect(ofKind('Deployment').map((d) => d.spec.template.spec.containers[0].image)).toEqual([
      '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/medical-ai-dev/api:v1.4.2',
      '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/medical-ai-dev/ml:v1.4.2',
      '111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/medical-ai-dev/worker:v1.4.2',
    ])
    expect(ofKind('ServiceAccount').map((s) => s.metadata.annotations['eks.amazonaws.com/role-arn'])).toEqual([
      live.veleroRoleArn,
      live.lbControllerRoleArn,
    ])
  })

  it("gives every workload pod the design's EKS group and the cluster group through a SecurityGroupPolicy", () => {
    for (const p of ofKind('SecurityGroupPolicy')) {
      expect(p.apiVersion).toBe('vpcresources.k8s.aws/v1beta1')
      expect(p.spec.securityGroups.groupIds).toEqual(['sg-0eks', 'sg-0cluster'])
    }
    // Each Deployment's pods match the policy of their namespace.
    for (const d of ofKind('Deployment')) {
      const policy = ofKind('SecurityGroupPolicy').find((p) => p.metadata.namespace === d.metadata.namespace)
      const podLabels = d.spec.template.metadata.labels
      expect(Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => podLabels[k] === v)).toBe(true)
    }
    // Without the cluster group (an emulator that lacks it), the design's group alone.
    const rest = {...live}
    delete rest.clusterSecurityGroupId
    const alone = parse(clusterManifests(design, rest)).filter((d) => d.kind === 'SecurityGroupPolicy')
    expect(alone.map((p) => p.spec.securityGroups.groupIds)).toEqual([['sg-0eks'], ['sg-0eks']])
  })

  it('binds the API Service to the ALB ip target group on the port the pods serve', () => {
    const [tgb] = ofKind('TargetGroupBinding')
    const [svc] = ofKind('Service')
    expect(tgb.apiVersion).toBe('elbv2.k8s.aws/v1beta1')
    expect(tgb.spec).toEqual({
      serviceRef: {name: 'api', port: 443},
      targetGroupARN: live.targetGroupArn,
      targetType: 'ip',
    })
    expect(tgb.spec.networking).toBeUndefined()
    expect(svc.spec.ports).toEqual([{name: 'https', port: 443, targetPort: 443, protocol: 'TCP'}])
    const api = ofKind('Deployment').find((d) => d.metadata.name === 'api')
    expect(Object.entries(svc.spec.selector).every(([k, v]) => api.spec.template.metadata.labels[k] === v)).toBe(true)
    expect(api.spec.template.spec.containers[0].ports).toEqual([{name: 'https', containerPort: 443}])
  })

  it('keeps the Velero daily schedule (30 days) and the workloads of section 4.3', () => {
    expect(ofKind('Schedule')[0].spec).toMatchObject({schedule: '0 18 * * *', template: {ttl: '720h0m0s'}})
    expect(
      ofKind('Deployment').map((d) => [
        d.metadata.name,
        d.spec.replicas,
        d.spec.template.spec.containers[0].resources.requests,
      ]),
    ).toEqual([
      ['api', 3, {cpu: '500m', memory: '1Gi'}],
      ['ml', 2, {cpu: '2000m', memory: '4Gi'}],
      ['worker', 3, {cpu: '1000m', memory: '2Gi'}],
    ])
  })

  it('prints the CoreDNS-on-Fargate step with the annotation AWS documents', () => {
    const step = coreDnsStep()
    expect(step.source).toBe('https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html')
    expect(step.commands[0]).toContain('kubectl patch deployment coredns -n kube-system --type json')
    expect(JSON.parse(step.commands[0]!.match(/-p='(.*)'$/)![1]!)).toEqual([
      {op: 'remove', path: '/spec/template/metadata/annotations/eks.amazonaws.com~1compute-type'},
    ])
    expect(step.commands[1]).toBe('kubectl rollout restart -n kube-system deployment coredns')
  })
})

describe('the AWS Load Balancer Controller install step', () => {
  it('uses the IRSA service account printed in the manifests, and gives region and VPC (no instance metadata on Fargate)', () => {
    const step = lbControllerStep(design, live)
    expect(step.source).toBe('https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html')
    expect(step.commands[1]).toBe(
      'helm upgrade --install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=medical-ai-dev-eks --set region=ap-northeast-1 --set vpcId=vpc-0abc --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller',
    )
    const sa = parse(clusterManifests(design, live)).find((d) => d.metadata.name === 'aws-load-balancer-controller')
    expect([sa.kind, sa.metadata.namespace]).toEqual(['ServiceAccount', 'kube-system'])
  })
})

describe('the live values of the manifests', () => {
  const inv = cleanInventory()
  const lbRole: InventoryItem = {
    id: RESOURCES.lbControllerRole.id,
    type: RESOURCES.lbControllerRole.type,
    name: 'medical-ai-dev-lb-controller-role',
    region: 'ap-northeast-1',
    state: 'found',
    fields: [],
    raw: {role: {Arn: 'arn:aws:iam::123456789012:role/medical-ai-dev-lb-controller-role'}},
    arn: 'arn:aws:iam::123456789012:role/medical-ai-dev-lb-controller-role',
  }
  const withCluster = (sg: string | undefined) => (key: ResourceKey) => {
    if (key.id === lbRole.id) return lbRole
    const item = inv.get(key)
    if (key.id !== RESOURCES.eksCluster.id || !item) return item
    const raw = item.raw as {resourcesVpcConfig: object}
    return {...item, raw: {...raw, resourcesVpcConfig: {...raw.resourcesVpcConfig, clusterSecurityGroupId: sg}}}
  }
  afterEach(() => {
    delete process.env.PLATFORM_EMULATOR
    delete process.env.AWS_ENDPOINT_URL
  })

  it('come from what provision made: role ARNs, the EKS group id, the target group ARN and port, the cluster group', () => {
    // The recorded inventory's ids, read by what each resource's physical id is (not the raw fields the code reads).
    const id = (key: ResourceKey) => inv.get(key)!.physicalId
    expect(id(RESOURCES.securityGroup('eks'))).toMatch(/^sg-/)
    expect(id(RESOURCES.targetGroup)).toMatch(/^arn:aws:elasticloadbalancing:.*:targetgroup\/medical-ai-dev-api-tg\//)
    expect(resolveInputs(devDesign(), withCluster('sg-0cluster'), '123456789012', 'v1')).toEqual({
      account: '123456789012',
      imageTag: 'v1',
      veleroRoleArn: 'arn:aws:iam::123456789012:role/medical-ai-dev-velero-role',
      lbControllerRoleArn: 'arn:aws:iam::123456789012:role/medical-ai-dev-lb-controller-role',
      eksSecurityGroupId: id(RESOURCES.securityGroup('eks')),
      clusterSecurityGroupId: 'sg-0cluster',
      targetGroupArn: id(RESOURCES.targetGroup),
      targetGroupPort: 443,
      vpcId: id(RESOURCES.vpc),
    })
  })

  it('missing values stop with exit 2 naming each one (an environment provisioned before the controller role)', () => {
    let err: unknown
    try {
      // As recorded before the controller role existed: the inventory has no item for it.
      resolveInputs(
        devDesign(),
        (k) => (k.id === RESOURCES.lbControllerRole.id ? undefined : inv.get(k)),
        '123456789012',
        'v1',
      )
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(PlatformError)
    const pe = err as PlatformError
    expect([pe.exitCode, pe.code]).toEqual([2, 'NOT_PROVISIONED'])
    expect(pe.message).toContain('the AWS Load Balancer Controller IRSA role ARN (velero/lb-controller-role): not read')
    expect(pe.message).toContain('the EKS cluster security group id (eks/cluster): read, but AWS returned no value')
    expect(pe.message).not.toContain('velero/role)')
    expect(pe.remedy).toContain('platform provision --env dev')
  })

  it('names absent and unreadable resources, and never prints a placeholder for them', () => {
    const get = (key: ResourceKey): InventoryItem | undefined => {
      const item = withCluster('sg-1')(key)
      if (key.id === RESOURCES.targetGroup.id) return {...item!, state: 'absent', raw: undefined}
      if (key.id === RESOURCES.veleroRole.id)
        return {...item!, state: 'error', raw: undefined, error: {code: 'AccessDenied', message: 'no'}}
      return item
    }
    expect(() => resolveInputs(devDesign(), get, '1', 'v1')).toThrow(
      /ip target group ARN \(alb\/target-group\): does not exist[\s\S]*port \(alb\/target-group\): does not exist/,
    )
    expect(() => resolveInputs(devDesign(), get, '1', 'v1')).toThrow(
      /Velero IRSA role ARN \(velero\/role\): unreadable \(AccessDenied\)/,
    )
  })

  it('tolerate the emulator without a cluster security group only on a loopback endpoint', () => {
    process.env.PLATFORM_EMULATOR = 'moto'
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000'
    const r = resolveInputs(devDesign(), withCluster(undefined), '123456789012', 'v1')
    expect(r.clusterSecurityGroupId).toBeUndefined()
    process.env.AWS_ENDPOINT_URL = 'https://ec2.ap-northeast-1.amazonaws.com'
    expect(() => resolveInputs(devDesign(), withCluster(undefined), '123456789012', 'v1')).toThrow(
      /cluster security group/,
    )
  })

  it('refuse an image tag Docker would refuse, before any AWS call', async () => {
    const noAws = {} as AwsAccess
    await expect(manifestInputs({aws: noAws, design: devDesign(), imageTag: 'v1 latest'})).rejects.toMatchObject({
      exitCode: 2,
      code: 'USAGE',
    })
    await expect(manifestInputs({aws: noAws, design: devDesign(), imageTag: '-x'})).rejects.toMatchObject({exitCode: 2})
  })
})
