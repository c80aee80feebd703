import {ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client} from '@aws-sdk/client-route-53'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {certificateCovers} from '../../../src/audit/tls-names.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {lintDesign} from '../../../src/design/lint.js'
import {CLOUDFRONT_ORIGIN_FACING, resolveDesign} from '../../../src/design/resolve.js'
import {desiredConfig} from '../../../src/layers/cloudfront/index.js'
import {dnsLayer} from '../../../src/layers/dns/index.js'
import {fromDesign, fromLive, toPermission} from '../../../src/layers/sg-rules.js'
import {createContext} from '../../../src/reconcile/context.js'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import type {AnyResourceDef, EngineContext} from '../../../src/reconcile/types.js'
import {RESOURCES} from '../../../src/resources.js'

const route53 = mockClient(Route53Client)

function ctx(over: Record<string, unknown> = {}): EngineContext {
  return createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({environments: {dev: over}}, 'dev'),
    account: '123456789012',
    mode: 'apply',
    outputs: new Map([
      [
        RESOURCES.loadBalancer.id,
        {
          arn: 'arn:lb',
          dnsName: 'medical-ai-dev-alb-1.ap-northeast-1.elb.amazonaws.com',
          hostedZoneId: 'Z14GRHDCWA56QT',
        },
      ],
      [RESOURCES.distribution.id, {id: 'E1', arn: 'arn:cf', domainName: 'd111.cloudfront.net'}],
    ]),
  })
}

describe('CloudFront reaches the ALB by a name its certificate covers, and the API path works', () => {
  it('the origin is origin-{env}.{domain}, covered by *.{domain}; the ALB name is not', () => {
    const c = ctx()
    const conf = desiredConfig(c)
    expect(conf.Origins?.Items?.[0]?.DomainName).toBe('origin-dev.example.com')
    expect(certificateCovers(c.design.certificate.domainName, 'origin-dev.example.com')).toBe(true)
    expect(certificateCovers('*.example.com', 'medical-ai-dev-alb-1.ap-northeast-1.elb.amazonaws.com')).toBe(false)
    // RFC 6125: one label only, any case, a trailing dot is the same name.
    expect(certificateCovers('*.example.com', 'example.com')).toBe(false)
    expect(certificateCovers('*.example.com', 'a.b.example.com')).toBe(false)
    expect(certificateCovers('*.Example.com', 'ORIGIN-dev.example.com.')).toBe(true)
    expect(certificateCovers('app.example.com', 'app.example.com')).toBe(true)
  })

  it('/api/* takes every method, is never cached and forwards all but Host; the default stays as designed', () => {
    const conf = desiredConfig(ctx({apiPathPattern: '/v1/*'}))
    expect(conf.DefaultCacheBehavior?.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6')
    expect(conf.CacheBehaviors).toEqual({
      Quantity: 1,
      Items: [
        {
          PathPattern: '/v1/*',
          TargetOriginId: 'alb',
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: {
            Quantity: 7,
            Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            CachedMethods: {Quantity: 2, Items: ['GET', 'HEAD']},
          },
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
          Compress: true,
        },
      ],
    })
  })
})

describe('the ALB admits only CloudFront (albOriginLockdown)', () => {
  it("design lint says the design's table lets requests bypass WAF; the hardening silences it", () => {
    const open = lintDesign(resolveDesign({}, 'dev')).findings.find((f) => f.code === 'waf-bypass')
    expect(open).toMatchObject({level: 'advisory', requirements: expect.arrayContaining(['baseline.waf.no-bypass'])})
    const locked = resolveDesign({environments: {dev: {albOriginLockdown: true}}}, 'dev')
    expect(lintDesign(locked).findings.map((f) => f.code)).not.toContain('waf-bypass')
    expect(locked.securityGroups.find((g) => g.key === 'alb')!.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        source: {prefixList: CLOUDFRONT_ORIGIN_FACING},
        description: 'HTTPS from CloudFront only',
      },
    ])
  })

  it('prefix-list rules compare by name (ids differ per region) and are authorised by id', () => {
    const rule = resolveDesign({environments: {dev: {albOriginLockdown: true}}}, 'dev').securityGroups.find(
      (g) => g.key === 'alb',
    )!.ingress[0]!
    const live = {IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListId: 'pl-58a04531', IsEgress: false}
    expect(fromLive(live, {}, {'pl-58a04531': CLOUDFRONT_ORIGIN_FACING})).toEqual(fromDesign(rule))
    expect(fromLive(live, {})).toEqual({protocol: 'tcp', fromPort: 443, toPort: 443, source: 'pl:pl-58a04531'})
    expect(toPermission(rule, {}, {[CLOUDFRONT_ORIGIN_FACING]: 'pl-58a04531'})).toEqual({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      PrefixListIds: [{PrefixListId: 'pl-58a04531', Description: 'HTTPS from CloudFront only'}],
    })
  })
})

