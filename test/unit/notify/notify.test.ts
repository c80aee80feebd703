import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {GetSecretValueCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {SecurityHubClient} from '@aws-sdk/client-securityhub'
import {mockClient} from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-vitest/extend'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {diffReports} from '../../../src/audit/diff.js'
import {withIds} from '../../../src/audit/finding-id.js'
import type {AuditReport} from '../../../src/audit/report-schema.js'
import {AwsAccess} from '../../../src/aws/clients.js'
import {EndpointError, ExitCode, UsageError} from '../../../src/errors.js'
import {buildMessage, decide, MAX_LISTED} from '../../../src/notify/message.js'
import {notify} from '../../../src/notify/index.js'
import {REPORTING_CALLS, reportCouldNotRun, reportRun} from '../../../src/notify/reporting.js'
import {deliver, slackEscape, type SendContext} from '../../../src/notify/send.js'
import {parseTargets} from '../../../src/notify/targets.js'
import {ROOT} from '../../helpers/cli.js'

const sns = mockClient(SNSClient)
const sm = mockClient(SecretsManagerClient)
const hub = mockClient(SecurityHubClient)
const credentials = async () => ({accessKeyId: 'a', secretAccessKey: 'b'})
const reporting = () => new AwsAccess({credentials, allowMutating: REPORTING_CALLS})
const TOPIC = 'arn:aws:sns:ap-northeast-1:111122223333:platform-audit'
const SECRET = 'T0001/B0001/sEcReTtOkEn0123456789'
const SLACK_URL = `https://hooks.slack.com/services/${SECRET}`
const HOOK_URL = `https://hooks.example.com/in/${SECRET}`

const fixture = (name: string): AuditReport => {
  const r = JSON.parse(readFileSync(join(ROOT, 'test/unit/history/fixtures', name), 'utf8')) as AuditReport
  return {...r, findings: withIds(r.findings)}
}
const night1 = () => fixture('night-1.json')
const night2 = () => fixture('night-2.json')
const compared = () => ({...night2(), comparison: diffReports(night1(), night2(), 'night-1.json')})

const ctx = (env: NodeJS.ProcessEnv = {}, config = {}): SendContext => ({
  aws: reporting,
  region: 'ap-northeast-1',
  config,
  env,
  secrets: [],
})

/** fetch as Slack's client and the webhook call it; every request is kept. */
let requests: {url: string; body: string}[]
function stubFetch(status = 200, fail?: Error) {
  requests = []
  vi.stubGlobal('fetch', async (url: string | URL, init?: {body?: string}) => {
    requests.push({url: String(url), body: String(init?.body ?? '')})
    if (fail) throw fail
    return new Response('ok', {status})
  })
}

beforeEach(() => {
  sns.reset()
  sm.reset()
  hub.reset()
  stubFetch()
})
afterEach(() => vi.unstubAllGlobals())

describe('--notify targets', () => {
  it('sns:ARN, slack and webhook; repeats collapse', () => {
    expect(parseTargets([`sns:${TOPIC}`, 'slack', 'webhook', 'slack'])).toEqual([
      {kind: 'sns', topicArn: TOPIC},
      {kind: 'slack'},
      {kind: 'webhook'},
    ])
  })

  it('a URL as the value is refused, and the error does not repeat it', () => {
    for (const v of [SLACK_URL, `webhook=${HOOK_URL}`, 'hooks.slack.com/services/x']) {
      let err: unknown
      try {
        parseTargets([v])
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(UsageError)
      const e = err as UsageError
      expect(`${e.message} ${e.remedy}`).not.toContain(SECRET)
      expect(e.message).toContain('webhook URLs are secrets')
    }
  })

  it('anything else is a usage error naming the accepted forms', () => {
    expect(() => parseTargets(['sns:not-an-arn'])).toThrow(UsageError)
    expect(() => parseTargets(['email'])).toThrow(/not a target/)
  })
})

describe('when to send', () => {
  it('with a comparison: only when something is new, resolved or changed', () => {
    const c = compared()
    expect(decide(c, {always: false, problems: []})).toMatchObject({send: true})
    const same = {...night1(), comparison: diffReports(night1(), night1(), 'night-1.json')}
    expect(decide(same, {always: false, problems: []})).toEqual({
      send: false,
      reason: `nothing changed since ${night1().startedAt} (night-1.json)`,
    })
    expect(decide(same, {always: true, problems: []})).toEqual({send: true, reason: '--notify-always'})
    expect(decide(same, {always: false, problems: ['Security Hub refused 1 finding(s)']}).send).toBe(true)
  })

  it('without a comparison: when anything is FAIL or ERROR', () => {
    expect(decide(night1(), {always: false, problems: []}).send).toBe(true)
    const clean = {...night1(), findings: night1().findings.filter((f) => f.status === 'PASS')}
    expect(decide(clean, {always: false, problems: []}).send).toBe(false)
  })
})

describe('the message', () => {
  it('names new, resolved and still failing findings by check and resource, and the stored report', () => {
    const r = {
      ...compared(),
      stored: {url: 's3://b/nightly/prod/2026/11/21/x/', runId: 'x', manifestSha256: 'a', previous: null},
    }
    const m = buildMessage(r, decide(r, {always: false, problems: []}), [])
    const c = r.comparison
    expect(m.body.new.map((f) => f.id)).toEqual(c.new.map((e) => e.id))
    expect(m.body.resolved.map((f) => f.id)).toEqual(c.resolved.map((e) => e.id))
    expect(m.body.stillFailing.map((f) => f.id)).toEqual(c.stillFailing.map((e) => e.id))
    expect(m.body.report).toBe('s3://b/nightly/prod/2026/11/21/x/report.json')
    for (const e of [...c.new, ...c.resolved, ...c.stillFailing])
      expect(m.text).toContain(`${e.checkId} ${e.resource.type} ${e.resource.id}`)
    expect(m.text).toContain(`New (${c.new.length}):`)
    expect(m.text).toContain(`Resolved (${c.resolved.length}):`)
    expect(m.text).toContain('Report: s3://b/nightly/prod/2026/11/21/x/report.json')
    expect(m.subject.length).toBeLessThanOrEqual(100)
    expect(m.subject).not.toContain('\n')
  })

  it('a long list names the first findings and counts the rest; the JSON body keeps all', () => {
    const base = night1()
    const f = base.findings.find((x) => x.status === 'FAIL')!
    const findings = withIds(
      Array.from({length: MAX_LISTED + 5}, (_, i) => {
        const {id: _id, ...rest} = f
        return {...rest, resource: {...f.resource, id: `r-${i}`}}
      }),
    )
    const r = {...base, findings}
    const m = buildMessage(r, decide(r, {always: false, problems: []}), [])
    expect(m.text).toContain('... and 5 more (see the report)')
    expect(m.body.failing).toHaveLength(MAX_LISTED + 5)
  })
})

describe('delivery', () => {
  const msg = () => buildMessage(night1(), {send: true, reason: 'test'}, [])

  it('SNS: Publish to the topic with subject and text', async () => {
    sns.on(PublishCommand).resolves({MessageId: 'm-1'})
    const d = await deliver({kind: 'sns', topicArn: TOPIC}, msg(), ctx())
    expect(d).toEqual({target: `sns:${TOPIC}`, ok: true, messageId: 'm-1'})
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: msg().subject,
      Message: msg().text,
    })
  })

  it('SNS refusing: a failed delivery with the reason, never a throw', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), {name: 'NotFoundException'}))
    const d = await deliver({kind: 'sns', topicArn: TOPIC}, msg(), ctx())
    expect(d).toMatchObject({ok: false, error: expect.stringContaining('Topic does not exist')})
  })

  it('Slack: the URL from PLATFORM_SLACK_WEBHOOK_URL, {text} posted through @slack/webhook', async () => {
    const d = await deliver({kind: 'slack'}, msg(), ctx({PLATFORM_SLACK_WEBHOOK_URL: SLACK_URL}))
    expect(d).toEqual({target: 'slack', ok: true})
    expect(requests).toHaveLength(1)
    expect(requests[0]!.url).toBe(SLACK_URL)
    expect(JSON.parse(requests[0]!.body)).toMatchObject({text: slackEscape(msg().text)})
  })

  it('Slack: &, < and > of a finding message are escaped (no <!channel> from a resource name)', () => {
    expect(slackEscape('a <!channel> & b > c')).toBe('a &lt;!channel&gt; &amp; b &gt; c')
  })

  it('webhook: the URL from the Secrets Manager secret named in the configuration, the JSON body posted', async () => {
    sm.on(GetSecretValueCommand).resolves({SecretString: JSON.stringify({url: HOOK_URL})})
    const d = await deliver({kind: 'webhook'}, msg(), ctx({}, {webhookSecret: 'platform/hook'}))
    expect(d).toEqual({target: 'webhook', ok: true})
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, {SecretId: 'platform/hook'})
    expect(JSON.parse(requests[0]!.body)).toEqual(msg().body)
  })

  it('no URL anywhere, plain http off this machine, an HTTP error, a network error: failed, URL never shown', async () => {
    const cases: [NodeJS.ProcessEnv, () => void, RegExp][] = [
      [{}, () => stubFetch(), /no URL for --notify webhook: set PLATFORM_WEBHOOK_URL/],
      [{PLATFORM_WEBHOOK_URL: `http://hooks.example.com/${SECRET}`}, () => stubFetch(), /must be https/],
      [{PLATFORM_WEBHOOK_URL: HOOK_URL}, () => stubFetch(502), /^the webhook answered HTTP 502$/],
      [
        {PLATFORM_WEBHOOK_URL: HOOK_URL},
        () => stubFetch(200, new Error(`connect ECONNREFUSED for ${HOOK_URL} (${SECRET})`)),
        /ECONNREFUSED/,
      ],
    ]
    for (const [env, setup, error] of cases) {
      setup()
      const d = await deliver({kind: 'webhook'}, msg(), ctx(env))
      expect(d.ok).toBe(false)
      expect(d.error).toMatch(error)
      expect(d.error).not.toContain(SECRET)
      expect(d.error).not.toContain('hooks.example.com')
    }
    // Plain http off this machine was refused before anything was sent.
    expect(requests).toHaveLength(1)
  })
})

