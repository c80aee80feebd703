import {createServer, type Server} from 'node:http'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {CreateBucketCommand, S3Client} from '@aws-sdk/client-s3'
import {CreateSecretCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {CreateTopicCommand, SNSClient, SubscribeCommand} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {emulatorEnv, ROOT, runCli} from '../helpers/cli.js'
import {startMoto, type Moto} from '../helpers/moto.js'

/**
 * audit --notify against moto and a local HTTP sink started here: the sink stands in for Slack,
 * the generic webhook and (through an SNS http subscription, which moto delivers by POST) the
 * SNS topic's subscriber. The nights: an empty account (everything FAIL), then the KMS layer
 * provisioned (the KMS findings resolve), then the same account again (nothing changed).
 */
vi.setConfig({testTimeout: 240_000, hookTimeout: 240_000})

const REGION = 'ap-northeast-1'
const BUCKET = 'medical-ai-notify-history'
// Stands for the secret part of a Slack webhook URL: it must appear nowhere in the output.
const SLACK_SECRET = 'T0001/B0001/sEcReTtOkEn0123456789'
const HOOK_SECRET = 'hook-sEcReT-9876543210'
const creds = {accessKeyId: 'testing', secretAccessKey: 'testing'}

interface Received {
  path: string
  body: string
}
let moto: Moto
let sink: Server
let sinkUrl: string
const received: Received[] = []
let topicArn: string

interface Entry {
  id: string
  checkId: string
  resource: string
  status: string
}
interface Body {
  env: string
  new: Entry[]
  resolved: Entry[]
  stillFailing: Entry[]
  failing: Entry[]
  report: string | null
}
interface Report {
  findings: {id: string; status: string; checkId: string}[]
  comparison?: {new: {id: string}[]; resolved: {id: string}[]; changed: unknown[]}
  stored?: {url: string}
  notifications?: {
    sent: boolean
    reason: string
    deliveries: {target: string; ok: boolean; error?: string; messageId?: string}[]
  }
}

const byPath = (p: string) => received.filter((r) => r.path.startsWith(p))
const snsNotifications = () =>
  byPath('/sns')
    .map((r) => JSON.parse(r.body) as {Type: string; Message: string; Subject?: string})
    .filter((m) => m.Type === 'Notification')

function env(now: string, extra: Record<string, string> = {}) {
  return emulatorEnv(moto.url, {
    PLATFORM_TEST_NOW: now,
    PLATFORM_SLACK_WEBHOOK_URL: `${sinkUrl}/slack/services/${SLACK_SECRET}`,
    PLATFORM_WEBHOOK_URL: `${sinkUrl}/hook/${HOOK_SECRET}`,
    ...extra,
  })
}
const CONFIG = ['--config', `${ROOT}/config/local-dev.yaml`]
const TARGETS = () => ['--notify', 'slack', '--notify', 'webhook', '--notify', `sns:${topicArn}`]

async function audit(day: string, extra: string[] = [], envExtra: Record<string, string> = {}) {
  const r = await runCli(
    [
      'audit',
      '--env',
      'dev',
      ...CONFIG,
      '--store',
      `s3://${BUCKET}/nightly`,
      '--compare-to',
      'last',
      '--json',
      ...extra,
    ],
    {env: env(`2026-11-${day}T02:00:00.000Z`, envExtra)},
  )
  return {...r, report: r.json<Report>()}
}

const noSecret = (s: string) => {
  expect(s).not.toContain(SLACK_SECRET)
  expect(s).not.toContain(HOOK_SECRET)
}

beforeAll(async () => {
  moto = await startMoto()
  sink = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      received.push({path: req.url ?? '', body})
      // /down/ plays a webhook that is broken: a delivery must fail loudly.
      res.writeHead(req.url?.startsWith('/down/') ? 500 : 200, {'content-type': 'text/plain'})
      res.end('ok')
    })
  })
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
  const addr = sink.address()
  sinkUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const sns = new SNSClient({region: REGION, endpoint: moto.url, credentials: creds})
  topicArn = (await sns.send(new CreateTopicCommand({Name: 'platform-audit'}))).TopicArn!
  // moto delivers an http subscription by POSTing the SNS envelope: the publish is observed at the sink.
  await sns.send(new SubscribeCommand({TopicArn: topicArn, Protocol: 'http', Endpoint: `${sinkUrl}/sns`}))
  sns.destroy()
  const s3 = new S3Client({region: REGION, endpoint: moto.url, forcePathStyle: true, credentials: creds})
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      ObjectLockEnabledForBucket: true,
      CreateBucketConfiguration: {LocationConstraint: REGION},
    }),
  )
  s3.destroy()
})
afterAll(async () => {
  await new Promise((r) => sink?.close(r))
  await moto?.stop()
})

