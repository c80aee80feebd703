import {createHash} from 'node:crypto'
import {
  AssociateEncryptionConfigCommand,
  CreateClusterCommand,
  CreateFargateProfileCommand,
  DeleteClusterCommand,
  DeleteFargateProfileCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeUpdateCommand,
  EKSClient,
  TagResourceCommand,
  UpdateClusterConfigCommand,
  UpdateClusterVersionCommand,
  type Cluster,
  type FargateProfile,
} from '@aws-sdk/client-eks'
import {emulatorHasGap} from '../../aws/emulator.js'
import {accessEntryResource} from './access-entries.js'
import {unlessAbsent} from '../../aws/errors.js'
import {isOwned} from '../../aws/naming.js'
import {waitUntil} from '../../aws/wait.js'
import {canonicalCidr} from '../../design/cidr.js'
import type {FargateProfileDesign} from '../../design/types.js'
import {PlatformError} from '../../errors.js'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {desiredTags} from '../tags.js'
import {PRIVATE_SUBNETS, RESOURCES, type ClusterOutputs} from '../../resources.js'
import {present} from '../../aws/present.js'

export const eks = (ctx: EngineContext) => ctx.aws.client(EKSClient, ctx.design.region)
const PRIVATE = PRIVATE_SUBNETS.map(RESOURCES.subnet)
const EKS_GROUP = RESOURCES.securityGroup('eks')
const token = (ctx: EngineContext, id: string) =>
  createHash('sha256').update(`${ctx.design.project}|${ctx.design.env}|${id}`).digest('hex').slice(0, 32)
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']

const privateSubnets = (ctx: EngineContext) => PRIVATE.map((s) => ctx.need(s).id).sort()
/** The complete VPC configuration, for create and for update: EKS replaces it rather than merging. */
const vpcConfig = (ctx: EngineContext) => ({
  subnetIds: privateSubnets(ctx),
  securityGroupIds: [ctx.need(EKS_GROUP).id],
  endpointPrivateAccess: ctx.design.eks.endpointPrivate,
  endpointPublicAccess: ctx.design.eks.endpointPublic,
  publicAccessCidrs: ctx.design.eks.publicAccessCidrs,
})
/** The versions an upgrade from `from` to `to` passes through, one minor at a time (1.30, 1.32 -> 1.31, 1.32). */
export function minorSteps(from: string, to: string): string[] {
  const [major, a] = from.split('.').map(Number) as [number, number]
  const b = Number(to.split('.')[1])
  const out: string[] = []
  for (let m = a + 1; m <= b; m++) out.push(`${major}.${m}`)
  return out
}

/**
 * The UpdateClusterConfig calls that bring the live VPC config to the desired one: endpoint
 * access (private, public, public CIDRs) and the network (subnets, security groups) are separate
 * update types, and EKS rejects a call that mixes types (InvalidParameterException "Only one
 * type of update can be allowed": kubernetes-sigs/cluster-api-provider-aws#3553, aws/aws-cdk#21439)
 * and rejects no-op updates (docs/real-aws-research.md section 2d): each part is sent alone, and
 * only when it differs.
 */
export function vpcConfigUpdates(desired: ReturnType<typeof vpcConfig>, live: Cluster) {
  const v = live.resourcesVpcConfig ?? {}
  const same = (a: unknown[] | undefined, b: unknown[] | undefined) =>
    JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort())
  const updates: Partial<ReturnType<typeof vpcConfig>>[] = []
  const cidrs = v.publicAccessCidrs?.length ? v.publicAccessCidrs : ['0.0.0.0/0']
  if (
    v.endpointPrivateAccess !== desired.endpointPrivateAccess ||
    v.endpointPublicAccess !== desired.endpointPublicAccess ||
    (desired.endpointPublicAccess && !same(cidrs, desired.publicAccessCidrs))
  )
    updates.push({
      endpointPrivateAccess: desired.endpointPrivateAccess,
      endpointPublicAccess: desired.endpointPublicAccess,
      ...(desired.endpointPublicAccess ? {publicAccessCidrs: desired.publicAccessCidrs} : {}),
    })
  if (!same(v.subnetIds, desired.subnetIds) || !same(v.securityGroupIds, desired.securityGroupIds))
    updates.push({subnetIds: desired.subnetIds, securityGroupIds: desired.securityGroupIds})
  return updates
}

