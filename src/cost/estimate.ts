import {DESIGN} from '../design/defaults.js'
import {EKS_VERSIONS, supportState} from '../design/eks-versions.js'
import type {ResolvedDesign} from '../design/types.js'
import {ASSUMPTIONS, NOT_PRICED, SYSTEM_PODS, type Assumption} from './assumptions.js'
import {fargateSize} from './fargate.js'
import {costOf, type PriceKey, type PriceTable} from './prices.js'

/** The rows of section 9.1, with the design's monthly USD; `other` is everything its table leaves out. */
export const DESIGN_ROWS = [
  {id: 'eks', service: 'EKS', spec: 'cluster + Fargate', usd: DESIGN.cost.eks},
  {id: 'aurora', service: 'Aurora', spec: 'db.r6g.large x 2', usd: DESIGN.cost.aurora},
  {id: 'alb', service: 'ALB', spec: '1', usd: DESIGN.cost.alb},
  {id: 'nat', service: 'NAT Gateway', spec: '3', usd: DESIGN.cost.nat},
  {id: 's3', service: 'S3', spec: '500 GB', usd: DESIGN.cost.s3},
  {id: 'cloudfront', service: 'CloudFront', spec: '1 TB transfer', usd: DESIGN.cost.cloudfront},
  {id: 'other', service: 'Not in the design (9.1)', spec: '', usd: 0},
] as const
export type DesignRowId = (typeof DESIGN_ROWS)[number]['id']

export interface CostLine {
  id: string
  /** The design row it belongs to; `other` when section 9.1 has no row for it. */
  row: DesignRowId
  /** False when the design's row does not cover it (its spec names something else). */
  inDesign: boolean
  description: string
  quantity: number
  unit: string
  /** USD per unit (per pod-hour for pods: vCPU and memory together). */
  unitUsd: number
  usd: number
  prices: PriceKey[]
  note?: string
}

export interface CostRow {
  id: DesignRowId
  service: string
  spec: string
  designUsd: number
  estimateUsd: number
  deltaUsd: number
  lines: CostLine[]
}

export interface CostEstimate {
  env: string
  region: string
  hours: number
  rows: CostRow[]
  total: {designUsd: number; estimateUsd: number; deltaUsd: number}
  assumptions: Assumption[]
  notPriced: string[]
}

const round = (n: number, digits: number) => Number(n.toFixed(digits))
const cents = (n: number) => round(n, 2)

/**
 * The monthly On-Demand cost of the environment as designed, line by line, from a price table
 * (the Price List API's or the offline snapshot's): pure, so both sources give the same lines.
 * `today` decides whether the Kubernetes version is in extended support.
 */