describe('audit --notify: Slack, webhook and SNS receive the findings; nothing when nothing changed', () => {
  let first: Awaited<ReturnType<typeof audit>>
  let second: Awaited<ReturnType<typeof audit>>
  let third: Awaited<ReturnType<typeof audit>>
  let afterSecond: number
  let snsAfterFirst: number
  beforeAll(async () => {
    first = await audit('27', TARGETS())
    snsAfterFirst = snsNotifications().length
    const p = await runCli(['provision', '--env', 'dev', ...CONFIG, '--layer', 'kms', '-y', '--json'], {
      env: env('2026-11-28T01:00:00.000Z'),
    })
    expect(p.code, p.stderr).toBe(0)
    second = await audit('28', TARGETS())
    afterSecond = received.length
    third = await audit('29', TARGETS())
  })

  it('night 1 (no earlier run): every FAIL is named, in Slack, the webhook JSON and SNS', () => {
    expect(first.code, first.stderr).toBe(1)
    const failing = first.report.findings.filter((f) => f.status === 'FAIL')
    expect(failing.length).toBeGreaterThan(100)
    expect(first.report.notifications).toMatchObject({sent: true})
    expect(first.report.notifications!.deliveries.map((d) => [d.target, d.ok])).toEqual([
      ['slack', true],
      ['webhook', true],
      [`sns:${topicArn}`, true],
    ])
    const hook = JSON.parse(byPath('/hook/')[0]!.body) as Body
    expect(hook.env).toBe('dev')
    expect(hook.failing.map((f) => f.id).sort()).toEqual(failing.map((f) => f.id).sort())
    expect(hook.report).toBe(`${first.report.stored!.url}report.json`)
    const slack = JSON.parse(byPath('/slack/')[0]!.body) as {text: string}
    expect(slack.text).toContain('Failing (125)')
    // Slack lists the first 25 by name and counts the rest; the webhook JSON carries every one.
    expect(slack.text).toContain(
      'FAIL alb-https-only AWS::ElasticLoadBalancingV2::Listener HTTPS 443 (baseline.alb.https-only)',
    )
    expect(slack.text).toContain('... and 100 more (see the report)')
    expect(slack.text).toContain(`Report: ${first.report.stored!.url}report.json`)
    const sns = snsNotifications()
    expect(snsAfterFirst).toBe(1)
    // Slack's copy has &, < and > escaped; otherwise the same text.
    expect(sns[0]!.Message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).toBe(slack.text)
    expect(sns[0]!.Subject).toBe('platform audit dev (123456789012): 125 FAIL, 0 ERROR')
    noSecret(first.stdout + first.stderr)
  })

  it('night 2 (KMS provisioned): the resolved findings are named by id, with the stored report', () => {
    expect(second.code, second.stderr).toBe(1)
    const resolved = second.report.comparison!.resolved.map((e) => e.id)
    expect(resolved.sort()).toEqual([
      'kms-key|AWS::KMS::Key|DR replica key|backup.s3-replication+rds.encryption',
      'kms-key|AWS::KMS::Key|environment key|backup.s3-replication+rds.encryption',
      'kms-rotation|AWS::KMS::Key|DR replica key|baseline.kms.rotation',
      'kms-rotation|AWS::KMS::Key|environment key|baseline.kms.rotation',
    ])
    const hook = JSON.parse(byPath('/hook/')[1]!.body) as Body
    expect(hook.resolved.map((e) => e.id).sort()).toEqual(resolved)
    expect(hook.stillFailing.length).toBeGreaterThan(100)
    expect(hook.report).toBe(`${second.report.stored!.url}report.json`)
    const slack = JSON.parse(byPath('/slack/')[1]!.body) as {text: string}
    expect(slack.text).toContain('Resolved (4):')
    expect(slack.text).toContain('kms-rotation AWS::KMS::Key environment key')
    expect(slack.text).toContain(`Report: ${second.report.stored!.url}report.json`)
    expect(snsNotifications()).toHaveLength(2)
    expect(snsNotifications()[1]!.Message).toContain('Resolved (4):')
  })

  it('night 3 (nothing changed): nothing is sent to any target, and the result says why', () => {
    expect(third.code, third.stderr).toBe(1)
    expect(third.report.comparison).toMatchObject({new: [], resolved: [], changed: []})
    expect(third.report.notifications).toEqual({
      sent: false,
      reason: expect.stringMatching(/^nothing changed since/),
      deliveries: [],
    })
    expect(received.length).toBe(afterSecond)
  })

  it('--notify-always sends even when nothing changed', async () => {
    const before = snsNotifications().length
    const r = await audit('30', ['--notify', `sns:${topicArn}`, '--notify-always'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.report.notifications).toMatchObject({sent: true, reason: '--notify-always'})
    expect(snsNotifications()).toHaveLength(before + 1)
  })
})

describe('audit --notify: failures are loud and secrets stay out of sight', () => {
  it('a webhook answering 500: exit 8, named on stderr and in --json, the URL redacted', async () => {
    const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--notify', 'webhook', '--notify-always', '--json'], {
      env: env('2026-12-01T02:00:00.000Z', {PLATFORM_WEBHOOK_URL: `${sinkUrl}/down/${HOOK_SECRET}`}),
    })
    expect(r.code).toBe(8)
    const d = r.json<Report>().notifications!.deliveries
    expect(d).toEqual([{target: 'webhook', ok: false, error: 'the webhook answered HTTP 500'}])
    expect(r.stderr).toContain('notification to webhook failed: the webhook answered HTTP 500')
    noSecret(r.stdout + r.stderr)
  })

  it('a webhook nobody listens on: exit 8, the error carries no URL', async () => {
    const r = await runCli(['audit', '--env', 'dev', ...CONFIG, '--notify', 'slack', '--notify-always', '--json'], {
      env: env('2026-12-01T02:00:00.000Z', {PLATFORM_SLACK_WEBHOOK_URL: `http://127.0.0.1:9/services/${SLACK_SECRET}`}),
    })
    expect(r.code).toBe(8)
    expect(r.json<Report>().notifications!.deliveries[0]).toMatchObject({target: 'slack', ok: false})
    noSecret(r.stdout + r.stderr)
    expect(r.stderr).not.toContain('127.0.0.1:9')
  })

  it('an audit that cannot run (a missing --compare-to report): exit 2 as before, and the targets are told', async () => {
    const before = byPath('/hook/').length
    const r = await runCli(
      ['audit', '--env', 'dev', ...CONFIG, '--compare-to', '/nonexistent/report.json', '--notify', 'webhook', '--json'],
      {env: env('2026-12-01T02:00:00.000Z')},
    )
    expect(r.code).toBe(2)
    const got = byPath('/hook/').slice(before)
    expect(got).toHaveLength(1)
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      env: 'dev',
      couldNotRun: {exitCode: 2, message: expect.stringContaining('/nonexistent/report.json')},
    })
    expect(r.stderr).toContain('Notified webhook: the audit could not run.')
    noSecret(r.stdout + r.stderr)
  })

  it('a URL given on the command line is refused before any AWS call, and not repeated', async () => {
    const r = await runCli(
      ['audit', '--env', 'dev', ...CONFIG, '--notify', `https://hooks.slack.com/services/${SLACK_SECRET}`, '--json'],
      {env: env('2026-12-01T02:00:00.000Z')},
    )
    expect(r.code).toBe(2)
    expect(r.stdout + r.stderr).toContain('webhook URLs are secrets')
    noSecret(r.stdout + r.stderr)
  })

  it('the webhook URL read from the Secrets Manager secret named in the configuration', async () => {
    const sm = new SecretsManagerClient({region: REGION, endpoint: moto.url, credentials: creds})
    await sm.send(
      new CreateSecretCommand({
        Name: 'platform/audit-webhook',
        SecretString: JSON.stringify({url: `${sinkUrl}/hook/sm-${HOOK_SECRET}`}),
      }),
    )
    sm.destroy()
    const dir = mkdtempSync(join(tmpdir(), 'platform-notify-'))
    const config = join(dir, 'platform.config.yaml')
    writeFileSync(
      config,
      `${readFileSync(`${ROOT}/config/local-dev.yaml`, 'utf8')}\nnotifications:\n  webhookSecret: platform/audit-webhook\n`,
    )
    const e = env('2026-12-01T02:00:00.000Z')
    delete e.PLATFORM_WEBHOOK_URL
    const r = await runCli(
      ['audit', '--env', 'dev', '--config', config, '--notify', 'webhook', '--notify-always', '--json'],
      {env: e},
    )
    expect(r.code, r.stderr).toBe(1)
    expect(r.json<Report>().notifications!.deliveries).toEqual([{target: 'webhook', ok: true}])
    const got = byPath(`/hook/sm-`)
    expect(got).toHaveLength(1)
    expect((JSON.parse(got[0]!.body) as Body).failing.length).toBeGreaterThan(100)
    noSecret(r.stdout + r.stderr)
  })
})
