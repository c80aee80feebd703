import {UsageError} from '../errors.js'

/** Where `--notify` sends: an SNS topic, Slack's incoming webhook, or a generic HTTPS webhook. */
export type NotifyTarget = {kind: 'sns'; topicArn: string} | {kind: 'slack'} | {kind: 'webhook'}

/** Where the webhook URLs come from: never the command line (shell history, `ps`, CI logs keep it). */
export const SLACK_URL_ENV = 'PLATFORM_SLACK_WEBHOOK_URL'
export const WEBHOOK_URL_ENV = 'PLATFORM_WEBHOOK_URL'

const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/

/**
 * Parses each `--notify` value. A value that holds a URL is refused without being echoed: a
 * Slack webhook URL is a bearer secret, and the error message ends up in logs.
 */
export function parseTargets(values: string[]): NotifyTarget[] {
  const targets: NotifyTarget[] = []
  for (const v of values) {
    if (/:\/\/|hooks\.slack\.com/i.test(v))
      throw new UsageError(
        '--notify was given a URL: webhook URLs are secrets and are refused on the command line (the value is not repeated here).',
        `Use --notify slack or --notify webhook, with the URL in ${SLACK_URL_ENV} / ${WEBHOOK_URL_ENV} or in a Secrets Manager secret named in the configuration (notifications.slackWebhookSecret / notifications.webhookSecret).`,
      )
    if (v === 'slack' || v === 'webhook') targets.push({kind: v})
    else if (v.startsWith('sns:') && TOPIC_ARN.test(v.slice(4))) targets.push({kind: 'sns', topicArn: v.slice(4)})
    else
      throw new UsageError(
        `--notify ${v.slice(0, 40)}: not a target.`,
        'Give sns:arn:aws:sns:REGION:ACCOUNT:TOPIC, slack or webhook (repeat --notify for several).',
      )
  }
  const key = (t: NotifyTarget) => (t.kind === 'sns' ? `sns:${t.topicArn}` : t.kind)
  return [...new Map(targets.map((t) => [key(t), t])).values()]
}

export const targetName = (t: NotifyTarget) => (t.kind === 'sns' ? `sns:${t.topicArn}` : t.kind)
