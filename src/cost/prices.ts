/**
 * The prices an estimate needs, each named by one Price List query: a service code and
 * TERM_MATCH filters narrow enough that exactly one product answers. The same keys name the
 * offline snapshot's prices (snapshot.ts), so both sources give the same lines.
 *
 * Usage types carry a region prefix (APN1 Tokyo, APN3 Osaka, USE1 N. Virginia, JP for
 * CloudFront's Japan edge): that is how AWS bills them and how the Price List filters them
 * (the `usagetype` attribute of GetProducts,
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html).
 */

/** One price: USD per `unit`; tiered prices (S3, CloudFront, vended logs) list their tiers. */
export interface PricePoint {
  unit: string
  usd: number
  /** Ascending tiers in `unit`s: from `begin` (inclusive) up to `end` (exclusive, null = no end). */
  tiers?: {begin: number; end: number | null; usd: number}[]
}

export interface PriceQuery {
  /** What the price is, in words (shown beside a fallback's reason). */
  what: string
  serviceCode: string
  filters: Record<string, string>
}

/** Region prefixes of usage types, for the regions the design uses. */
const PREFIX: Record<string, string> = {
  'ap-northeast-1': 'APN1',
  'ap-northeast-3': 'APN3',
  'us-east-1': 'USE1',
}

export function usagePrefix(region: string): string {
  const p = PREFIX[region]
  if (!p) throw new Error(`no usage-type prefix known for ${region}`)
  return p
}

export const PRICE_KEYS = [
  'eks.cluster',
  'eks.extendedSupport',
  'fargate.vcpu',
  'fargate.memory',
  'aurora.instance',
  'aurora.storage',
  'aurora.io',
  'alb.hours',
  'alb.lcu',
  'nat.hours',
  'nat.data',
  'vpc.publicIpv4',
  's3.storage',
  's3.storageDr',
  'transfer.interRegion',
  'cloudfront.transfer',
  'cloudfront.requests',
  'waf.webAcl',
  'waf.rule',
  'waf.requests',
  'logs.ingest',
  'logs.vended',
  'logs.vendedGlobal',
  'logs.storage',
  'kms.key',
  'kms.keyDr',
  'kms.requests',
  'secrets.secret',
  'ecr.storage',
] as const
export type PriceKey = (typeof PRICE_KEYS)[number]
export type PriceTable = Record<PriceKey, PricePoint>

/** The GetProducts query of each price for an environment in `region` replicating to `drRegion`. */
export function priceQueries(region: string, drRegion: string, instanceClass: string): Record<PriceKey, PriceQuery> {
  const r = usagePrefix(region)
  const dr = usagePrefix(drRegion)
  const q = (what: string, serviceCode: string, filters: Record<string, string>): PriceQuery => ({
    what,
    serviceCode,
    filters,
  })
  return {
    'eks.cluster': q('EKS cluster hour', 'AmazonEKS', {usagetype: `${r}-AmazonEKS-Hours:perCluster`}),
    // Billed on top of the cluster hour while the version is in extended support.
    'eks.extendedSupport': q('EKS extended support, per cluster hour', 'AmazonEKS', {
      usagetype: `${r}-AmazonEKS-Hours:extendedSupport`,
    }),
    // EKS on Fargate is priced and billed under AmazonEKS with these usage types.
    'fargate.vcpu': q('Fargate vCPU hour', 'AmazonEKS', {usagetype: `${r}-Fargate-vCPU-Hours:perCPU`}),
    'fargate.memory': q('Fargate GB hour', 'AmazonEKS', {usagetype: `${r}-Fargate-GB-Hours`}),
    'aurora.instance': q(`Aurora MySQL ${instanceClass} hour`, 'AmazonRDS', {
      usagetype: `${r}-InstanceUsage:${instanceClass}`,
      databaseEngine: 'Aurora MySQL',
    }),
    'aurora.storage': q('Aurora storage GB-month', 'AmazonRDS', {usagetype: `${r}-Aurora:StorageUsage`}),
    'aurora.io': q('Aurora I/O request', 'AmazonRDS', {usagetype: `${r}-Aurora:StorageIOUsage`}),
    'alb.hours': q('Application Load Balancer hour', 'AWSELB', {
      usagetype: `${r}-LoadBalancerUsage`,
      operation: 'LoadBalancing:Application',
    }),
    'alb.lcu': q('ALB LCU hour', 'AWSELB', {usagetype: `${r}-LCUUsage`, operation: 'LoadBalancing:Application'}),
    'nat.hours': q('NAT gateway hour', 'AmazonEC2', {usagetype: `${r}-NatGateway-Hours`}),
    'nat.data': q('NAT gateway GB processed', 'AmazonEC2', {usagetype: `${r}-NatGateway-Bytes`}),
    'vpc.publicIpv4': q('public IPv4 address hour', 'AmazonVPC', {usagetype: `${r}-PublicIPv4:InUseAddress`}),
    's3.storage': q('S3 Standard GB-month', 'AmazonS3', {usagetype: `${r}-TimedStorage-ByteHrs`}),
    's3.storageDr': q('S3 Standard GB-month (DR region)', 'AmazonS3', {usagetype: `${dr}-TimedStorage-ByteHrs`}),
    'transfer.interRegion': q('inter-region transfer GB (replication)', 'AmazonS3', {
      usagetype: `${r}-${dr}-AWS-Out-Bytes`,
    }),
    'cloudfront.transfer': q('CloudFront GB out (Japan edge)', 'AmazonCloudFront', {
      usagetype: 'JP-DataTransfer-Out-Bytes',
    }),
    'cloudfront.requests': q('CloudFront HTTPS request (Japan edge)', 'AmazonCloudFront', {
      usagetype: 'JP-Requests-Tier2-HTTPS',
    }),
    // The CLOUDFRONT-scope web ACL lives in us-east-1 and is billed there.
    'waf.webAcl': q('WAF web ACL month', 'awswaf', {usagetype: 'USE1-WebACL'}),
    'waf.rule': q('WAF rule month', 'awswaf', {usagetype: 'USE1-Rule'}),
    'waf.requests': q('WAF request', 'awswaf', {usagetype: 'USE1-Request'}),
    'logs.ingest': q('CloudWatch Logs GB ingested', 'AmazonCloudWatch', {usagetype: `${r}-DataProcessing-Bytes`}),
    'logs.vended': q('CloudWatch vended logs GB (flow logs)', 'AmazonCloudWatch', {
      usagetype: `${r}-VendedLog-Bytes`,
    }),
    'logs.vendedGlobal': q('CloudWatch vended logs GB (WAF, us-east-1)', 'AmazonCloudWatch', {
      usagetype: 'USE1-VendedLog-Bytes',
    }),
    'logs.storage': q('CloudWatch Logs stored GB-month', 'AmazonCloudWatch', {usagetype: `${r}-TimedStorage-ByteHrs`}),
    'kms.key': q('KMS key month', 'awskms', {usagetype: `${r}-KMS-Keys`}),
    'kms.keyDr': q('KMS key month (DR region)', 'awskms', {usagetype: `${dr}-KMS-Keys`}),
    'kms.requests': q('KMS request', 'awskms', {usagetype: `${r}-KMS-Requests`}),
    'secrets.secret': q('Secrets Manager secret month', 'AWSSecretsManager', {
      usagetype: `${r}-AWSSecretsManager-Secrets`,
    }),
    'ecr.storage': q('ECR GB-month', 'AmazonECR', {usagetype: `${r}-TimedStorage-ByteHrs`}),
  }
}