export function estimateCost(design: ResolvedDesign, prices: PriceTable, today: Date): CostEstimate {
  const A = ASSUMPTIONS
  const hours = A.hours.value
  const lines: CostLine[] = []
  const line = (
    l: Omit<CostLine, 'usd' | 'unitUsd' | 'inDesign'> & {inDesign?: boolean; unitUsd?: number; usd?: number},
  ) => {
    const price = prices[l.prices[0]!]
    const quantity = round(l.quantity, 6)
    const usd = l.usd ?? costOf(price, quantity)
    lines.push({
      ...l,
      quantity,
      inDesign: l.inDesign ?? l.row !== 'other',
      // A tiered price's average over the quantity; otherwise the price itself.
      unitUsd: round(l.unitUsd ?? (price.tiers && quantity > 0 ? usd / quantity : price.usd), 8),
      usd: cents(usd),
    })
  }
  const podHour = (cpu: string, memory: string) => {
    const s = fargateSize(cpu, memory)
    return {size: s, usd: s.vcpu * prices['fargate.vcpu'].usd + s.memoryGb * prices['fargate.memory'].usd}
  }

  // --- EKS: the cluster and the section 4.3 workloads on Fargate
  line({
    id: 'eks.cluster',
    row: 'eks',
    description: `EKS cluster ${design.eks.name}`,
    quantity: hours,
    unit: 'hours',
    prices: ['eks.cluster'],
  })
  for (const w of design.workloads) {
    const p = podHour(w.cpu, w.memory)
    line({
      id: `fargate.${w.name}`,
      row: 'eks',
      description: `Fargate ${w.name}: ${w.replicas} pod${w.replicas === 1 ? '' : 's'}, requests ${w.cpu}/${w.memory} + 256 MiB billed as ${p.size.vcpu} vCPU / ${p.size.memoryGb} GB`,
      quantity: w.replicas * hours,
      unit: 'pod-hours',
      unitUsd: p.usd,
      usd: w.replicas * hours * p.usd,
      prices: ['fargate.vcpu', 'fargate.memory'],
    })
  }
  for (const s of SYSTEM_PODS) {
    const p = podHour(s.cpu, s.memory)
    line({
      id: `fargate.${s.name}`,
      row: 'eks',
      inDesign: false,
      description: `Fargate ${s.name}: ${s.replicas} pod${s.replicas === 1 ? '' : 's'} (${s.source}: ${s.cpu}/${s.memory}) billed as ${p.size.vcpu} vCPU / ${p.size.memoryGb} GB`,
      quantity: s.replicas * hours,
      unit: 'pod-hours',
      unitUsd: p.usd,
      usd: s.replicas * hours * p.usd,
      prices: ['fargate.vcpu', 'fargate.memory'],
    })
  }
  lines.push(extendedSupport(design, prices, today, hours))

  // --- Aurora
  line({
    id: 'aurora.instances',
    row: 'aurora',
    description: `Aurora MySQL ${design.rds.instances} x ${design.rds.instanceClass}`,
    quantity: design.rds.instances * hours,
    unit: 'instance-hours',
    prices: ['aurora.instance'],
  })
  line({
    id: 'aurora.storage',
    row: 'aurora',
    inDesign: false,
    description: 'Aurora storage (cluster volume)',
    quantity: A.auroraStorageGb.value,
    unit: 'GB-month',
    prices: ['aurora.storage'],
  })
  line({
    id: 'aurora.io',
    row: 'aurora',
    inDesign: false,
    description: 'Aurora I/O requests',
    quantity: A.auroraIoMillions.value * 1e6,
    unit: 'requests',
    prices: ['aurora.io'],
  })

  // --- ALB
  line({
    id: 'alb.hours',
    row: 'alb',
    description: `ALB ${design.alb.name}`,
    quantity: hours,
    unit: 'hours',
    prices: ['alb.hours'],
  })
  line({
    id: 'alb.lcu',
    row: 'alb',
    description: `ALB capacity units (${A.albLcu.value} LCU average)`,
    quantity: A.albLcu.value * hours,
    unit: 'LCU-hours',
    prices: ['alb.lcu'],
  })

  // --- NAT gateways
  line({
    id: 'nat.hours',
    row: 'nat',
    description: `${design.natGateways} NAT gateway(s)`,
    quantity: design.natGateways * hours,
    unit: 'hours',
    prices: ['nat.hours'],
  })
  line({
    id: 'nat.data',
    row: 'nat',
    inDesign: false,
    description: 'NAT gateway data processed',
    quantity: A.natGb.value,
    unit: 'GB',
    prices: ['nat.data'],
  })

  // --- S3 and CloudFront, as the design sizes them
  line({
    id: 's3.storage',
    row: 's3',
    description: 'S3 Standard storage',
    quantity: A.s3Gb.value,
    unit: 'GB-month',
    prices: ['s3.storage'],
  })
  line({
    id: 'cloudfront.transfer',
    row: 'cloudfront',
    description: 'CloudFront data out (Japan edge, tiered)',
    quantity: A.cloudfrontGb.value,
    unit: 'GB',
    prices: ['cloudfront.transfer'],
  })
  line({
    id: 'cloudfront.requests',
    row: 'cloudfront',
    inDesign: false,
    description: 'CloudFront HTTPS requests',
    quantity: A.requests.value,
    unit: 'requests',
    prices: ['cloudfront.requests'],
  })

  // --- What section 9.1 leaves out
  const rules = design.waf.managedRuleGroups.length + 1
  line({
    id: 'waf.webAcl',
    row: 'other',
    description: `WAF web ACL ${design.waf.name}`,
    quantity: 1,
    unit: 'web ACL-months',
    prices: ['waf.webAcl'],
  })
  line({
    id: 'waf.rules',
    row: 'other',
    description: `WAF rules: ${design.waf.managedRuleGroups.length} managed groups + the rate limit`,
    quantity: rules,
    unit: 'rule-months',
    prices: ['waf.rule'],
  })
  line({
    id: 'waf.requests',
    row: 'other',
    description: 'WAF requests inspected',
    quantity: A.requests.value,
    unit: 'requests',
    prices: ['waf.requests'],
  })
  const publicSubnets = design.subnets.filter((s) => s.tier === 'public').length
  const ips = design.natGateways + publicSubnets
  line({
    id: 'vpc.publicIpv4',
    row: 'other',
    description: `public IPv4 addresses: ${design.natGateways} NAT Elastic IP(s) + ${publicSubnets} ALB (one per AZ)`,
    quantity: ips * hours,
    unit: 'address-hours',
    prices: ['vpc.publicIpv4'],
  })
  line({
    id: 'logs.eks',
    row: 'other',
    description: `CloudWatch Logs: EKS control plane (${design.eks.logTypes.join(', ')})`,
    quantity: A.eksLogsGb.value,
    unit: 'GB',
    prices: ['logs.ingest'],
  })
  line({
    id: 'logs.aurora',
    row: 'other',
    description: `CloudWatch Logs: Aurora exports (${design.rds.logExports.join(', ')})`,
    quantity: A.auroraLogsGb.value,
    unit: 'GB',
    prices: ['logs.ingest'],
  })
  line({
    id: 'logs.flow',
    row: 'other',
    description: 'CloudWatch Logs: VPC flow logs',
    quantity: A.flowLogsGb.value,
    unit: 'GB',
    prices: ['logs.vended'],
  })
  const wafLogGb = (A.requests.value * A.wafLogKb.value) / 1024 / 1024
  line({
    id: 'logs.waf',
    row: 'other',
    description: 'CloudWatch Logs: WAF logs (us-east-1)',
    quantity: cents(wafLogGb),
    unit: 'GB',
    prices: ['logs.vendedGlobal'],
  })
  const ingested = A.eksLogsGb.value + A.auroraLogsGb.value + A.flowLogsGb.value + wafLogGb
  line({
    id: 'logs.storage',
    row: 'other',
    description: `CloudWatch Logs storage (${A.logsStoredMonths.value} months kept, compressed)`,
    quantity: cents(ingested * A.logsStoredMonths.value * A.logsCompression.value),
    unit: 'GB-month',
    prices: ['logs.storage'],
  })
  const keys = 1 + (design.kms.evidenceSigningAlias ? 1 : 0)
  line({
    id: 'kms.keys',
    row: 'other',
    description: `KMS keys: ${design.kms.alias}${design.kms.evidenceSigningAlias ? ' and the evidence signing key' : ''}`,
    quantity: keys,
    unit: 'key-months',
    prices: ['kms.key'],
  })
  line({
    id: 'kms.requests',
    row: 'other',
    description: 'KMS requests',
    quantity: A.kmsRequestsMillions.value * 1e6,
    unit: 'requests',
    prices: ['kms.requests'],
  })
  const secrets = 1 + (design.alb.originLockdown ? 1 : 0)
  line({
    id: 'secrets',
    row: 'other',
    description: `Secrets Manager: the Aurora master password${design.alb.originLockdown ? ' and the origin header secret' : ''}`,
    quantity: secrets,
    unit: 'secret-months',
    prices: ['secrets.secret'],
  })
  line({
    id: 'dr.s3',
    row: 'other',
    description: `DR replicas in ${design.drRegion}: S3 Standard storage`,
    quantity: A.replicatedGb.value,
    unit: 'GB-month',
    prices: ['s3.storageDr'],
  })
  line({
    id: 'dr.transfer',
    row: 'other',
    description: `DR replication transfer ${design.region} -> ${design.drRegion}`,
    quantity: A.replicatedNewGb.value,
    unit: 'GB',
    prices: ['transfer.interRegion'],
  })
  line({
    id: 'dr.kms',
    row: 'other',
    description: `DR KMS key ${design.kms.drAlias}`,
    quantity: 1,
    unit: 'key-months',
    prices: ['kms.keyDr'],
  })
  line({
    id: 'ecr.storage',
    row: 'other',
    description: 'ECR image storage',
    quantity: A.ecrGb.value,
    unit: 'GB-month',
    prices: ['ecr.storage'],
  })

  const rows = DESIGN_ROWS.map((r): CostRow => {
    const ls = lines.filter((l) => l.row === r.id)
    const estimateUsd = cents(ls.reduce((s, l) => s + l.usd, 0))
    return {
      id: r.id,
      service: r.service,
      spec: r.spec,
      designUsd: r.usd,
      estimateUsd,
      deltaUsd: cents(estimateUsd - r.usd),
      lines: ls,
    }
  })
  const estimateUsd = cents(rows.reduce((s, r) => s + r.estimateUsd, 0))
  return {
    env: design.env,
    region: design.region,
    hours,
    rows,
    total: {designUsd: DESIGN.cost.total, estimateUsd, deltaUsd: cents(estimateUsd - DESIGN.cost.total)},
    assumptions: Object.values(ASSUMPTIONS),
    notPriced: [...NOT_PRICED],
  }
}