const enabledLogTypes = (c: Cluster) =>
  (c.logging?.clusterLogging ?? [])
    .filter((l) => l.enabled)
    .flatMap((l) => l.types ?? [])
    .sort()
/**
 * The cluster's support type. AWS always answers upgradePolicy; a cluster created without one
 * is EXTENDED ("The default value is EXTENDED",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html). The
 * emulator drops the field (gap eks-upgrade-policy-not-returned): only there an absent value is
 * taken as the design's.
 */
/** Access entries and the aws-auth ConfigMap both: an operator role is added without editing the ConfigMap. */
const ACCESS_MODE = 'API_AND_CONFIG_MAP'
/**
 * The cluster's authentication mode. AWS answers accessConfig; a cluster created through the API
 * without one is CONFIG_MAP ("If you create a cluster by using the EKS API ... the default is
 * CONFIG_MAP", client-eks CreateAccessConfigRequest). The emulator has no accessConfig (gap
 * eks-access-entries-missing): only there an absent value is the design's.
 */
export const authenticationMode = (c: Cluster) =>
  c.accessConfig?.authenticationMode ?? (emulatorHasGap('eks-access-entries-missing') ? ACCESS_MODE : 'CONFIG_MAP')

export const supportType = (c: Cluster, expected: string) =>
  c.upgradePolicy?.supportType ?? (emulatorHasGap('eks-upgrade-policy-not-returned') ? expected : 'EXTENDED')
const secretsKey = (c: Cluster) =>
  c.encryptionConfig?.find((e) => e.resources?.includes('secrets'))?.provider?.keyArn ?? null

async function describeCluster(ctx: EngineContext): Promise<Cluster | undefined> {
  return (
    await unlessAbsent(eks(ctx).send(new DescribeClusterCommand({name: ctx.design.eks.name})), [
      'ResourceNotFoundException',
    ])
  )?.cluster
}

/** Real EKS: 10-15 minutes to create; updates take minutes and are refused while one runs. */
async function waitActive(ctx: EngineContext, what: string): Promise<Cluster> {
  return (await waitUntil(
    `EKS cluster ${ctx.design.eks.name} ${what}`,
    () => describeCluster(ctx),
    (c) => (c?.status === 'ACTIVE' ? 'done' : c?.status === 'FAILED' ? {failed: 'cluster status FAILED'} : 'pending'),
    (c) => c?.status ?? 'not found',
    {timeoutMs: 30 * 60_000, minDelayMs: 10_000, maxDelayMs: 30_000, onPoll: ctx.progress},
  ))!
}

async function waitUpdate(ctx: EngineContext, updateId: string | undefined): Promise<void> {
  // The emulator answers UpdateClusterConfig without an update object; AWS always has one.
  if (updateId) {
    await waitUntil(
      `EKS update ${updateId}`,
      async () => (await eks(ctx).send(new DescribeUpdateCommand({name: ctx.design.eks.name, updateId}))).update,
      (u) =>
        u?.status === 'Successful'
          ? 'done'
          : u?.status === 'Failed' || u?.status === 'Cancelled'
            ? {failed: JSON.stringify(u?.errors ?? [])}
            : 'pending',
      (u) => u?.status ?? 'unknown',
      {timeoutMs: 45 * 60_000, minDelayMs: 10_000, maxDelayMs: 30_000, onPoll: ctx.progress},
    )
  }
  await waitActive(ctx, 'to be ACTIVE after an update')
}

