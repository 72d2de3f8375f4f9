import type { OutboundPolicy } from '../../integrations/outbound.ts'
import { and, asc, desc, eq, gt, inArray, isNull, lt, type SQL } from 'drizzle-orm'
import type { Instant } from '../../policy/time.ts'
import { isBefore } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../store/schema.ts'
import {
  publicEventTypes,
  publishedSources,
  toPublicEvent,
  type EventEnvelope,
} from '../../integrations/webhooks-catalog.ts'
import { orderRefsFor } from './order-refs.ts'

/** A signing secret and until when it signs (`null`: until rotated). */
export interface StoredSecret {
  readonly secret: string
  readonly createdAt: Instant
  readonly expiresAt: Instant | null
}

export interface WebhookEndpointView {
  readonly id: string
  readonly url: string
  readonly description: string | null
  /** Public event types sent to it; empty: every type. */
  readonly eventTypes: readonly string[]
  readonly enabled: boolean
  /** The secrets that sign now, without the secret itself (see `GET …/secret`). */
  readonly secrets: readonly { hint: string; createdAt: Instant; expiresAt: Instant | null }[]
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export interface DeliveryView {
  readonly id: string
  readonly endpointId: string
  readonly eventId: string
  readonly eventType: string
  readonly status: string
  readonly attempts: number
  readonly nextAttemptAt: Instant | null
  readonly lastAttemptAt: Instant | null
  readonly lastStatusCode: number | null
  readonly createdAt: Instant
  readonly deliveredAt: Instant | null
}

export interface AttemptView {
  readonly attempt: number
  readonly at: Instant
  readonly statusCode: number | null
  readonly latencyMs: number
  readonly error: string | null
  readonly responseExcerpt: string | null
}

export interface WebhookSettings {
  /** Names this installation in every event (`marketplace`). `RECOURSE_MARKETPLACE_ID`. */
  readonly marketplace: string
  /** How long an endpoint has to answer one attempt. `RECOURSE_WEBHOOK_TIMEOUT_MS`. @default 10000 */
  readonly timeoutMs: number
  /**
   * The feed shows an event only once its id is this old. Ids are UUIDv7,
   * made when the command runs; a transaction that commits later than a
   * newer one could otherwise appear behind a reader's cursor. @default 5000
   */
  readonly feedSettleMs: number
  /** Where deliveries may go: checked at registration and before every attempt. */
  readonly outbound: OutboundPolicy
}

export type EndpointRow = typeof webhookEndpoints.$inferSelect
type DeliveryRow = typeof webhookDeliveries.$inferSelect

const hint = (secret: string): string => `${secret.slice(0, 10)}…`

export const endpointView = (r: EndpointRow, now: Instant): WebhookEndpointView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.eventTypes as string[],
  enabled: r.enabled,
  secrets: liveSecrets(r, now).map((s) => ({
    hint: hint(s.secret),
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
  })),
  createdAt: fromDbTime(r.createdAt),
  updatedAt: fromDbTime(r.updatedAt),
})

/** The secrets that still sign: during a rotation the old one signs beside the new one until it expires. */
export const liveSecrets = (r: EndpointRow, now: Instant): StoredSecret[] =>
  (r.secrets as StoredSecret[]).filter((s) => s.expiresAt === null || isBefore(now, s.expiresAt))

export const deliveryView = (r: DeliveryRow): DeliveryView => ({
  id: r.id,
  endpointId: r.endpointId,
  eventId: r.eventId,
  eventType: r.eventType,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt ? fromDbTime(r.nextAttemptAt) : null,
  lastAttemptAt: r.lastAttemptAt ? fromDbTime(r.lastAttemptAt) : null,
  lastStatusCode: r.lastStatusCode,
  createdAt: fromDbTime(r.createdAt),
  deliveredAt: r.deliveredAt ? fromDbTime(r.deliveredAt) : null,
})

/**
 * The smallest UUIDv7 made at `ms`: ids below it were made before then.
 * (48 bits of Unix milliseconds, then the version nibble.)
 */
