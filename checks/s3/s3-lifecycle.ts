import {defineCheck, judge} from '../../src/audit/define.js'

type Rule = {
  ID?: string
  Status?: string
  NoncurrentVersionExpiration?: {NoncurrentDays?: number}
  Transitions?: {Days?: number; StorageClass?: string}[]
  Expiration?: {Days?: number}
}
type Live = {lifecycle?: Rule[]}
const enabled = (l: Live) => (l.lifecycle ?? []).filter((r) => r.Status === 'Enabled')

/** requirements.md asks for "an enabled rule with ...": other rules may exist beside it. */
export default defineCheck({
  id: 's3-lifecycle',
  title: 'Models expire noncurrent versions at 90 days, data moves to Glacier at 365, logs expire at 90',
  severity: 'medium',
  area: 's3',
  requirements: ['s3.models.lifecycle', 's3.data.lifecycle', 's3.logs.lifecycle'],
  frameworks: {fsbp: ['S3.13'], hipaa: ['164.310(d)(2)(i)']},
  remediation: {
    platform: 'platform provision --env {env}',
    manual: 'S3 console > Management > Lifecycle rules: restore the rule of section 6.2.',
  },
  run: (inv) => [
    ...judge<Live>(inv, 's3/models', {NoncurrentVersionExpiration: 90}, (l) => ({
      ok: enabled(l).some((r) => r.NoncurrentVersionExpiration?.NoncurrentDays === 90),
      actual: enabled(l).map((r) => r.ID),
      message: 'models: noncurrent versions expire after 90 days',
    })).map((r) => ({...r, requirements: ['s3.models.lifecycle']})),
    ...judge<Live>(inv, 's3/data', {Transition: {Days: 365, StorageClass: 'GLACIER'}}, (l) => ({
      ok: enabled(l).some((r) => r.Transitions?.some((t) => t.Days === 365 && t.StorageClass === 'GLACIER')),
      actual: enabled(l).map((r) => r.ID),
      message: 'data: moves to Glacier after 365 days',
    })).map((r) => ({...r, requirements: ['s3.data.lifecycle']})),
    ...judge<Live>(inv, 's3/logs', {Expiration: 90}, (l) => ({
      ok: enabled(l).some((r) => r.Expiration?.Days === 90),
      actual: enabled(l).map((r) => r.ID),
      message: 'logs: objects expire after 90 days',
    })).map((r) => ({...r, requirements: ['s3.logs.lifecycle']})),
  ],
})