/**
 * EKS bills a surcharge per cluster hour while the version is in extended support, which only
 * happens with upgradePolicy EXTENDED (STANDARD clusters are upgraded at the end of standard
 * support; https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). Always a
 * line, zero hours when it does not apply, so the reader sees why.
 */
function extendedSupport(design: ResolvedDesign, prices: PriceTable, today: Date, hours: number): CostLine {
  const version = design.eks.version
  const state = supportState(version, today)
  const cal = EKS_VERSIONS.find((v) => v.version === version)
  const billed = state === 'extended' && design.eks.supportType === 'EXTENDED'
  const note =
    state === 'unsupported'
      ? `Kubernetes ${version} is past the end of extended support (${cal?.endOfExtendedSupport}): EKS creates no such cluster and upgrades existing ones; nothing to bill, but the design must change its version`
      : state === 'unknown'
        ? `Kubernetes ${version} is not in the support calendar: surcharge unknown`
        : state === 'extended'
          ? billed
            ? `Kubernetes ${version} is in extended support until ${cal?.endOfExtendedSupport}`
            : `Kubernetes ${version} is past standard support, but supportType STANDARD upgrades the cluster instead of billing extended support`
          : `Kubernetes ${version} is in standard support until ${cal?.endOfStandardSupport}${design.eks.supportType === 'EXTENDED' ? ', billed from then on (supportType EXTENDED)' : ''}`
  const quantity = billed ? hours : 0
  return {
    id: 'eks.extendedSupport',
    row: 'other',
    inDesign: false,
    description: `EKS extended support surcharge (Kubernetes ${version}, supportType ${design.eks.supportType})`,
    quantity,
    unit: 'hours',
    unitUsd: prices['eks.extendedSupport'].usd,
    usd: cents(quantity * prices['eks.extendedSupport'].usd),
    prices: ['eks.extendedSupport'],
    note,
  }
}
