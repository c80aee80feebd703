import {GetSecretValueCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {IncomingWebhook} from '@slack/webhook'
import type {AwsAccess} from '../aws/clients.js'
import {isLoopback} from '../aws/emulator.js'
import {scrubText} from '../evidence/redact.js'
import type {Delivery} from './schema.js'
import type {NotifyMessage} from './message.js'
import {SLACK_URL_ENV, WEBHOOK_URL_ENV, targetName, type NotifyTarget} from './targets.js'

export interface NotifyConfig {
  /** Secrets Manager secret (name or ARN) holding the Slack incoming-webhook URL. */
  slackWebhookSecret?: string
  /** Secrets Manager secret (name or ARN) holding the generic webhook URL. */
  webhookSecret?: string
}

export interface SendContext {
  /** The reporting access (may Publish); built only when a target needs AWS. */
  aws: () => AwsAccess
  region: string
  config: NotifyConfig
  env: NodeJS.ProcessEnv
  /** Secret values met so far (webhook URLs): scrubbed from every error message. */
  secrets: string[]
}

const TIMEOUT_MS = 15_000

/** A failure message with every known secret (and any URL at all) taken out. */
export function safeError(err: unknown, secrets: string[]): string {
  const e = err as {name?: string; message?: string; original?: {message?: string}; code?: string}
  const raw = [e.message ?? String(err), e.original?.message].filter(Boolean).join(': ')
  // Longest first: a URL is scrubbed whole before any piece of it.
  return scrubText(
    raw,
    [...secrets].sort((a, b) => b.length - a.length),
  )
    .replace(/https?:\/\/\S+/gi, '[REDACTED URL]')
    .replace(/\s+/g, ' ')
    .slice(0, 500)
}

/**
 * The webhook URL for a target: the environment first, else the configured secret. The URL is
 * added to `secrets` before anything can fail with it in a message.
 */
export async function webhookUrl(kind: 'slack' | 'webhook', ctx: SendContext): Promise<string> {
  const envName = kind === 'slack' ? SLACK_URL_ENV : WEBHOOK_URL_ENV
  const secretName = kind === 'slack' ? ctx.config.slackWebhookSecret : ctx.config.webhookSecret
  let url = ctx.env[envName]?.trim()
  if (!url && secretName) {
    const out = await ctx
      .aws()
      .client(SecretsManagerClient, ctx.region)
      .send(new GetSecretValueCommand({SecretId: secretName}))
    url = secretUrl(out.SecretString ?? '')
  }
  if (!url)
    throw new Error(
      `no URL for --notify ${kind}: set ${envName}, or name a Secrets Manager secret in notifications.${kind === 'slack' ? 'slackWebhookSecret' : 'webhookSecret'}`,
    )
  ctx.secrets.push(url)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`the ${kind} webhook URL does not parse`)
  }
  // The path and query carry the secret of a Slack URL; too short a piece would scrub ordinary words.
  // (an error may quote only the tail, e.g. Slack's T.../B.../token): every tail from a "/" on.
  const segments = parsed.pathname.split('/')
  const tails = segments.map((_, i) => segments.slice(i).join('/'))
  for (const part of [...tails, parsed.search]) if (part.length >= 8) ctx.secrets.push(part)
  // Findings of a medical platform travel only encrypted; plain http only to this machine (the test bed's sink).
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(url)))
    throw new Error(`the ${kind} webhook URL must be https (plain http only to a loopback address)`)
  return url
}

/** The secret holds the URL itself, or JSON with a `url` (or `webhookUrl`) key. */
function secretUrl(s: string): string | undefined {
  const t = s.trim()
  if (!t.startsWith('{')) return t || undefined
  try {
    const o = JSON.parse(t) as {url?: unknown; webhookUrl?: unknown}
    const u = o.url ?? o.webhookUrl
    return typeof u === 'string' ? u : undefined
  } catch {
    return undefined
  }
}

/**
 * Slack reads &, < and > in text as control characters (links, mentions): they must be escaped
 * as &amp; &lt; &gt; (https://api.slack.com/reference/surfaces/formatting#escaping), or a
 * finding's message could ping a channel or hide part of itself.
 */
export const slackEscape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export async function deliver(target: NotifyTarget, msg: NotifyMessage, ctx: SendContext): Promise<Delivery> {
  const name = targetName(target)
  try {
    if (target.kind === 'sns') {
      const region = target.topicArn.split(':')[3]!
      const out = await ctx
        .aws()
        .client(SNSClient, region)
        .send(new PublishCommand({TopicArn: target.topicArn, Subject: msg.subject, Message: msg.text}))
      return {target: name, ok: true, ...(out.MessageId ? {messageId: out.MessageId} : {})}
    }
    const url = await webhookUrl(target.kind, ctx)
    if (target.kind === 'slack') {
      // @slack/webhook posts {text} as JSON and throws on a non-2xx answer.
      await new IncomingWebhook(url, {timeout: TIMEOUT_MS}).send({text: slackEscape(msg.text)})
      return {target: name, ok: true}
    }
    const res = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(msg.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      // A redirect would carry the findings to an address nobody configured.
      redirect: 'error',
    })
    if (!res.ok) throw new Error(`the webhook answered HTTP ${res.status}`)
    return {target: name, ok: true}
  } catch (err) {
    return {target: name, ok: false, error: safeError(err, ctx.secrets)}
  }
}