function clusterResource(): ResourceDef<Cluster, ClusterOutputs> {
  const key = RESOURCES.eksCluster
  return {
    key,
    name: 'eks',
    requirements: [
      'eks.name',
      'eks.version',
      'eks.endpoint',
      'eks.logging',
      'baseline.eks.secrets-encryption',
      'baseline.eks.support-type',
    ],
    needs: [...PRIVATE, EKS_GROUP, RESOURCES.clusterRole, RESOURCES.kmsKey],
    find: describeCluster,
    async create(ctx) {
      const d = ctx.design.eks
      const res = await eks(ctx).send(
        new CreateClusterCommand({
          name: d.name,
          version: d.version,
          roleArn: ctx.need(RESOURCES.clusterRole).arn,
          resourcesVpcConfig: vpcConfig(ctx),
          logging: {clusterLogging: [{types: d.logTypes as 'api'[], enabled: true}]},
          encryptionConfig: [{resources: ['secrets'], provider: {keyArn: ctx.need(RESOURCES.kmsKey).arn}}],
          // Explicit: API-created clusters default to EXTENDED support, which is billed
          // (https://docs.aws.amazon.com/eks/latest/userguide/enable-extended-support.html).
          upgradePolicy: {supportType: d.supportType},
          // API-created clusters default to CONFIG_MAP, where access entries are refused; the
          // aws-auth ConfigMap stays usable alongside (docs/real-aws-research.md section 8).
          accessConfig: {authenticationMode: ACCESS_MODE, bootstrapClusterCreatorAdminPermissions: true},
          clientRequestToken: token(ctx, key.id),
          tags: desiredTags(ctx, key, d.name),
        }),
      )
      return present(res.cluster, 'cluster')
    },
    owned: (l, ctx) => isOwned(l.tags ?? {}, ctx.design.project, ctx.design.env),
    fields: (ctx) => {
      const d = ctx.design.eks
      return [
        {path: 'version', requirement: 'eks.version', expected: d.version, actual: (l) => l.version},
        {
          path: 'roleArn',
          requirement: 'eks.name',
          expected: ctx.ref(RESOURCES.clusterRole)?.arn,
          actual: (l) => l.roleArn,
          immutable: true,
        },
        {
          path: 'resourcesVpcConfig',
          requirement: 'eks.endpoint',
          expected: {
            subnetIds: privateSubnets(ctx),
            securityGroupIds: [ctx.ref(EKS_GROUP)?.id],
            endpointPrivateAccess: d.endpointPrivate,
            endpointPublicAccess: d.endpointPublic,
            publicAccessCidrs: d.publicAccessCidrs.map(canonicalCidr).sort(),
          },
          actual: (l) => ({
            subnetIds: [...(l.resourcesVpcConfig?.subnetIds ?? [])].sort(),
            securityGroupIds: [...(l.resourcesVpcConfig?.securityGroupIds ?? [])].sort(),
            endpointPrivateAccess: l.resourcesVpcConfig?.endpointPrivateAccess === true,
            endpointPublicAccess: l.resourcesVpcConfig?.endpointPublicAccess === true,
            // AWS reports 0.0.0.0/0 when none were given.
            publicAccessCidrs: (l.resourcesVpcConfig?.publicAccessCidrs ?? ['0.0.0.0/0']).map(canonicalCidr).sort(),
          }),
        },
        {path: 'logging', requirement: 'eks.logging', expected: [...d.logTypes].sort(), actual: enabledLogTypes},
        {
          path: 'authenticationMode',
          requirement: 'baseline.eks.operator-access',
          expected: ACCESS_MODE,
          actual: authenticationMode,
        },
        {
          path: 'upgradePolicy',
          requirement: 'baseline.eks.support-type',
          expected: {supportType: d.supportType},
          actual: (l) => ({supportType: supportType(l, d.supportType)}),
        },
        {
          path: 'secretsEncryptionKey',
          requirement: 'baseline.eks.secrets-encryption',
          expected: ctx.ref(RESOURCES.kmsKey)?.arn,
          actual: secretsKey,
        },
        {
          path: 'tags',
          expected: desiredTags(ctx, key, d.name),
          actual: (l) =>
            Object.fromEntries(
              Object.entries(desiredTags(ctx, key, d.name))
                .filter(([k]) => l.tags && k in l.tags)
                .map(([k]) => [k, l.tags![k]]),
            ),
        },
      ]
    },
    async update(ctx, live, changes) {
      const d = ctx.design.eks
      const has = (p: string) => changes.some((c) => c.path === p)
      if (live.status !== 'ACTIVE') await waitActive(ctx, 'to accept updates')
      // One update at a time, each with the complete value: EKS refuses concurrent updates,
      // and a partial value replaces rather than merges on some endpoints.
      if (has('version')) {
        if (Number(live.version) > Number(d.version))
          throw new PlatformError(`EKS cannot downgrade ${d.name} from ${live.version} to ${d.version}.`, {
            code: 'EKS_DOWNGRADE',
            remedy: 'Set eksVersion to the running version or newer.',
          })
        // "you can update only one minor version at a time"
        // (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html): 1.30 -> 1.34 is
        // four updates, each waited for.
        for (const version of minorSteps(live.version ?? d.version, d.version)) {
          const res = await eks(ctx).send(new UpdateClusterVersionCommand({name: d.name, version}))
          await waitUpdate(ctx, res.update?.id)
        }
      }
      if (has('resourcesVpcConfig'))
        for (const part of vpcConfigUpdates(vpcConfig(ctx), live)) {
          // The emulator replaces the whole VPC config with the part sent (subnets and groups
          // lost); AWS updates what the call names. Only there the call carries all of it.
          const resourcesVpcConfig = emulatorHasGap('eks-vpc-config-update-replaces') ? vpcConfig(ctx) : part
          const res = await eks(ctx).send(new UpdateClusterConfigCommand({name: d.name, resourcesVpcConfig}))
          await waitUpdate(ctx, res.update?.id)
        }
      if (has('logging')) {
        const off = LOG_TYPES.filter((t) => !d.logTypes.includes(t))
        const res = await eks(ctx).send(
          new UpdateClusterConfigCommand({
            name: d.name,
            logging: {
              clusterLogging: [
                {types: d.logTypes as 'api'[], enabled: true},
                {types: off as 'api'[], enabled: false},
              ],
            },
          }),
        )
        await waitUpdate(ctx, res.update?.id)
      }
      if (has('authenticationMode')) {
        // Alone, like every update type; the mode only ever moves towards API (EKS refuses going
        // back: "Once the access entry method is enabled, it cannot be disabled").
        const res = await eks(ctx).send(
          new UpdateClusterConfigCommand({name: d.name, accessConfig: {authenticationMode: ACCESS_MODE}}),
        )
        await waitUpdate(ctx, res.update?.id)
      }
      if (has('upgradePolicy')) {
        // Alone in its own UpdateClusterConfig: EKS rejects an update that mixes types with
        // "InvalidParameterException: Only one type of update can be allowed."
        // (https://github.com/kubernetes-sigs/cluster-api-provider-aws/issues/3553).
        const res = await eks(ctx).send(
          new UpdateClusterConfigCommand({name: d.name, upgradePolicy: {supportType: d.supportType}}),
        )
        await waitUpdate(ctx, res.update?.id)
      }
      if (has('secretsEncryptionKey')) {
        // Secrets encryption can be added to a cluster once and never changed or removed.
        if (secretsKey(live))
          throw new PlatformError(`EKS ${d.name} encrypts secrets with ${secretsKey(live)}, which cannot be changed.`, {
            code: 'EKS_ENCRYPTION',
            remedy: 'Replace the cluster deliberately; platform never does so silently.',
          })
        const res = await eks(ctx).send(
          new AssociateEncryptionConfigCommand({
            clusterName: d.name,
            encryptionConfig: [{resources: ['secrets'], provider: {keyArn: ctx.need(RESOURCES.kmsKey).arn}}],
          }),
        )
        await waitUpdate(ctx, res.update?.id)
      }
      if (has('tags'))
        await eks(ctx).send(new TagResourceCommand({resourceArn: live.arn, tags: desiredTags(ctx, key, d.name)}))
    },
    async ready(ctx, live) {
      return live.status === 'ACTIVE' ? live : waitActive(ctx, 'to be ACTIVE')
    },
    async delete(ctx) {
      await eks(ctx).send(new DeleteClusterCommand({name: ctx.design.eks.name}))
      await waitUntil(
        `EKS cluster ${ctx.design.eks.name} to be deleted`,
        () => describeCluster(ctx),
        (c) => (c ? 'pending' : 'done'),
        (c) => c?.status ?? 'gone',
        {timeoutMs: 30 * 60_000, minDelayMs: 10_000, onPoll: ctx.progress},
      )
    },
    outputs: (l) => ({
      name: present(l.name, 'name'),
      arn: present(l.arn, 'arn'),
      oidcIssuer: l.identity?.oidc?.issuer ?? '',
      endpoint: l.endpoint ?? '',
    }),
    physicalId: (l) => present(l.arn, 'arn'),
  }
}

