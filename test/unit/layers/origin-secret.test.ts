import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {beforeEach, describe, expect, it} from 'vitest'
import {reconcileResource} from '../../../src/reconcile/engine.js'
import {RESOURCES} from '../../../src/resources.js'
import {redact} from '../../../src/evidence/redact.js'
import {resolveDesign} from '../../../src/design/resolve.js'
import {albLayer} from '../../../src/layers/alb/index.js'
import {ORIGIN_HEADER, canonicalRule, digestOf, originSecretResource} from '../../../src/layers/alb/origin-secret.js'
import {desiredConfig} from '../../../src/layers/cloudfront/index.js'
import {createContext} from '../../../src/reconcile/context.js'
import {AwsAccess} from '../../../src/aws/clients.js'

const SECRET = 'a'.repeat(64)
const ctx = (lockdown: boolean) =>
  createContext({
    aws: new AwsAccess({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'})}),
    design: resolveDesign({environments: {dev: {albOriginLockdown: lockdown}}}, 'dev'),
    account: '1',
    mode: 'plan',
  })

describe('albOriginLockdown: only our CloudFront, proven by a secret header', () => {
  it('adds the secret and the listener rule; the HTTPS listener answers 403 to everything else', () => {
    const locked = albLayer.steps(ctx(true)).map((s) => s.map((d) => d.key.id))
    expect(locked).toEqual([
      ['alb/load-balancer', 'alb/target-group', 'alb/origin-secret'],
      ['alb/listener-443', 'alb/listener-80'],
      ['alb/origin-rule'],
    ])
    expect(
      albLayer
        .steps(ctx(false))
        .flat()
        .map((d) => d.key.id),
    ).not.toContain('alb/origin-secret')
    const https = albLayer.steps(ctx(true))[1]![0]!
    expect(https.fields(ctx(true))[0]!.expected).toMatchObject({action: 'fixed-response:403'})
    const open = albLayer.steps(ctx(false))[1]![0]!
    expect(open.fields(ctx(false))[0]!.expected).toMatchObject({action: 'forward:'})
  })

  it('CloudFront sends the header; without the hardening it sends none', () => {
    expect(desiredConfig(ctx(true), undefined, SECRET).Origins?.Items?.[0]?.CustomHeaders).toEqual({
      Quantity: 1,
      Items: [{HeaderName: ORIGIN_HEADER, HeaderValue: SECRET}],
    })
    expect(desiredConfig(ctx(false)).Origins?.Items?.[0]?.CustomHeaders).toEqual({Quantity: 0, Items: []})
  })

  it('rules compare by digest, so plans and findings never carry the value', () => {
    const rule = canonicalRule({
      Priority: '1',
      Conditions: [{Field: 'http-header', HttpHeaderConfig: {HttpHeaderName: ORIGIN_HEADER, Values: [SECRET]}}],
      Actions: [{Type: 'forward', TargetGroupArn: 'arn:tg'}],
    })
    expect(rule).toEqual({
      priority: '1',
      header: ORIGIN_HEADER,
      valueDigest: digestOf(SECRET),
      action: 'forward:arn:tg',
    })
    expect(JSON.stringify(rule)).not.toContain(SECRET)
  })

  it('evidence redacts the header value wherever AWS returns it (CloudFront config, ELB rule)', () => {
    const raw = {
      Origins: {Items: [{CustomHeaders: {Items: [{HeaderName: ORIGIN_HEADER, HeaderValue: SECRET}]}}]},
      Rules: [
        {Conditions: [{Field: 'http-header', HttpHeaderConfig: {HttpHeaderName: ORIGIN_HEADER, Values: [SECRET]}}]},
      ],
      Other: [{HeaderName: 'Accept', HeaderValue: 'text/html'}],
    }
    const out = JSON.stringify(redact(raw, []))
    expect(out).not.toContain(SECRET)
    expect(out).toContain('"HeaderName":"X-Origin-Verify","HeaderValue":"[REDACTED]"')
    expect(out).toContain('"Values":["[REDACTED]"]')
    // Ordinary headers are evidence, kept.
    expect(out).toContain('"HeaderValue":"text/html"')
  })
})

describe('the origin secret across destroy and provision', () => {
  const sm = mockClient(SecretsManagerClient)
  beforeEach(() => sm.reset())
  const owned = {
    ARN: 'arn:aws:secretsmanager:ap-northeast-1:1:secret:platform/medical-ai-dev/origin-verify-abc',
    Name: 'platform/medical-ai-dev/origin-verify',
    Tags: [
      {Key: 'project', Value: 'medical-ai'},
      {Key: 'environment', Value: 'dev'},
      {Key: 'managed-by', Value: 'platform'},
      {Key: 'Name', Value: 'platform/medical-ai-dev/origin-verify'},
      {Key: 'platform:logical-id', Value: 'alb/origin-secret'},
    ],
  }

  it('destroy deletes it without a recovery window (the name would stay taken for days)', async () => {
    sm.on(DeleteSecretCommand).resolves({})
    const c = ctx(true)
    await originSecretResource().delete!(c, {secret: owned, digest: 'd'})
    expect(sm).toHaveReceivedCommandWith(DeleteSecretCommand, {SecretId: owned.ARN, ForceDeleteWithoutRecovery: true})
  })

  it('one scheduled for deletion (by hand) is found, planned as drift and restored, never created again', async () => {
    sm.on(DescribeSecretCommand).resolves({...owned, DeletedDate: new Date('2026-11-30T00:00:00Z')})
    sm.on(RestoreSecretCommand).resolves({})
    sm.on(GetSecretValueCommand).resolves({SecretString: SECRET})
    const c = createContext({...ctx(true), mode: 'apply'} as Parameters<typeof createContext>[0])
    const p = await reconcileResource('alb', originSecretResource(), c)
    expect(p.changes.map((x) => x.path)).toEqual(['scheduledForDeletion'])
    expect(sm).toHaveReceivedCommandWith(RestoreSecretCommand, {SecretId: owned.ARN})
    expect(sm).not.toHaveReceivedCommand(CreateSecretCommand)
    expect(c.ref(RESOURCES.originSecret)?.digest).toBe(digestOf(SECRET))
  })
})
