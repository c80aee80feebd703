import {defineCheck, fieldFindings, objectsIn, stateFinding} from '../../src/audit/define.js'
import type {Inventory, Result} from '../../src/audit/types.js'
import {RESOURCES} from '../../src/resources.js'

/**
 * The web ACL sits on CloudFront only (section 7.2); an ALB that admits the internet can be called
 * directly, around it. The design's table does admit 0.0.0.0/0 on 443, so this is advisory: the
 * hardening (albOriginLockdown) admits only CloudFront's origin-facing prefix list.
 */
export default defineCheck({
  id: 'waf-no-bypass',
  title: 'The ALB admits only CloudFront, so requests cannot go around the web ACL',
  severity: 'low',
  area: 'waf',
  requirements: ['baseline.waf.no-bypass'],
  frameworks: {fsbp: ['ELB.12']},
  remediation: {
    platform: 'set albOriginLockdown: true for the environment, then platform provision --env {env}',
    manual:
      'Replace the ALB group rule 0.0.0.0/0:443 with the managed prefix list com.amazonaws.global.cloudfront.origin-facing.',
  },
  run: (inv, design): Result[] => [
    ...openToAll(inv),
    // With the hardening: only our CloudFront's requests (the secret header, as digests) pass.
    ...(design.alb.originLockdown
      ? [
          ...fieldFindings(inv, RESOURCES.originRule, ['rule']),
          ...fieldFindings(inv, RESOURCES.distribution, ['originVerifyHeader']),
        ]
      : []),
  ],
})

function openToAll(inv: Inventory): Result[] {
  const key = RESOURCES.securityGroupRules('alb')
  const item = inv.get(key)
  const s = stateFinding(item, key, 'ingress from CloudFront only')
  if (s || !item) return s ? [s] : []
  const resource = {type: item.type, id: item.physicalId ?? item.name, region: item.region}
  const actual = item.fields.find((f) => f.path === 'ingress')?.actual
  if (!Array.isArray(actual))
    return [
      {
        status: 'ERROR',
        resource,
        expected: 'a rule list',
        actual: actual ?? null,
        message: 'The ALB security group rules could not be interpreted',
      },
    ]
  const ingress = objectsIn(actual)
  const open = ingress.filter((r) => /^cidr6?:/.test(String(r.source)))
  return [
    {
      status: open.length ? 'FAIL' : 'PASS',
      resource,
      expected: 'ingress from the CloudFront origin-facing prefix list only',
      actual: ingress.map((r) => `${String(r.protocol)}/${String(r.fromPort)}-${String(r.toPort)} ${String(r.source)}`),
      message: open.length
        ? `The ALB admits ${open.map((r) => String(r.source)).join(', ')} directly: requests can bypass the web ACL on CloudFront`
        : 'The ALB admits only CloudFront',
    },
  ]
}
