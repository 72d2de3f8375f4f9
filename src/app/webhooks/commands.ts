import { and, eq, sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { addHours, isBefore } from '../../policy/time.ts'
import type { UnitOfWork } from '../../store/event-store.ts'
import { outbox, webhookDeliveries, webhookEndpoints } from '../../store/schema.ts'
import { newWebhookSecret } from '../../integrations/webhooks.ts'
import { checkOutboundUrl } from '../../integrations/outbound.ts'
import { publicEventTypes } from '../../integrations/webhooks-catalog.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import {
  WebhookQueries,
  deliveryView,
  endpointRow,
  endpointView,
  liveSecrets,
  type DeliveryView,
  type StoredSecret,
  type WebhookEndpointView,
} from './queries.ts'

export interface EndpointInput {
  readonly url: string
  readonly description?: string | undefined
  readonly eventTypes?: readonly string[] | undefined
  readonly enabled?: boolean | undefined
}

/**
 * Webhook endpoints, their deliveries, and the pull feed. Deliveries are
 * created in the transaction of the command whose events they carry (one per
 * endpoint and event, `reactions/queue-webhooks.ts`) and sent by the outbox
 * runner (`delivery.ts`): signed per Standard Webhooks, retried on
 * `WEBHOOK_RETRY_SCHEDULE_MS`, each attempt logged.
 */
export class WebhookService extends WebhookQueries {
  /**
   * The URL must be one deliveries may reach (`integrations/outbound.ts`):
   * https, resolving only to public addresses. Checked again before every
   * attempt, since what a name resolves to can change.
   */
  private async checkInput(input: Partial<EndpointInput>): Promise<Outcome<null>> {
    // The event types first: they need no DNS lookup.
    const unknown = (input.eventTypes ?? []).filter((t) => !publicEventTypes.includes(t))
    if (unknown.length > 0) {
      return refused({ code: 'UNKNOWN_EVENT_TYPE', unknown, known: publicEventTypes })
    }
    if (input.url !== undefined) {
      const checked = await checkOutboundUrl(input.url, this.settings.outbound)
      if (!checked.ok)
        return refused({ code: 'INVALID_WEBHOOK_URL', url: input.url, reason: checked.reason })
    }
    return done(null)
  }

  /** Registers an endpoint; its first secret is in the answer (and later at `GET …/secret`). */
  async create(
    uow: UnitOfWork,
    input: EndpointInput,
  ): Promise<Outcome<WebhookEndpointView & { secret: string }>> {
    const checked = await this.checkInput(input)
    if (!checked.ok) return checked
    const secret = newWebhookSecret()
    const row = {
      id: uuidv7(),
      url: input.url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.eventTypes ?? [])],
      secrets: [{ secret, createdAt: uow.now, expiresAt: null }] satisfies StoredSecret[],
      enabled: input.enabled ?? true,
      createdAt: uow.now,
      updatedAt: uow.now,
    }
    await uow.tx.insert(webhookEndpoints).values(row)
    return done({ ...endpointView({ ...row, deletedAt: null }, uow.now), secret })
  }

  async update(
    uow: UnitOfWork,
    id: string,
    patch: Partial<EndpointInput>,
  ): Promise<Outcome<WebhookEndpointView>> {
    const r = await endpointRow(uow.tx, id)
    if (!r) return refused({ code: 'NOT_FOUND', resource: 'webhook endpoint' })
    const checked = await this.checkInput(patch)
    if (!checked.ok) return checked
    const set = {
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.eventTypes === undefined ? {} : { eventTypes: [...new Set(patch.eventTypes)] }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      updatedAt: uow.now,
    }
    await uow.tx.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id))
    return done(endpointView({ ...r, ...set }, uow.now))
  }

  /** Removes an endpoint: nothing more is queued for it, and queued deliveries are cancelled. */
  async remove(uow: UnitOfWork, id: string): Promise<Outcome<{ id: string; deleted: true }>> {
    const r = await endpointRow(uow.tx, id)
    if (!r) return refused({ code: 'NOT_FOUND', resource: 'webhook endpoint' })
    await uow.tx
      .update(webhookEndpoints)
      .set({ deletedAt: uow.now, enabled: false, updatedAt: uow.now })
      .where(eq(webhookEndpoints.id, id))
    return done({ id, deleted: true })
  }

  /**
   * A new signing secret. The previous ones keep signing for `overlapHours`
   * (every request carries a signature per live secret), so the receiver can
   * switch to the new secret at any moment of the overlap.
   */
  async rotateSecret(
    uow: UnitOfWork,
    id: string,
    overlapHours: number,
  ): Promise<Outcome<WebhookEndpointView & { secret: string }>> {
    const r = await endpointRow(uow.tx, id)
    if (!r) return refused({ code: 'NOT_FOUND', resource: 'webhook endpoint' })
    const until = addHours(uow.now, overlapHours)
    const secret = newWebhookSecret()
    const secrets: StoredSecret[] = [
      ...liveSecrets(r, uow.now).map((s) => ({
        ...s,
        expiresAt: s.expiresAt !== null && isBefore(s.expiresAt, until) ? s.expiresAt : until,
      })),
      { secret, createdAt: uow.now, expiresAt: null },
    ]
    await uow.tx
      .update(webhookEndpoints)
      .set({ secrets, updatedAt: uow.now })
      .where(eq(webhookEndpoints.id, id))
    return done({ ...endpointView({ ...r, secrets, updatedAt: uow.now }, uow.now), secret })
  }

  /**
   * Sends a delivery again: a dead (or delivered, or cancelled) one starts a
   * fresh retry schedule; a pending one is tried at once instead of waiting
   * for its next slot.
   */
  async redeliver(
    uow: UnitOfWork,
    endpointId: string,
    deliveryId: string,
  ): Promise<Outcome<DeliveryView>> {
    if (!(await endpointRow(uow.tx, endpointId))) {
      return refused({ code: 'NOT_FOUND', resource: 'webhook endpoint' })
    }
    const rows = await uow.tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)),
      )
    const d = rows[0]
    if (!d) return refused({ code: 'NOT_FOUND', resource: 'delivery' })
    // A queued attempt is moved up rather than doubled: one outbox row per delivery at a time.
    const moved = await uow.tx
      .update(outbox)
      .set({ availableAt: uow.now })
      .where(
        and(
          eq(outbox.topic, 'webhook'),
          eq(outbox.status, 'pending'),
          sql`${outbox.payload}->>'deliveryId' = ${deliveryId}`,
        ),
      )
      .returning({ id: outbox.id })
    if (moved.length === 0) await uow.enqueue('webhook', { deliveryId })
    const set = { status: 'pending', nextAttemptAt: uow.now, deliveredAt: null }
    await uow.tx.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, deliveryId))
    return done(deliveryView({ ...d, ...set }))
  }
}
