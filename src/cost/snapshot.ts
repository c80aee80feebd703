import type {PriceTable} from './prices.js'

/**
 * The offline prices: On-Demand, USD, for an environment in ap-northeast-1 (Tokyo) replicating
 * to ap-northeast-3 (Osaka), in the units the Price List uses. Used when the Price List API
 * cannot be read (no network, no pricing:GetProducts, the local emulator, which has no pricing
 * service) and by the audit's cost check, which must not depend on a second service to judge.
 *
 * Source: AWS's public price pages for these regions, compiled by hand on the date below (not
 * captured from GetProducts: this repository has no AWS account). The tiers are the pages' own.
 * Refresh: `platform cost --env prod --json` against AWS prints the live table under
 * `prices.table`; paste it here with the day it was read.
 */
export const SNAPSHOT: {date: string; region: string; drRegion: string; source: string; prices: PriceTable} = {
  date: '2026-12-01',
  region: 'ap-northeast-1',
  drRegion: 'ap-northeast-3',
  source: 'AWS public price pages (ap-northeast-1, ap-northeast-3, us-east-1 for WAF), compiled by hand',
  prices: {
    'eks.cluster': {unit: 'Hours', usd: 0.1},
    'eks.extendedSupport': {unit: 'Hours', usd: 0.5},
    'fargate.vcpu': {unit: 'hours', usd: 0.05056},
    'fargate.memory': {unit: 'hours', usd: 0.00553},
    'aurora.instance': {unit: 'Hrs', usd: 0.313},
    'aurora.storage': {unit: 'GB-Mo', usd: 0.12},
    'aurora.io': {unit: 'IOs', usd: 0.00000024},
    'alb.hours': {unit: 'Hrs', usd: 0.0243},
    'alb.lcu': {unit: 'LCU-Hrs', usd: 0.008},
    'nat.hours': {unit: 'Hrs', usd: 0.062},
    'nat.data': {unit: 'GB', usd: 0.062},
    'vpc.publicIpv4': {unit: 'Hrs', usd: 0.005},
    's3.storage': {
      unit: 'GB-Mo',
      usd: 0.025,
      tiers: [
        {begin: 0, end: 51200, usd: 0.025},
        {begin: 51200, end: 512000, usd: 0.024},
        {begin: 512000, end: null, usd: 0.023},
      ],
    },
    's3.storageDr': {
      unit: 'GB-Mo',
      usd: 0.025,
      tiers: [
        {begin: 0, end: 51200, usd: 0.025},
        {begin: 51200, end: 512000, usd: 0.024},
        {begin: 512000, end: null, usd: 0.023},
      ],
    },
    'transfer.interRegion': {unit: 'GB', usd: 0.09},
    'cloudfront.transfer': {
      unit: 'GB',
      usd: 0.114,
      tiers: [
        {begin: 0, end: 10240, usd: 0.114},
        {begin: 10240, end: 51200, usd: 0.089},
        {begin: 51200, end: 153600, usd: 0.086},
        {begin: 153600, end: 512000, usd: 0.084},
        {begin: 512000, end: 1048576, usd: 0.08},
        {begin: 1048576, end: 5242880, usd: 0.07},
        {begin: 5242880, end: null, usd: 0.06},
      ],
    },
    'cloudfront.requests': {unit: 'Requests', usd: 0.0000012},
    'waf.webAcl': {unit: 'WebACL-Mo', usd: 5},
    'waf.rule': {unit: 'Rule-Mo', usd: 1},
    'waf.requests': {unit: 'Requests', usd: 0.0000006},
    'logs.ingest': {unit: 'GB', usd: 0.76},
    'logs.vended': {
      unit: 'GB',
      usd: 0.76,
      tiers: [
        {begin: 0, end: 10240, usd: 0.76},
        {begin: 10240, end: 30720, usd: 0.38},
        {begin: 30720, end: 51200, usd: 0.152},
        {begin: 51200, end: null, usd: 0.076},
      ],
    },
    'logs.vendedGlobal': {
      unit: 'GB',
      usd: 0.5,
      tiers: [
        {begin: 0, end: 10240, usd: 0.5},
        {begin: 10240, end: 30720, usd: 0.25},
        {begin: 30720, end: 51200, usd: 0.1},
        {begin: 51200, end: null, usd: 0.05},
      ],
    },
    'logs.storage': {unit: 'GB-Mo', usd: 0.033},
    'kms.key': {unit: 'Keys', usd: 1},
    'kms.keyDr': {unit: 'Keys', usd: 1},
    'kms.requests': {unit: 'Requests', usd: 0.000003},
    'secrets.secret': {unit: 'Secrets', usd: 0.4},
    'ecr.storage': {unit: 'GB-Mo', usd: 0.1},
  },
}
