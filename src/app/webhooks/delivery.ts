import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Instant } from '../../policy/time.ts'
import { addMillis } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { webhookAttempts, webhookDeliveries } from '../../store/schema.ts'
import { postWebhook } from '../../integrations/webhooks.ts'
import type { OutboxMessage, OutboxResult, OutboxTopic } from '../../scheduler/outbox-runner.ts'
import { endpointRow, liveSecrets, type WebhookSettings } from './queries.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * When a failed delivery is tried again, after the first attempt (made as
 * soon as the outbox runner sees it): 30 s, 2 min, 10 min, 30 min, 1 h, 3 h,
 * 6 h, 12 h, 24 h, 24 h. Eleven attempts over about 70.7 hours (just under 3
 * days); after the last failure the delivery is dead-lettered and waits for a
 * manual redelivery.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  30_000,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  24 * HOUR,
]

/** One attempt of one delivery, logged; the outbox runner schedules the next from the answer. */
const attempt = async (
  db: Queryable,
  settings: WebhookSettings,
  message: OutboxMessage,
  now: Instant,
): Promise<OutboxResult> => {
  const { deliveryId } = message.payload as { deliveryId: string }
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId))
  const delivery = rows[0]
  if (!delivery || delivery.status !== 'pending') return { kind: 'done' }
  const endpoint = await endpointRow(db, delivery.endpointId)
  if (!endpoint || !endpoint.enabled) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'cancelled', nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId))
    return { kind: 'done' }
  }
  const result = await postWebhook({
    url: endpoint.url,
    id: delivery.eventId,
    body: delivery.body,
    secrets: liveSecrets(endpoint, now).map((s) => s.secret),
    timestampSeconds: Math.floor(Date.now() / 1000),
    timeoutMs: settings.timeoutMs,
    outbound: settings.outbound,
  })
  const attempt = delivery.attempts + 1
  await db.insert(webhookAttempts).values({
    id: uuidv7(),
    deliveryId,
    attempt,
    at: now,
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    error: result.error,
    responseExcerpt: result.responseExcerpt,
  })
  const final = !result.ok && message.retryInMs === null
  await db
    .update(webhookDeliveries)
    .set({
      attempts: attempt,
      lastAttemptAt: now,
      lastStatusCode: result.statusCode,
      status: result.ok ? 'delivered' : final ? 'dead' : 'pending',
      deliveredAt: result.ok ? now : null,
      nextAttemptAt:
        result.ok || final || message.retryInMs === null ? null : addMillis(now, message.retryInMs),
    })
    .where(eq(webhookDeliveries.id, deliveryId))
  if (result.ok) return { kind: 'done' }
  return final
    ? { kind: 'dead', error: result.error ?? 'failed' }
    : { kind: 'retry', error: result.error ?? 'failed' }
}

/**
 * The `webhook` outbox topic. Attempts run outside any command, so the
 * delivery log is written on `db` directly.
 */
export const webhookTopic = (db: Queryable, settings: WebhookSettings): OutboxTopic => ({
  backoffMs: WEBHOOK_RETRY_SCHEDULE_MS,
  handle: (message, now) => attempt(db, settings, message, now),
})
