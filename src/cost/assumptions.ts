/**
 * The usage figures an estimate needs. The design gives some (section 9.1: S3 500 GB,
 * CloudFront 1 TB; 4.3: pod sizes; 8.2: NAT per AZ); the rest are decisions, stated here and
 * printed with every estimate so that a reader can disagree with a number rather than a total.
 * The design gives production figures only; other environments are estimated with the same ones.
 */
export interface Assumption {
  id: string
  value: number
  unit: string
  text: string
  basis: 'design 9.1' | 'design 4.3' | 'decision' | 'derived'
}

const a = (id: string, value: number, unit: string, text: string, basis: Assumption['basis']): Assumption => ({
  id,
  value,
  unit,
  text,
  basis,
})

export const ASSUMPTIONS = {
  hours: a('hours', 730, 'hours/month', 'a month is 730 hours (AWS pricing pages use the same)', 'decision'),
  s3Gb: a('s3Gb', 500, 'GB', 'S3 Standard in the primary region, all buckets', 'design 9.1'),
  cloudfrontGb: a(
    'cloudfrontGb',
    1024,
    'GB/month',
    'CloudFront data out, 1 TB, served from the Japan edge',
    'design 9.1',
  ),
  requests: a(
    'requests',
    10_000_000,
    'requests/month',
    'HTTPS requests through CloudFront and WAF (1 TB at ~100 KB a response)',
    'decision',
  ),
  albLcu: a(
    'albLcu',
    1.4,
    'LCU',
    'ALB capacity units, average: 1 TB/month over 730 h is 1.4 GB/h, and 1 LCU processes 1 GB/h',
    'derived',
  ),
  natGb: a('natGb', 200, 'GB/month', 'data through the NAT gateways (image pulls, S3 without endpoints)', 'decision'),
  replicatedGb: a(
    'replicatedGb',
    400,
    'GB',
    'models and data of the 500 GB, replicated to the DR region (logs are not: 6.1/6.2)',
    'decision',
  ),
  replicatedNewGb: a('replicatedNewGb', 40, 'GB/month', 'new or changed objects replicated each month', 'decision'),
  auroraStorageGb: a('auroraStorageGb', 100, 'GB', 'Aurora cluster volume', 'decision'),
  auroraIoMillions: a(
    'auroraIoMillions',
    100,
    'million I/O/month',
    'Aurora I/O requests (Aurora Standard)',
    'decision',
  ),
  eksLogsGb: a('eksLogsGb', 30, 'GB/month', 'EKS control-plane logs: api, audit, authenticator', 'decision'),
  auroraLogsGb: a('auroraLogsGb', 5, 'GB/month', 'Aurora log exports: audit, error, slowquery', 'decision'),
  flowLogsGb: a('flowLogsGb', 20, 'GB/month', 'VPC flow logs to CloudWatch Logs (vended)', 'decision'),
  wafLogKb: a('wafLogKb', 1.5, 'KB/request', 'WAF log record per request', 'decision'),
  logsStoredMonths: a('logsStoredMonths', 12, 'months', 'log retention reached (flow logs 365 days)', 'decision'),
  logsCompression: a(
    'logsCompression',
    0.2,
    'stored/ingested',
    'CloudWatch Logs bills storage compressed; about a fifth of the ingested size',
    'decision',
  ),
  kmsRequestsMillions: a(
    'kmsRequestsMillions',
    2,
    'million/month',
    'KMS requests (S3 SSE-KMS, EKS, Aurora)',
    'decision',
  ),
  ecrGb: a('ecrGb', 30, 'GB', 'images in the three ECR repositories', 'decision'),
} as const

/** Pods the design does not list but its Fargate profiles run (kube-system on Fargate, 4.2), with their charts' requests. */
export const SYSTEM_PODS = [
  {name: 'coredns', cpu: '100m', memory: '70Mi', replicas: 2, source: 'the EKS CoreDNS add-on requests'},
  {
    name: 'aws-load-balancer-controller',
    cpu: '100m',
    memory: '200Mi',
    replicas: 2,
    source: 'the controller Helm chart defaults',
  },
  {name: 'velero', cpu: '500m', memory: '128Mi', replicas: 1, source: 'the Velero Helm chart defaults'},
] as const

/** Charges the estimate leaves out, said rather than silently zero. */
export const NOT_PRICED = [
  'tax (consumption tax is added to the bill)',
  'the AWS free tier (per account, shared: CloudFront 1 TB, KMS 20,000 requests, ...)',
  'Aurora backup storage beyond the cluster volume (35-day retention of daily changes)',
  'KMS key rotation: each of the first two yearly rotations adds 1 USD/month per key',
  'S3 and replication requests, S3 Glacier after 365 days (6.2), Velero backup objects',
  'CloudFront origin fetches from the ALB (free from AWS origins) and Route 53 queries',
  'Cost Explorer API calls (0.01 USD each; the audit makes one)',
  'Savings Plans or reserved instances (9.2: not yet decided)',
] as const
