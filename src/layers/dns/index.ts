import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53'
import type {EngineContext, LayerDef, ResourceDef} from '../../reconcile/types.js'
import {RESOURCES, type ResourceKey} from '../../resources.js'

/**
 * CloudFront's fixed hosted zone id for alias records
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html: "Specify
 * Z2FDTNDATAQYW2. This is always the hosted zone ID when you create an alias record that routes
 * traffic to a CloudFront distribution").
 */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2'

// Route 53 is a global service; its API lives in us-east-1.
const route53 = (ctx: EngineContext) => ctx.aws.client(Route53Client, 'us-east-1')
const zoneOf = (ctx: EngineContext) => ctx.design.dns.hostedZoneId ?? ''
/** Route 53 answers names fully qualified, lower-case (it escapes some characters; ours have none). */
const fqdn = (name: string) => `${name.toLowerCase().replace(/\.$/, '')}.`

interface Alias {
  dnsName: string
  hostedZoneId: string
}

/**
 * One alias A record in the configured zone. Records carry no tags: the zone the configuration
 * names and the deterministic name are what make it ours, and UPSERT makes it what the design
 * says whatever was there.
 */
function aliasRecord(spec: {
  key: ResourceKey<{name: string}>
  what: string
  requirement: string
  name: (ctx: EngineContext) => string
  target: (ctx: EngineContext) => Alias | undefined
  needs: ResourceKey[]
}): ResourceDef<ResourceRecordSet, {name: string}> {
  const desired = (ctx: EngineContext): ResourceRecordSet => {
    const t = spec.target(ctx)
    return {
      Name: fqdn(spec.name(ctx)),
      Type: 'A',
      AliasTarget: {DNSName: fqdn(t?.dnsName ?? ''), HostedZoneId: t?.hostedZoneId, EvaluateTargetHealth: false},
    }
  }
  const upsert = async (ctx: EngineContext) => {
    const record = desired(ctx)
    await route53(ctx).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneOf(ctx),
        ChangeBatch: {
          Comment: `platform ${ctx.design.project}-${ctx.design.env}: ${spec.what}`,
          Changes: [{Action: 'UPSERT', ResourceRecordSet: record}],
        },
      }),
    )
    return record
  }
  const aliasOf = (r: ResourceRecordSet) => ({
    dnsName: (r.AliasTarget?.DNSName ?? '').toLowerCase().replace(/\.$/, ''),
    hostedZoneId: r.AliasTarget?.HostedZoneId ?? null,
  })
  return {
    key: spec.key,
    name: spec.what,
    region: () => 'us-east-1',
    requirements: [spec.requirement],
    needs: spec.needs,
    async find(ctx) {
      const name = fqdn(spec.name(ctx))
      const res = await route53(ctx).send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneOf(ctx),
          StartRecordName: name,
          StartRecordType: 'A',
          MaxItems: 1,
        }),
      )
      const r = res.ResourceRecordSets?.[0]
      return r && r.Name === name && r.Type === 'A' ? r : undefined
    },
    create: upsert,
    fields: (ctx) => [
      {
        path: 'aliasTarget',
        requirement: spec.requirement,
        expected: aliasOf(desired(ctx)),
        actual: aliasOf,
      },
    ],
    async update(ctx) {
      await upsert(ctx)
    },
    async delete(ctx, live) {
      await route53(ctx).send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneOf(ctx),
          ChangeBatch: {Changes: [{Action: 'DELETE', ResourceRecordSet: live}]},
        }),
      )
    },
    outputs: (l) => ({name: l.Name ?? ''}),
    physicalId: (l) => l.Name ?? '',
  }
}

export const dnsLayer: LayerDef = {
  name: 'dns',
  description:
    'Route 53 alias records (only with hostedZoneId): origin-{env} to the ALB, the viewer name to CloudFront',
  dependsOn: ['alb', 'cloudfront'],
  steps: (ctx) =>
    ctx.design.dns.hostedZoneId
      ? [
          [
            aliasRecord({
              key: RESOURCES.originRecord,
              what: 'origin name of the ALB',
              requirement: 'baseline.cloudfront.origin-name',
              name: (c) => c.design.cloudfront.originHostname,
              target: (c) => {
                const lb = c.ref(RESOURCES.loadBalancer)
                return lb && {dnsName: lb.dnsName, hostedZoneId: lb.hostedZoneId}
              },
              needs: [RESOURCES.loadBalancer],
            }),
            aliasRecord({
              key: RESOURCES.viewerRecord,
              what: 'viewer name of CloudFront',
              requirement: 'cloudfront.certificate',
              name: (c) => c.design.cloudfront.aliases[0] ?? '',
              target: (c) => {
                const d = c.ref(RESOURCES.distribution)
                return d && {dnsName: d.domainName, hostedZoneId: CLOUDFRONT_ZONE}
              },
              needs: [RESOURCES.distribution],
            }),
          ],
        ]
      : [],
}
