import {defineCheck, judgeField, objectsIn} from '../../src/audit/define.js'
import {sameValue} from '../../src/reconcile/diff.js'
import {RESOURCES} from '../../src/resources.js'

/** What a rule does, whatever its id or prefix: requirements.md asks for "an enabled rule with ...". */
const effect = (r: Record<string, unknown>) => ({
  noncurrentExpirationDays: r.noncurrentExpirationDays,
  transitions: r.transitions,
  expirationDays: r.expirationDays,
})

const describe = (r: Record<string, unknown>) =>
  r.noncurrentExpirationDays
    ? `noncurrent versions expire after ${r.noncurrentExpirationDays} days`
    : r.expirationDays
      ? `objects expire after ${r.expirationDays} days`
      : objectsIn(r.transitions)
          .map((t) => `moves to ${t.storageClass === 'GLACIER' ? 'Glacier' : t.storageClass} after ${t.days} days`)
          .join(', ')

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
  // Each bucket of the design against its own designed rules (the layer's canonical lifecycle field).
  run: (inv, design) =>
    design.s3.buckets.flatMap((b) =>
      judgeField(inv, RESOURCES.bucket(b.role), 'lifecycle', (f) => {
        const enabled = objectsIn(f.actual).filter((r) => r.status === 'Enabled')
        const missing = objectsIn(f.expected).filter((want) => !enabled.some((r) => sameValue(effect(r), effect(want))))
        return {
          ok: missing.length === 0,
          expected: objectsIn(f.expected).map(effect),
          actual: enabled.map((r) => r.id),
          message: `${b.role}: ${objectsIn(f.expected).map(describe).join('; ')}`,
        }
      }).map((r) => ({...r, requirements: [`s3.${b.role}.lifecycle`]})),
    ),
})
