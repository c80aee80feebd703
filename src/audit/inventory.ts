import {EC2Client, paginateDescribeSecurityGroups, type SecurityGroup} from '@aws-sdk/client-ec2'
import type {AwsAccess} from '../aws/clients.js'
import {errorCode, toPlatformError} from '../aws/errors.js'
import type {CallerIdentity} from '../aws/identity.js'
import {canonicalCidr} from '../design/cidr.js'
import type {ResolvedDesign} from '../design/types.js'
import {PlatformError} from '../errors.js'
import {allRules, fromLive, ruleKey} from '../layers/sg-rules.js'
import {runEngine} from '../reconcile/engine.js'
import {sameValue} from '../reconcile/diff.js'
import type {EngineContext, LayerDef, Outputs, PlannedResource, ResourceDef} from '../reconcile/types.js'
import type {Inventory, InventoryItem} from './types.js'

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
  const items = new Map<string, InventoryItem>()
  const outputs: Outputs = new Map()
  const ctx: EngineContext = {
    aws,
    design,
    account: opts.identity.account,
    mode: 'plan',
    adopt: false,
    outputs,
    ref: (id, key = 'id') => outputs.get(id)?.[key],
    progress: () => {},
  }

  const visit = async (layer: string, def: ResourceDef<unknown>, c: EngineContext): Promise<PlannedResource> => {
    const region = def.region?.(c) ?? design.region
    const base: InventoryItem = {id: def.id, type: def.type, name: def.name, region, state: 'unknown', fields: []}
    const blocker = (def.needs ?? []).find((n) => !outputs.has(n))
    if (blocker) {
      const b = items.get(blocker)
      base.blockedBy = `${b?.state === 'error' || b?.blockedBy?.startsWith('error:') ? 'error' : 'absent'}:${blocker}`
    } else {
      try {
        const live = await def.find(c)
        if (live === undefined) base.state = 'absent'
        else if (def.owned && !def.owned(live, c)) {
          base.state = 'not-ours'
          base.physicalId = def.physicalId(live)
        } else {
          base.state = 'found'
          base.raw = live
          base.physicalId = def.physicalId(live)
          const out = def.outputs(live)
          outputs.set(def.id, out)
          base.arn = out.arn
          base.fields = def.fields(c).map((f) => {
            const actual = f.actual(live) ?? null
            return {
              path: f.path,
              requirement: f.requirement,
              expected: f.expected,
              actual,
              ok: sameValue(f.expected, actual),
            }
          })
        }
      } catch (err) {
        const pe = toPlatformError(err)
        base.state = 'error'
        base.error = {code: err instanceof PlatformError ? err.code : errorCode(err), message: pe.message}
      }
    }
    items.set(def.id, base)
    return {
      layer,
      id: def.id,
      type: def.type,
      name: def.name,
      action: 'no-op',
      changes: [],
      requirements: def.requirements ?? [],
    }
  }
  await runEngine({layers: opts.layers, ctx, concurrency: opts.concurrency, visit})
  return {
    env: design.env,
    account: opts.identity.account,
    callerArn: opts.identity.arn,
    regions: [design.region, design.globalRegion, design.drRegion],
    items,
    otherSecurityGroups: await otherSecurityGroups(
      aws,
      design,
      ctx.ref('network/vpc'),
      new Set(['alb', 'eks', 'rds'].map((k) => ctx.ref(`security-groups/${k}`)).filter((x): x is string => Boolean(x))),
    ),
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