async function describeProfile(ctx: EngineContext, name: string): Promise<FargateProfile | undefined> {
  return (
    await unlessAbsent(
      eks(ctx).send(new DescribeFargateProfileCommand({clusterName: ctx.design.eks.name, fargateProfileName: name})),
      ['ResourceNotFoundException'],
    )
  )?.fargateProfile
}

export function fargateProfileResource(p: FargateProfileDesign): ResourceDef<FargateProfile, {arn: string}> {
  const key = RESOURCES.fargateProfile(p.name)
  const wait = (ctx: EngineContext, what: string, done: (f: FargateProfile | undefined) => boolean) =>
    waitUntil(
      `Fargate profile ${p.name} ${what}`,
      () => describeProfile(ctx, p.name),
      (f) => (done(f) ? 'done' : f?.status?.endsWith('FAILED') ? {failed: f.status} : 'pending'),
      (f) => f?.status ?? 'gone',
      {timeoutMs: 20 * 60_000, minDelayMs: 5_000, maxDelayMs: 20_000, onPoll: ctx.progress},
    )
  return {
    key,
    name: p.name,
    requirements: [p.requirement, 'ha.eks'],
    needs: [RESOURCES.eksCluster, RESOURCES.podExecutionRole, ...PRIVATE],
    replaceable: 'a Fargate profile holds no data; running pods keep running until rescheduled',
    find: (ctx) => describeProfile(ctx, p.name),
    async create(ctx) {
      const res = await eks(ctx).send(
        new CreateFargateProfileCommand({
          clusterName: ctx.design.eks.name,
          fargateProfileName: p.name,
          podExecutionRoleArn: ctx.need(RESOURCES.podExecutionRole).arn,
          subnets: privateSubnets(ctx),
          selectors: p.namespaces.map((namespace) => ({namespace})),
          // EKS answers a repeated token with the original profile, even one since deleted: the
          // token changes every ~70 minutes so a replacement is not answered with the old one.
          clientRequestToken: token(ctx, `${key.id}|${Date.now() >> 22}`),
          tags: desiredTags(ctx, key, p.name),
        }),
      )
      return present(res.fargateProfile, 'fargateProfile')
    },
    owned: (l, ctx) => isOwned(l.tags ?? {}, ctx.design.project, ctx.design.env),
    fields: (ctx) => [
      {
        path: 'selectors',
        requirement: p.requirement,
        expected: [...p.namespaces].sort().map((namespace) => ({namespace, labels: {}})),
        actual: (l) =>
          (l.selectors ?? [])
            .map((s) => ({namespace: s.namespace, labels: s.labels ?? {}}))
            .sort((a, b) => String(a.namespace).localeCompare(String(b.namespace))),
        immutable: true,
      },
      {
        path: 'subnets',
        requirement: 'ha.eks',
        expected: privateSubnets(ctx),
        actual: (l) => [...(l.subnets ?? [])].sort(),
        immutable: true,
      },
      {
        path: 'podExecutionRoleArn',
        requirement: p.requirement,
        expected: ctx.ref(RESOURCES.podExecutionRole)?.arn,
        actual: (l) => l.podExecutionRoleArn,
        immutable: true,
      },
    ],
    async update() {
      // Every field of a Fargate profile is immutable: differences are replacements.
    },
    async ready(ctx, live) {
      return live.status === 'ACTIVE' ? live : (await wait(ctx, 'to be ACTIVE', (f) => f?.status === 'ACTIVE'))!
    },
    async delete(ctx) {
      await eks(ctx).send(
        new DeleteFargateProfileCommand({clusterName: ctx.design.eks.name, fargateProfileName: p.name}),
      )
      await wait(ctx, 'to be deleted', (f) => f === undefined)
    },
    outputs: (l) => ({arn: present(l.fargateProfileArn, 'fargateProfileArn')}),
    physicalId: (l) => present(l.fargateProfileArn, 'fargateProfileArn'),
  }
}

export const eksLayer: LayerDef = {
  name: 'eks',
  description: 'EKS cluster (private + public endpoint, control-plane logs, secrets encryption) and Fargate profiles',
  dependsOn: ['network', 'security-groups', 'iam', 'kms'],
  // The EKS API rejects concurrent Fargate profile operations on one cluster: one step each.
  steps: (ctx) => [
    [clusterResource()],
    ...ctx.design.eks.fargateProfiles.map((p) => [fargateProfileResource(p)]),
    // The emulator has no access entry API (gap eks-access-entries-missing): AWS only.
    ...(ctx.design.eks.adminRoleArns.length && !emulatorHasGap('eks-access-entries-missing')
      ? [ctx.design.eks.adminRoleArns.map(accessEntryResource)]
      : []),
  ],
}