describe('Route 53 records, only with a configured hosted zone', () => {
  beforeEach(() => route53.reset())

  it('no hosted zone: no DNS resource at all (the records are required steps instead)', () => {
    expect(dnsLayer.steps(ctx())).toEqual([])
  })

  it('creates the origin alias to the ALB and the viewer alias to CloudFront with UPSERT', async () => {
    const c = ctx({hostedZoneId: 'Z0123456789ABC'})
    route53.on(ListResourceRecordSetsCommand).resolves({ResourceRecordSets: [], IsTruncated: false, MaxItems: 1})
    route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ChangeInfo: {Id: 'c', Status: 'PENDING', SubmittedAt: new Date()}})
    const [origin, viewer] = dnsLayer.steps(c)[0] as AnyResourceDef[]
    const p1 = await reconcileResource('dns', origin!, c)
    const p2 = await reconcileResource('dns', viewer!, c)
    expect([p1.action, p2.action]).toEqual(['create', 'create'])
    const changes = route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)
    expect(changes.map((i) => [i.HostedZoneId, i.ChangeBatch?.Changes?.[0]])).toEqual([
      [
        'Z0123456789ABC',
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: 'origin-dev.example.com.',
            Type: 'A',
            AliasTarget: {
              DNSName: 'medical-ai-dev-alb-1.ap-northeast-1.elb.amazonaws.com.',
              HostedZoneId: 'Z14GRHDCWA56QT',
              EvaluateTargetHealth: false,
            },
          },
        },
      ],
      [
        'Z0123456789ABC',
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: 'dev.example.com.',
            Type: 'A',
            AliasTarget: {DNSName: 'd111.cloudfront.net.', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false},
          },
        },
      ],
    ])
  })

  it('a record pointing elsewhere is drift, repaired by UPSERT; one already right is left alone', async () => {
    const c = ctx({hostedZoneId: 'Z0123456789ABC'})
    const [origin] = dnsLayer.steps(c)[0] as AnyResourceDef[]
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: 'origin-dev.example.com.',
          Type: 'A',
          AliasTarget: {
            DNSName: 'old-alb.elb.amazonaws.com.',
            HostedZoneId: 'Z14GRHDCWA56QT',
            EvaluateTargetHealth: false,
          },
        },
      ],
    })
    route53.on(ChangeResourceRecordSetsCommand).resolves({})
    const drift = await reconcileResource('dns', origin!, c)
    expect(drift.action).toBe('update')
    expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1)
    route53.reset()
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        {
          Name: 'origin-dev.example.com.',
          Type: 'A',
          AliasTarget: {
            DNSName: 'Medical-AI-dev-alb-1.ap-northeast-1.elb.amazonaws.com.',
            HostedZoneId: 'Z14GRHDCWA56QT',
            EvaluateTargetHealth: false,
          },
        },
      ],
    })
    const same = await reconcileResource('dns', origin!, c)
    expect(same.action).toBe('no-op')
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand)
  })
})
