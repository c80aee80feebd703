import {z} from 'zod'

/**
 * What `audit --notify` did, as carried in the `--json` report: whether it sent (and why), and
 * each target's delivery. A target is named by its kind and, for SNS, its topic ARN: webhook
 * URLs are secrets and never appear here.
 */
export const deliverySchema = z.strictObject({
  target: z.string(),
  ok: z.boolean(),
  // SNS MessageId, when SNS answered one.
  messageId: z.string().optional(),
  // Why it failed, with any secret redacted.
  error: z.string().optional(),
})

export const notificationsSchema = z.strictObject({
  // A message was due and sending was attempted (each delivery says whether it arrived).
  sent: z.boolean(),
  // Why it was sent or not ("2 new, 1 resolved", "nothing changed since ...", "--notify-always").
  reason: z.string(),
  deliveries: z.array(deliverySchema),
})

export type Delivery = z.infer<typeof deliverySchema>
export type NotificationsResult = z.infer<typeof notificationsSchema>
