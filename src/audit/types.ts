import type {CostReading} from '../cost/actual.js'
import type {ResolvedDesign} from '../design/types.js'
import type {ClusterObjects} from '../kube/pod-security.js'
import type {ResourceKey, ResourceType} from '../resources.js'

import {severitySchema, type Finding, type Remediation, type Severity, type Status} from './report-schema.js'

// The report's shapes are written once, as zod schemas (they validate --json and make its JSON Schema).
export type {Finding, Remediation, Severity, Status}
export const SEVERITIES: Severity[] = [...severitySchema.options]

/** A field of a resource as provision sees it: same canonicalisers, so both agree on "actual". */
export interface FieldState {
  path: string
  requirement?: string
  expected: unknown
  actual: unknown
  ok: boolean
}

export interface InventoryItem {
  id: string
  type: ResourceType
  name: string
  region: string
  /** found: read and ours; absent: does not exist; not-ours: our name without our tags;
   * error: the read failed; unknown: a resource it depends on could not be read or is absent. */
  state: 'found' | 'absent' | 'not-ours' | 'error' | 'unknown'
  physicalId?: string
  arn?: string
  fields: FieldState[]
  /** The raw read-only API state judged (for evidence); secrets are redacted by the exporter. */
  raw?: unknown
  error?: {code: string; message: string}
  /** For 'unknown': which dependency. */
  blockedBy?: string
  /** Other resources carrying its ownership tags and logical id (what a lost create left): each a FAIL. */
  copies?: {requirements: string[]; mayHoldData: boolean; found: {physicalId: string; why: string}[]}
}

/** What an inventory holds: plain data, as recorded in a fixture or an evidence bundle. */
export interface InventoryData {
  env: string
  account: string
  callerArn: string
  regions: string[]
  items: Map<string, InventoryItem>
  /** Security groups in our VPC that the tool does not own (hand-made ones are judged too). */
  otherSecurityGroups: {id: string; name: string; openIngress: string[]}[] | {error: {code: string; message: string}}
  /**
   * What the cluster's Kubernetes API says about the pods' security groups (GETs only). Absent
   * when the cluster was not found or the inventory predates it: the checks that need it are
   * then ERROR, never PASS.
   */
  cluster?: ClusterObjects | {error: {code: string; message: string}}
  /** Cost Explorer's last full month for the environment's tags (cost-budget); absent in inventories recorded before it. */
  costs?: CostReading
}

/** The inventory checks read: by catalogue key, or every resource of one AWS type. */
export interface Inventory extends InventoryData {
  /** One logical resource; an inventory item is its own key. Undefined when the walk never reached it. */
  get(key: ResourceKey): InventoryItem | undefined
  /**
   * Every resource of one type, in walk order. The design decides how many there are, so a
   * bucket or repository added to the design is judged with no change to any check.
   */
  all(type: ResourceType): InventoryItem[]
}

/** Adds the accessors to inventory data. They read `this`, so `{...inventory, items}` keeps working. */
export function inventoryOf(data: InventoryData): Inventory {
  return {
    ...data,
    get(key) {
      return this.items.get(key.id)
    },
    all(type) {
      return [...this.items.values()].filter((i) => i.type === type)
    },
  }
}

export interface FrameworkRefs {
  /** AWS Foundational Security Best Practices control IDs. */
  fsbp?: string[]
  /** HIPAA Security Rule, 45 CFR 164.3xx sections. */
  hipaa?: string[]
}

/** What a check returns: the finding without the metadata the registry adds. */
export type Result = Omit<Finding, 'checkId' | 'severity' | 'remediation' | 'requirements'> & {
  requirements?: string[]
  severity?: Severity
}

export interface CheckDefinition {
  id: string
  title: string
  severity: Severity
  area: string
  requirements: string[]
  frameworks: FrameworkRefs
  remediation: Remediation
  run(inventory: Inventory, design: ResolvedDesign): Result[]
}
