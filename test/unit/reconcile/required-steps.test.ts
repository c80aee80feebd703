import {describe, expect, it} from 'vitest'
import {resolveDesign} from '../../../src/design/resolve.js'
import {requiredSteps} from '../../../src/reconcile/required-steps.js'
import {RESOURCES} from '../../../src/resources.js'

const outputs = (over: Record<string, Record<string, string>> = {}) =>
  new Map<string, Record<string, string>>(
    Object.entries({
      [RESOURCES.loadBalancer.id]: {
        arn: 'arn:lb',
        dnsName: 'medical-ai-dev-alb-1.ap-northeast-1.elb.amazonaws.com',
        hostedZoneId: 'Z14GRHDCWA56QT',
      },
      [RESOURCES.distribution.id]: {id: 'E1', arn: 'arn:cf', domainName: 'd111.cloudfront.net'},
      [RESOURCES.regionalCertificate.id]: {
        arn: 'arn:c1',
        status: 'ISSUED',
        validation: '_a.example.com. CNAME _b.acm-validations.aws.',
      },
      [RESOURCES.cloudfrontCertificate.id]: {
        arn: 'arn:c2',
        status: 'ISSUED',
        validation: '_a.example.com. CNAME _b.acm-validations.aws.',
      },
      ...over,
    }),
  )

describe('required steps: what the operator must still do, with the values', () => {
  it('without a hosted zone: the origin and viewer records, each with its target', () => {
    expect(requiredSteps(resolveDesign({}, 'dev'), outputs())).toEqual([
      "DNS: origin-dev.example.com CNAME medical-ai-dev-alb-1.ap-northeast-1.elb.amazonaws.com (CloudFront's origin; without it every request is a 502; or set hostedZoneId and provision makes it)",
      'DNS: dev.example.com CNAME d111.cloudfront.net (the name viewers use)',
    ])
  })

  it('with a hosted zone provision makes the records: nothing left but unvalidated certificates', () => {
    const design = resolveDesign({environments: {dev: {hostedZoneId: 'Z0123456789ABC'}}}, 'dev')
    expect(requiredSteps(design, outputs())).toEqual([])
    const pending = outputs({
      [RESOURCES.cloudfrontCertificate.id]: {
        arn: 'arn:c2',
        status: 'PENDING_VALIDATION',
        validation: '_a.example.com. CNAME _b.acm-validations.aws.',
      },
    })
    expect(requiredSteps(design, pending)).toEqual([
      'DNS: _a.example.com. CNAME _b.acm-validations.aws. (ACM validation of *.example.com, certificates/cloudfront)',
    ])
  })
})