export const uuidv7Floor = (ms: number): string => {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`
}

/** An endpoint that has not been removed. */
export const endpointRow = async (q: Queryable, id: string): Promise<EndpointRow | null> => {
  const rows = await q
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
  return rows[0] ?? null
}

/**
 * Webhook endpoints with their delivery log, and the pull feed of public
 * events: what admins and the marketplace's integration read.
 */
export class WebhookQueries {
  constructor(readonly settings: WebhookSettings) {}

  async list(q: Queryable, now: Instant): Promise<WebhookEndpointView[]> {
    const rows = await q
      .select()
      .from(webhookEndpoints)
      .where(isNull(webhookEndpoints.deletedAt))
      .orderBy(asc(webhookEndpoints.id))
    return rows.map((r) => endpointView(r, now))
  }

  async get(q: Queryable, id: string, now: Instant): Promise<WebhookEndpointView | null> {
    const r = await endpointRow(q, id)
    return r ? endpointView(r, now) : null
  }

  /** The live secrets themselves (admin), newest last. */
  async secrets(
    q: Queryable,
    id: string,
    now: Instant,
  ): Promise<{ secrets: StoredSecret[] } | null> {
    const r = await endpointRow(q, id)
    return r ? { secrets: liveSecrets(r, now) } : null
  }

  async deliveries(
    q: Queryable,
    endpointId: string,
    query: { limit: number; cursor?: string | undefined; status?: string | undefined },
  ): Promise<{ items: DeliveryView[]; nextCursor: string | null } | null> {
    if (!(await endpointRow(q, endpointId))) return null
    const conditions: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)]
    if (query.status) conditions.push(eq(webhookDeliveries.status, query.status))
    if (query.cursor) conditions.push(lt(webhookDeliveries.id, query.cursor))
    const rows = await q
      .select()
      .from(webhookDeliveries)
      .where(and(...conditions))
      .orderBy(desc(webhookDeliveries.id))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    return {
      items: page.map(deliveryView),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    }
  }

  async delivery(
    q: Queryable,
    endpointId: string,
    deliveryId: string,
  ): Promise<(DeliveryView & { log: AttemptView[]; body: unknown }) | null> {
    const rows = await q
      .select()
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)),
      )
    const d = rows[0]
    if (!d) return null
    const attempts = await q
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId))
      .orderBy(asc(webhookAttempts.attempt))
    return {
      ...deliveryView(d),
      body: JSON.parse(d.body) as unknown,
      log: attempts.map((a) => ({
        attempt: a.attempt,
        at: fromDbTime(a.at),
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
    }
  }

  /**
   * Public events after `after` (an event id), oldest first. Ids are UUIDv7:
   * time-ordered, but made before commit, so only events older than
   * `feedSettleMs` are shown; a transaction running longer than that could
   * still land behind a cursor (docs/events.md says how to read safely).
   */
  async feed(
    q: Queryable,
    query: { after?: string | undefined; limit: number; types?: readonly string[] | undefined },
  ): Promise<{ items: EventEnvelope[]; nextCursor: string | null }> {
    const sources = query.types?.length
      ? publishedSources.filter((_, i) => query.types?.includes(publicEventTypes[i] ?? ''))
      : publishedSources
    if (sources.length === 0) return { items: [], nextCursor: query.after ?? null }
    const conditions: SQL[] = [
      inArray(events.type, [...sources]),
      lt(events.id, uuidv7Floor(Date.now() - this.settings.feedSettleMs)),
    ]
    if (query.after) conditions.push(gt(events.id, query.after))
    const rows = await q
      .select()
      .from(events)
      .where(and(...conditions))
      .orderBy(asc(events.id))
      .limit(query.limit)
    const refs = await orderRefsFor(q, rows)
    const items = rows
      .map((r) =>
        toPublicEvent(
          { ...r, occurredAt: fromDbTime(r.occurredAt), order: refs.get(r.streamId) ?? null },
          this.settings.marketplace,
        ),
      )
      .filter((e): e is EventEnvelope => e !== null)
    return { items, nextCursor: rows.at(-1)?.id ?? query.after ?? null }
  }
}