describe('notify and the exit code', () => {
  it('nothing changed: nothing is sent to any target', async () => {
    const same = {...night1(), comparison: diffReports(night1(), night1(), 'night-1.json')}
    const r = await notify({
      report: same,
      targets: parseTargets([`sns:${TOPIC}`, 'slack']),
      always: false,
      problems: [],
      ctx: ctx({PLATFORM_SLACK_WEBHOOK_URL: SLACK_URL}),
    })
    expect(r).toMatchObject({sent: false, deliveries: []})
    expect(sns).not.toHaveReceivedCommand(PublishCommand)
    expect(requests).toHaveLength(0)
  })

  it('one target failing: the others still sent, exit 8 (NOTIFY_FAILED) over the audit outcome, stderr names it', async () => {
    sns.on(PublishCommand).resolves({MessageId: 'm'})
    stubFetch(500)
    const r = await reportRun({
      report: night1(),
      exitCode: ExitCode.FINDINGS,
      access: reporting,
      region: 'ap-northeast-1',
      securityHub: false,
      checkIds: [],
      targets: parseTargets(['webhook', `sns:${TOPIC}`]),
      always: false,
      config: {},
      env: {PLATFORM_WEBHOOK_URL: HOOK_URL},
    })
    expect(r.exitCode).toBe(ExitCode.NOTIFY_FAILED)
    expect(r.report.notifications!.deliveries.map((d) => [d.target, d.ok])).toEqual([
      ['webhook', false],
      [`sns:${TOPIC}`, true],
    ])
    expect(r.stderr).toEqual(['ERROR: notification to webhook failed: the webhook answered HTTP 500'])
  })
})

