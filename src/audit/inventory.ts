import type {Cluster} from '@aws-sdk/client-eks'
import {EC2Client, paginateDescribeSecurityGroups, type SecurityGroup} from '@aws-sdk/client-ec2'
import type {AwsAccess} from '../aws/clients.js'
import {errorCode, toPlatformError} from '../aws/errors.js'
import {readCostExplorer} from '../cost/actual.js'
import type {CallerIdentity} from '../aws/identity.js'
import {canonicalCidr} from '../design/cidr.js'
import type {ResolvedDesign} from '../design/types.js'
import {workloadNamespace} from '../design/manifests.js'
import {PlatformError} from '../errors.js'
import {readClusterObjects} from '../kube/pod-security.js'
import {allRules, fromLive, ruleKey} from '../layers/sg-rules.js'
import {createContext} from '../reconcile/context.js'
import {sameValue} from '../reconcile/diff.js'
import type {AnyResourceDef, EngineContext, Field, LayerDef} from '../reconcile/types.js'
import {walkLayers} from '../reconcile/walk.js'
import {RESOURCES, SECURITY_GROUP_KEYS, type ResourceOutputs} from '../resources.js'
import {inventoryOf, type Inventory, type InventoryItem} from './types.js'

/**
 * One read-only pass over everything the environment owns, with the layers' own find() and
 * field definitions: the audit and provision agree on what "actual" means. Each resource is
 * read once; checks then run on this inventory and make no calls of their own.
 */
export async function collectInventory(opts: {
  aws: AwsAccess
  design: ResolvedDesign
  layers: LayerDef[]
  identity: CallerIdentity
  concurrency: number
}): Promise<Inventory> {
  const {aws, design} = opts
  if (aws.options.readOnly !== true) throw new PlatformError('The audit must use read-only AWS access.', {code: 'BUG'})
  const read = new Map<string, InventoryItem>()
  const ctx = createContext({aws, design, account: opts.identity.account, mode: 'plan'})
  const visit = async (_layer: string, def: AnyResourceDef, c: EngineContext): Promise<InventoryItem> => {
    const item = await readItem(def, c, read)
    read.set(item.id, item)
    return item
  }
  // One read-only call beside the walk (never throws: its failure is part of the reading).
  const costs = readCostExplorer(aws, design, new Date())
  const walk = await walkLayers({layers: opts.layers, ctx, concurrency: opts.concurrency, visit})
  // In walk order (layers, steps, resources as the design lists them), not in the order reads
  // happened to finish: `inventory.all(type)` and so the findings come out the same every night.
  const items = new Map(walk.layers.flatMap((l) => l.results).map((i) => [i.id, i]))
  const ours = SECURITY_GROUP_KEYS.flatMap((k) => ctx.ref(RESOURCES.securityGroup(k))?.id ?? [])
  return inventoryOf({
    env: design.env,
    account: opts.identity.account,
    callerArn: opts.identity.arn,
    regions: [design.region, design.globalRegion, design.drRegion],
    items,
    otherSecurityGroups: await otherSecurityGroups(aws, design, ctx.ref(RESOURCES.vpc)?.id, new Set(ours)),
    cluster: await clusterObjects(aws, design, items.get(RESOURCES.eksCluster.id)),
    costs: await costs,
  })
}

/**
 * The workload namespaces' SecurityGroupPolicies and pods, from the cluster's own API: no AWS
 * API says which groups Fargate gave a pod. Only when the cluster itself was read.
 */
async function clusterObjects(
  aws: AwsAccess,
  design: ResolvedDesign,
  cluster: InventoryItem | undefined,
): Promise<Inventory['cluster']> {
  if (cluster?.state !== 'found') return undefined
  try {
    return await readClusterObjects({
      cluster: cluster.raw as Cluster,
      region: design.region,
      namespaces: [...new Set(design.workloads.map((w) => workloadNamespace(w.name)))],
      credentials: () => aws.credentialIdentity(),
    })
  } catch (err) {
    const pe = toPlatformError(err)
    return {error: {code: err instanceof PlatformError ? err.code : errorCode(err), message: pe.message}}
  }
}