/** What a GetProducts answer holds per product (the parts read here). */
interface PriceListProduct {
  product?: {sku?: string; attributes?: Record<string, string>}
  terms?: {
    OnDemand?: Record<
      string,
      {
        priceDimensions?: Record<
          string,
          {unit?: string; beginRange?: string; endRange?: string; pricePerUnit?: {USD?: string}}
        >
      }
    >
  }
}

/**
 * One price from a GetProducts answer. Each PriceList entry is a JSON string (FormatVersion
 * aws_v1) with the product and its terms; the On-Demand term's price dimensions are the price,
 * one per tier. Anything but exactly one product, one On-Demand term and USD prices is refused:
 * a guess between two SKUs would be a wrong price presented as a right one.
 */
export function parsePriceList(key: string, entries: readonly string[]): PricePoint {
  if (entries.length !== 1)
    throw new Error(`${key}: expected exactly one product, the Price List answered ${entries.length}`)
  const product = JSON.parse(entries[0]!) as PriceListProduct
  const terms = Object.values(product.terms?.OnDemand ?? {})
  if (terms.length !== 1) throw new Error(`${key}: expected one On-Demand term, found ${terms.length}`)
  const dims = Object.values(terms[0]!.priceDimensions ?? {})
  if (dims.length === 0) throw new Error(`${key}: the On-Demand term has no price dimension`)
  const tiers = dims
    .map((d) => {
      const usd = Number(d.pricePerUnit?.USD)
      if (d.pricePerUnit?.USD === undefined || !Number.isFinite(usd)) throw new Error(`${key}: a price is not in USD`)
      return {
        unit: d.unit ?? '',
        begin: Number(d.beginRange ?? 0),
        end: d.endRange === undefined || d.endRange === 'Inf' ? null : Number(d.endRange),
        usd,
      }
    })
    .sort((a, b) => a.begin - b.begin)
  const unit = tiers[0]!.unit
  if (tiers.some((t) => t.unit !== unit)) throw new Error(`${key}: tiers in different units`)
  const point: PricePoint = {unit, usd: tiers[0]!.usd}
  if (tiers.length > 1) point.tiers = tiers.map(({begin, end, usd}) => ({begin, end, usd}))
  return point
}

/** USD for `quantity` units: tier by tier where the price is tiered, else quantity x price. */
export function costOf(price: PricePoint, quantity: number): number {
  if (!price.tiers) return quantity * price.usd
  let total = 0
  for (const t of price.tiers) {
    if (quantity <= t.begin) break
    const upper = t.end === null ? quantity : Math.min(quantity, t.end)
    total += (upper - t.begin) * t.usd
  }
  return total
}