describe('an audit that could not run', () => {
  const run = (error: unknown, env: NodeJS.ProcessEnv) =>
    reportCouldNotRun({
      error,
      envName: 'prod',
      access: reporting,
      region: 'ap-northeast-1',
      targets: parseTargets(['webhook', `sns:${TOPIC}`]),
      config: {},
      env,
    })

  it('every target hears it, with the error and its remedy, any URL scrubbed', async () => {
    sns.on(PublishCommand).resolves({MessageId: 'm'})
    const err = new EndpointError(`Cannot reach ${HOOK_URL}`, 'Check --endpoint-url.')
    const lines = await run(err, {PLATFORM_WEBHOOK_URL: HOOK_URL})
    expect(lines).toEqual([
      'Notified webhook: the audit could not run.',
      `Notified sns:${TOPIC}: the audit could not run.`,
    ])
    const body = JSON.parse(requests[0]!.body) as {couldNotRun: {code: string; message: string; remedy: string}}
    expect(body.couldNotRun).toMatchObject({code: 'ENDPOINT', exitCode: 2, remedy: 'Check --endpoint-url.'})
    expect(body.couldNotRun.message).not.toContain(SECRET)
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {Subject: 'platform audit prod: could not run (ENDPOINT)'})
  })

  it('a failed delivery is named; no targets or an unexpected (non-platform) error: nothing sent', async () => {
    stubFetch(500)
    sns.on(PublishCommand).resolves({MessageId: 'm'})
    const lines = await run(new EndpointError('down', 'r'), {PLATFORM_WEBHOOK_URL: HOOK_URL})
    expect(lines[0]).toBe(
      'ERROR: notification to webhook (the audit could not run) failed: the webhook answered HTTP 500',
    )
    stubFetch()
    expect(await run(new Error('bug'), {PLATFORM_WEBHOOK_URL: HOOK_URL})).toEqual([])
    expect(requests).toHaveLength(0)
  })
})