/**
 * One resource as the audit sees it: found (with its canonical fields), absent, not ours,
 * unreadable, or unknown because a resource it needs could not be read or does not exist.
 */
async function readItem(
  def: AnyResourceDef,
  ctx: EngineContext,
  items: Map<string, InventoryItem>,
): Promise<InventoryItem> {
  const region = def.region?.(ctx) ?? ctx.design.region
  const item: InventoryItem = {id: def.key.id, type: def.key.type, name: def.name, region, state: 'unknown', fields: []}
  const blocker = (def.needs ?? []).find((n) => !ctx.outputs.has(n.id))
  if (blocker) {
    const b = items.get(blocker.id)
    const unreadable = b?.state === 'error' || b?.blockedBy?.startsWith('error:')
    return {...item, blockedBy: `${unreadable ? 'error' : 'absent'}:${blocker.id}`}
  }
  try {
    // Copies (same ownership tags and logical id) are reported, never chosen between: findOwned
    // and the bucket and key finds note them here instead of failing the read (an ERROR).
    const copyCtx: EngineContext = {...ctx, duplicates: [], copies: 'report'}
    const live: unknown = await def.find(copyCtx)
    const copies = (copyCtx.duplicates ?? []).map((c) => ({physicalId: def.physicalId(c.live), why: c.why}))
    if (copies.length > 0)
      item.copies = {requirements: def.requirements ?? [], mayHoldData: Boolean(def.copiesHoldData), found: copies}
    if (live === undefined) return {...item, state: 'absent'}
    if (def.owned && !def.owned(live, ctx)) return {...item, state: 'not-ours', physicalId: def.physicalId(live)}
    const out: ResourceOutputs = def.outputs(live)
    ctx.outputs.set(def.key.id, out)
    const fields = def.fields(ctx).map((f: Field<unknown>) => {
      const actual = f.actual(live) ?? null
      return {path: f.path, requirement: f.requirement, expected: f.expected, actual, ok: sameValue(f.expected, actual)}
    })
    return {...item, state: 'found', raw: live, physicalId: def.physicalId(live), arn: out.arn, fields}
  } catch (err) {
    const pe = toPlatformError(err)
    const code = err instanceof PlatformError ? err.code : errorCode(err)
    return {...item, state: 'error', error: {code, message: pe.message}}
  }
}

/** Groups in our VPC that we do not own, with their rules open to the internet. */
async function otherSecurityGroups(
  aws: AwsAccess,
  design: ResolvedDesign,
  vpcId: string | undefined,
  ours: Set<string>,
): Promise<Inventory['otherSecurityGroups']> {
  if (!vpcId) return []
  try {
    const ec2 = aws.client(EC2Client, design.region)
    const groups: SecurityGroup[] = []
    for await (const page of paginateDescribeSecurityGroups(
      {client: ec2},
      {Filters: [{Name: 'vpc-id', Values: [vpcId]}], MaxResults: 1000},
    ))
      groups.push(...(page.SecurityGroups ?? []).filter((g) => !ours.has(g.GroupId!) && g.GroupName !== 'default'))
    if (groups.length === 0) return []
    const rules = await allRules(
      ec2,
      groups.map((g) => g.GroupId!),
    )
    return groups.map((g) => ({
      id: g.GroupId!,
      name: g.GroupName!,
      openIngress: rules
        .filter(
          (r) =>
            r.GroupId === g.GroupId &&
            !r.IsEgress &&
            (canonicalCidr(r.CidrIpv4 ?? '') === '0.0.0.0/0' || r.CidrIpv6 === '::/0'),
        )
        .map((r) => ruleKey(fromLive(r, {}))),
    }))
  } catch (err) {
    const pe = toPlatformError(err)
    return {error: {code: errorCode(err), message: pe.message}}
  }
}
