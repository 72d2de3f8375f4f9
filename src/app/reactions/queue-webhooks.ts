import { and, eq, isNull } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Queryable } from '../../store/database.ts'
import type { Reactor, UnitOfWork } from '../../store/event-store.ts'
import { webhookDeliveries, webhookEndpoints } from '../../store/schema.ts'
import {
  publishedSources,
  toPublicEvent,
  type EventEnvelope,
} from '../../integrations/webhooks-catalog.ts'
import type { OrderRefCache } from '../webhooks/order-refs.ts'

type LiveEndpoint = { id: string; eventTypes: unknown }

/**
 * Every fact the public catalogue lists becomes a webhook delivery for each
 * enabled endpoint that wants its type, in the command's transaction, with
 * an outbox row that sends it after commit. `(endpoint, event)` is unique,
 * so an event is queued once per endpoint whatever retries the command goes
 * through.
 */
export const queueWebhooks = (deps: {
  /** Names this installation in every event (`RECOURSE_MARKETPLACE_ID`). */
  readonly marketplace: string
  readonly orderRefs: OrderRefCache
}): Reactor => {
  const published = new Set<string>(publishedSources)
  const endpointsByTx = new WeakMap<object, Promise<LiveEndpoint[]>>()

  /**
   * The enabled endpoints, read once per transaction: a command that appends
   * to several streams (an approval cancels the order and posts a refund)
   * fans out each append, and the list does not change under it.
   */
  const liveEndpoints = (tx: Queryable): Promise<LiveEndpoint[]> => {
    const known = endpointsByTx.get(tx)
    if (known) return known
    const reading = tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)))
      .then((rows) => rows)
    endpointsByTx.set(tx, reading)
    return reading
  }

  const fanOut = async (uow: UnitOfWork, envelopes: readonly EventEnvelope[]): Promise<void> => {
    if (envelopes.length === 0) return
    const endpoints = await liveEndpoints(uow.tx)
    for (const event of envelopes) {
      for (const endpoint of endpoints) {
        const wanted = endpoint.eventTypes as string[]
        if (wanted.length > 0 && !wanted.includes(event.type)) continue
        const inserted = await uow.tx
          .insert(webhookDeliveries)
          .values({
            id: uuidv7(),
            endpointId: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            body: JSON.stringify(event),
            status: 'pending',
            attempts: 0,
            nextAttemptAt: uow.now,
            createdAt: uow.now,
          })
          .onConflictDoNothing()
          .returning({ id: webhookDeliveries.id })
        const delivery = inserted[0]
        if (delivery) await uow.enqueue('webhook', { deliveryId: delivery.id })
      }
    }
  }

  return async (uow, appended) => {
    if (!appended.events.some((e) => published.has(e.type))) return null
    const order = await deps.orderRefs.of(uow.tx, appended)
    const envelopes: EventEnvelope[] = []
    for (const e of appended.events) {
      const envelope = toPublicEvent(
        {
          id: e.id,
          streamId: appended.streamId,
          streamType: appended.streamType,
          type: e.type,
          data: e.data,
          occurredAt: appended.occurredAt,
          order,
        },
        deps.marketplace,
      )
      if (envelope) envelopes.push(envelope)
    }
    await fanOut(uow, envelopes)
    return null
  }
}
