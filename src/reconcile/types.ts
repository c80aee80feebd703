import type {AwsAccess} from '../aws/clients.js'
import type {ResolvedDesign} from '../design/types.js'
import type {ResourceKey, ResourceOutputs} from '../resources.js'

export type Action = 'create' | 'update' | 'replace' | 'no-op' | 'replace-required' | 'delete-duplicate'

/** A resource carrying the same ownership tags as the one `find` chose: deleted to heal (engine.ts). */
export interface DuplicateFinding {
  live: unknown
  /** Why this one and not the one kept, for the plan. */
  why: string
}

/** One field that differs, path-addressed, in canonical form. */
export interface FieldChange {
  path: string
  requirement?: string
  expected: unknown
  actual: unknown
  /** True when AWS cannot change it in place: the resource would have to be replaced. */
  immutable?: boolean
  /** Applying it restarts a database: in prod it waits for the maintenance window unless --apply-now. */
  restarts?: boolean
}

/** A desired field: its canonical expected value and how to read the canonical actual one. */
export interface Field<L> {
  path: string
  requirement?: string
  expected: unknown
  actual: (live: L) => unknown
  immutable?: boolean
  restarts?: boolean
}

export interface PlannedResource {
  layer: string
  id: string
  type: string
  name: string
  action: Action
  physicalId?: string
  changes: FieldChange[]
  requirements: string[]
  /** Why a create is only known after apply, or what the replacement involves. */
  note?: string
  /** Copies of this resource (same ownership tags) planned as delete-duplicate; listed after it in a run's resources. */
  duplicates?: PlannedResource[]
}

/** The outputs of every resource read or made so far in a walk, by logical id. */
export type Outputs = Map<string, ResourceOutputs>

export interface EngineContext {
  aws: AwsAccess
  design: ResolvedDesign
  account: string
  mode: 'plan' | 'apply'
  /** Take over a resource that has our deterministic name but not our tags. */
  adopt: boolean
  /** prod: apply changes that restart a database now rather than in the maintenance window. */
  applyNow?: boolean
  outputs: Outputs
  /** Outputs of an earlier resource, or undefined while that resource is only planned. */
  ref<O extends ResourceOutputs>(key: ResourceKey<O>): O | undefined
  /**
   * Outputs of a resource this one `needs`: the engine calls find/create/update only once
   * those exist, so a missing one is a bug in the layer, reported as such.
   */
  need<O extends ResourceOutputs>(key: ResourceKey<O>): O
  progress(message: string): void
  /** What the operator must see at once, outside the progress display: provision writes it to stderr. */
  notice(message: string): void
  /**
   * Set per resource by provision (engine.ts), the audit (audit/inventory.ts) and destroy
   * (reconcile/destroy.ts): `find` puts here the copies it did not choose (network/ec2.ts
   * findOwned, the bucket and key finds). Absent (a bare context): copies are an error.
   */
  duplicates?: DuplicateFinding[]
  /**
   * What the walk does with those copies: provision heals (the default: deletes copies with
   * nothing attached, stops on two in use), the audit reports every copy as a finding, destroy
   * deletes every copy of what holds no data. Only 'heal' ever stops on copies that are in use.
   */
  copies?: 'heal' | 'report' | 'delete-all'
}

/**
 * A desired resource. Layers describe resources; the engine alone decides what to call.
 * `find` reads (never mutates) and returns undefined when absent; `create` sets every field
 * it can in the create call itself, tags included, and returns the live state it made.
 */
export interface ResourceDef<L, O extends ResourceOutputs> {
  /** Its entry in the catalogue (src/resources.ts): logical id, AWS type, outputs. */
  key: ResourceKey<O>
  name: string
  requirements?: string[]
  /** Where it lives, when not the primary region (DR copies, CloudFront and its WAF and certificate). */
  region?: (ctx: EngineContext) => string
  /** Resources whose outputs `find` needs; while any is planned, this one is too. */
  needs?: ResourceKey[]
  find(ctx: EngineContext): Promise<L | undefined>
  create(ctx: EngineContext): Promise<L>
  fields(ctx: EngineContext): Field<L>[]
  update(ctx: EngineContext, live: L, changes: FieldChange[]): Promise<void>
  /** Found by a deterministic name rather than by tags: is it ours? */
  owned?(live: L, ctx: EngineContext): boolean
  /** destroy deletes only what this accepts (default: owned); stricter where owned tolerates more. */
  deletable?(live: L, ctx: EngineContext): boolean
  outputs(live: L): O
  physicalId(live: L): string
  /** After create or update: wait until the resource can be used by its dependents. */
  ready?(ctx: EngineContext, live: L): Promise<L>
  /**
   * Why delete + create is acceptable when an immutable field differs (the resource holds no
   * data). Without it, an immutable difference is replace-required and never applied.
   */
  replaceable?: string
  /**
   * Removes the resource (destroy, and replacement of a replaceable one). Only the slow
   * deletions wait until the resource is gone (NAT gateways, the EKS cluster and its Fargate
   * profiles, Aurora instances and cluster, the CloudFront distribution), because what is
   * deleted next would fail while they linger; every other delete returns after AWS's call.
   */
  delete?(ctx: EngineContext, live: L): Promise<void>
  /** destroy: why this resource must be kept unless --delete-data (it holds data), or undefined. */
  holdsData?(ctx: EngineContext, live: L): Promise<string | undefined>
  /**
   * Set for resources whose copies may hold data (buckets, databases): a copy is never deleted
   * to heal, empty or not; provision and destroy stop naming every copy, for a person to decide.
   */
  copiesHoldData?: string
}

/** Any resource definition, whatever its live state and outputs (what a step holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a step mixes resources of every live shape
export type AnyResourceDef = ResourceDef<any, any>

/** A step runs its resources in parallel; the steps of a layer run in order. */
export type Step = AnyResourceDef[]

export interface LayerDef {
  name: string
  description: string
  dependsOn: string[]
  steps(ctx: EngineContext): Step[]
}

export interface LayerSummary {
  layer: string
  created: number
  updated: number
  unchanged: number
  replaceRequired: number
  ms: number
}
