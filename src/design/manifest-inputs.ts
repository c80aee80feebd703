import type {Cluster} from '@aws-sdk/client-eks'
import type {TargetGroup} from '@aws-sdk/client-elastic-load-balancing-v2'
import {collectInventory} from '../audit/inventory.js'
import type {InventoryItem} from '../audit/types.js'
import type {AwsAccess} from '../aws/clients.js'
import {emulatorHasGap} from '../aws/emulator.js'
import {callerIdentity} from '../aws/identity.js'
import {ExitCode, PlatformError, UsageError} from '../errors.js'
import {LAYERS} from '../layers/index.js'
import {selectLayers} from '../reconcile/walk.js'
import {RESOURCES, type ResourceKey} from '../resources.js'
import {isImageTag, type ManifestInputs} from './manifests.js'
import type {ResolvedDesign} from './types.js'

/** The layers whose resources the manifests name (and the layers they need to be found). */
const SOURCE_LAYERS = ['velero', 'alb']

/**
 * Reads the live values of `platform manifests`, read-only, through the layers' own find() and
 * ownership rules (the audit's inventory), so a value printed is one provision made and owns.
 * Anything missing stops with exit 2 naming each value, never a placeholder.
 */
export async function manifestInputs(opts: {
  aws: AwsAccess
  design: ResolvedDesign
  imageTag: string
  concurrency?: number
}): Promise<ManifestInputs> {
  const {aws, design} = opts
  if (!isImageTag(opts.imageTag))
    throw new UsageError(
      `--image-tag "${opts.imageTag}" is not an image tag.`,
      'Use the tag pushed to ECR: letters, digits, _ . - (up to 128, not starting with . or -).',
    )
  const identity = await callerIdentity(aws, design.region)
  const inv = await collectInventory({
    aws,
    design,
    layers: selectLayers(LAYERS, SOURCE_LAYERS).map((s) => s.layer),
    identity,
    concurrency: opts.concurrency ?? 4,
  })
  return resolveInputs(design, (key) => inv.get(key), identity.account, opts.imageTag)
}

/** From what was read to the values, or a NOT_PROVISIONED error listing every missing one. */
export function resolveInputs(
  design: ResolvedDesign,
  get: (key: ResourceKey) => InventoryItem | undefined,
  account: string,
  imageTag: string,
): ManifestInputs {
  const missing: string[] = []
  const found = <T>(key: ResourceKey, what: string, value: (raw: T, item: InventoryItem) => unknown): string => {
    const item = get(key)
    if (item?.state !== 'found') {
      const state = !item
        ? 'not read'
        : item.state === 'error'
          ? `unreadable (${item.error?.code})`
          : item.state === 'not-ours'
            ? "exists without this environment's ownership tags"
            : item.state === 'unknown'
              ? `not findable: ${item.blockedBy?.replace(/^(error|absent):/, '')} is missing`
              : 'does not exist'
      missing.push(`${what} (${key.id}): ${state}`)
      return ''
    }
    const v = value(item.raw as T, item)
    if (v === undefined || v === null || v === '') {
      missing.push(`${what} (${key.id}): read, but AWS returned no value`)
      return ''
    }
    return String(v)
  }
  const role = (key: ResourceKey, what: string) =>
    found<{role?: {Arn?: string}}>(key, what, (r, item) => item.arn ?? r.role?.Arn)
  const veleroRoleArn = role(RESOURCES.veleroRole, 'the Velero IRSA role ARN')
  const lbControllerRoleArn = role(RESOURCES.lbControllerRole, 'the AWS Load Balancer Controller IRSA role ARN')
  const eksSecurityGroupId = found<{GroupId?: string}>(
    RESOURCES.securityGroup('eks'),
    "the design's EKS security group id",
    (r) => r.GroupId,
  )
  const targetGroupArn = found<{tg?: TargetGroup}>(
    RESOURCES.targetGroup,
    "the ALB's ip target group ARN",
    (r) => r.tg?.TargetGroupArn,
  )
  const targetGroupPort = found<{tg?: TargetGroup}>(RESOURCES.targetGroup, "the target group's port", (r) => r.tg?.Port)
  const vpcId = found<{vpc?: {VpcId?: string}}>(RESOURCES.vpc, 'the VPC id', (r) => r.vpc?.VpcId)
  // EKS makes this group with the cluster; the emulator does not (a known gap), and then the
  // policy names the design's group alone.
  const clusterSg = get(RESOURCES.eksCluster)
  const clusterSecurityGroupId =
    clusterSg?.state === 'found' &&
    !(clusterSg.raw as Cluster).resourcesVpcConfig?.clusterSecurityGroupId &&
    emulatorHasGap('eks-no-cluster-security-group')
      ? undefined
      : found<Cluster>(
          RESOURCES.eksCluster,
          'the EKS cluster security group id',
          (r) => r.resourcesVpcConfig?.clusterSecurityGroupId,
        )
  if (missing.length > 0)
    throw new PlatformError(
      `The ${design.env} environment is not provisioned far enough for its manifests; missing:\n  - ${missing.join('\n  - ')}`,
      {
        exitCode: ExitCode.CANNOT_RUN,
        code: 'NOT_PROVISIONED',
        remedy: `Run platform provision --env ${design.env} (then platform manifests again); nothing was printed.`,
      },
    )
  return {
    account,
    imageTag,
    veleroRoleArn,
    lbControllerRoleArn,
    eksSecurityGroupId,
    ...(clusterSecurityGroupId ? {clusterSecurityGroupId} : {}),
    targetGroupArn,
    targetGroupPort: Number(targetGroupPort),
    vpcId,
  }
}
