import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import type { Instant } from '../policy/time.ts'
import { addHours, addMillis, isBefore } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import type { Appended, UnitOfWork } from '../store/event-store.ts'
import { fromDbTime, loadAggregate } from '../store/event-store.ts'
import {
  aggregates,
  events,
  outbox,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from '../store/schema.ts'
import { newWebhookSecret, postWebhook } from '../integrations/webhooks.ts'
import {
  publicEventTypes,
  publishedSources,
  toPublicEvent,
  type EventEnvelope,
  type OrderRef,
} from '../integrations/webhooks-catalog.ts'
import type { OutboxMessage, OutboxResult, OutboxTopic } from '../scheduler/outbox-runner.ts'
import type { Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'

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

/** A signing secret and until when it signs (`null`: until rotated). */
interface StoredSecret {
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

export interface EndpointInput {
  readonly url: string
  readonly description?: string | undefined
  readonly eventTypes?: readonly string[] | undefined
  readonly enabled?: boolean | undefined
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
}

type Row = typeof webhookEndpoints.$inferSelect
type DeliveryRow = typeof webhookDeliveries.$inferSelect

const hint = (secret: string): string => `${secret.slice(0, 10)}…`

const endpointView = (r: Row, now: Instant): WebhookEndpointView => ({
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
const liveSecrets = (r: Row, now: Instant): StoredSecret[] =>
  (r.secrets as StoredSecret[]).filter((s) => s.expiresAt === null || isBefore(now, s.expiresAt))

const deliveryView = (r: DeliveryRow): DeliveryView => ({
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

const validUrl = (url: string): boolean => {
  try {
    const u = new URL(url)
    return (
      (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === ''
    )
  } catch {
    return false
  }
}

/**
 * The smallest UUIDv7 made at `ms`: ids below it were made before then.
 * (48 bits of Unix milliseconds, then the version nibble.)
 */
export const uuidv7Floor = (ms: number): string => {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`
}

const orderRefOf = (orderId: string, state: unknown): OrderRef | null => {
  const s = state as Partial<OrderRef> & { status: string }
  if (s.status === 'none' || !s.externalRef || !s.buyerId || !s.sellerId || !s.currency) return null
  return {
    orderId,
    externalRef: s.externalRef,
    buyerId: s.buyerId,
    sellerId: s.sellerId,
    currency: s.currency,
  }
}

/** Loads the orders a batch of streams is about (orders, cases, cancellations, the ledger). */
export const orderRefsFor = async (
  q: Queryable,
  streams: readonly { streamId: string; streamType: string; data: unknown }[],
): Promise<Map<string, OrderRef>> => {
  const orderIdOf = new Map<string, string>()
  const unknown = new Set<string>()
  for (const s of streams) {
    if (s.streamType === 'order') orderIdOf.set(s.streamId, s.streamId)
    else {
      const fromData = (s.data as { orderId?: unknown } | null)?.orderId
      if (typeof fromData === 'string') orderIdOf.set(s.streamId, fromData)
      else unknown.add(s.streamId)
    }
  }
  if (unknown.size > 0) {
    const rows = await q
      .select({ id: aggregates.id, orderId: aggregates.orderId })
      .from(aggregates)
      .where(inArray(aggregates.id, [...unknown]))
    for (const r of rows) if (r.orderId) orderIdOf.set(r.id, r.orderId)
  }
  const orderIds = [...new Set(orderIdOf.values())]
  const refs = new Map<string, OrderRef>()
  if (orderIds.length === 0) return refs
  const orders = await q
    .select({ id: aggregates.id, state: aggregates.state })
    .from(aggregates)
    .where(and(eq(aggregates.type, 'order'), inArray(aggregates.id, orderIds)))
  const byOrder = new Map<string, OrderRef>()
  for (const o of orders) {
    const ref = orderRefOf(o.id, o.state)
    if (ref) byOrder.set(o.id, ref)
  }
  for (const [streamId, orderId] of orderIdOf) {
    const ref = byOrder.get(orderId)
    if (ref) refs.set(streamId, ref)
  }
  return refs
}

/**
 * The order a just-appended stream is about. An order's reference (external
 * ref, parties, currency) never changes after import, so each process keeps
 * the ones it has read and most commands need no query for it.
 */
export class OrderRefCache {
  private readonly refs = new Map<string, OrderRef>()

  constructor(private readonly capacity = 10_000) {}

  async of(q: Queryable, appended: Appended): Promise<OrderRef | null> {
    if (appended.streamType === 'order') return orderRefOf(appended.streamId, appended.state)
    const fromData = (appended.events[0]?.data as { orderId?: unknown } | undefined)?.orderId
    const orderId = appended.index.orderId ?? (typeof fromData === 'string' ? fromData : null)
    if (!orderId) return null
    const known = this.refs.get(orderId)
    if (known) return known
    // Usually free: the command has read the order in this transaction.
    const order = await loadAggregate<unknown>(q, { type: 'order', initialState: null }, orderId)
    const ref = order.version > 0 ? orderRefOf(orderId, order.state) : null
    if (!ref) return null
    // Oldest first out: a Map iterates in insertion order.
    if (this.refs.size >= this.capacity) this.refs.delete(this.refs.keys().next().value ?? '')
    this.refs.set(orderId, ref)
    return ref
  }
}

/**
 * Webhook endpoints, their deliveries, and the pull feed. Deliveries are
 * created in the transaction of the command whose events they carry (one per
 * endpoint and event) and sent by the outbox runner: signed per Standard
 * Webhooks, retried on `WEBHOOK_RETRY_SCHEDULE_MS`, each attempt logged.
 */
export class WebhookService {
  constructor(
    /** Where the delivery log is written: attempts run outside any command. */
    private readonly db: Queryable,
    readonly settings: WebhookSettings,
  ) {}

  // ── Endpoints (admin) ────────────────────────────────────────────────────

  private checkInput(input: Partial<EndpointInput>): Outcome<null> {
    if (input.url !== undefined && !validUrl(input.url)) {
      return refused({ code: 'INVALID_WEBHOOK_URL', url: input.url })
    }
    const unknown = (input.eventTypes ?? []).filter((t) => !publicEventTypes.includes(t))
    if (unknown.length > 0) {
      return refused({ code: 'UNKNOWN_EVENT_TYPE', unknown, known: publicEventTypes })
    }
    return done(null)
  }

  private async row(q: Queryable, id: string): Promise<Row | null> {
    const rows = await q
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    return rows[0] ?? null
  }

  /** Registers an endpoint; its first secret is in the answer (and later at `GET …/secret`). */
  async create(
    uow: UnitOfWork,
    input: EndpointInput,
  ): Promise<Outcome<WebhookEndpointView & { secret: string }>> {
    const checked = this.checkInput(input)
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

  async list(q: Queryable, now: Instant): Promise<WebhookEndpointView[]> {
    const rows = await q
      .select()
      .from(webhookEndpoints)
      .where(isNull(webhookEndpoints.deletedAt))
      .orderBy(asc(webhookEndpoints.id))
    return rows.map((r) => endpointView(r, now))
  }

  async get(q: Queryable, id: string, now: Instant): Promise<WebhookEndpointView | null> {
    const r = await this.row(q, id)
    return r ? endpointView(r, now) : null
  }

  async update(
    uow: UnitOfWork,
    id: string,
    patch: Partial<EndpointInput>,
  ): Promise<Outcome<WebhookEndpointView>> {
    const r = await this.row(uow.tx, id)
    if (!r) return refused({ code: 'NOT_FOUND', resource: 'webhook endpoint' })
    const checked = this.checkInput(patch)
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
    const r = await this.row(uow.tx, id)
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
    const r = await this.row(uow.tx, id)
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

  /** The live secrets themselves (admin), newest last. */
  async secrets(
    q: Queryable,
    id: string,
    now: Instant,
  ): Promise<{ secrets: StoredSecret[] } | null> {
    const r = await this.row(q, id)
    return r ? { secrets: liveSecrets(r, now) } : null
  }

  // ── Deliveries ───────────────────────────────────────────────────────────

  /**
   * Queues each public event for every enabled endpoint that wants its type,
   * in the command's transaction. `(endpoint, event)` is unique, so an event
   * is queued once per endpoint whatever retries the command goes through.
   */
  /**
   * The enabled endpoints, read once per transaction: a command that appends
   * to several streams (an approval cancels the order and posts a refund)
   * fans out each append, and the list does not change under it.
   */
  private liveEndpoints(tx: Queryable): Promise<{ id: string; eventTypes: unknown }[]> {
    const known = this.endpointsByTx.get(tx)
    if (known) return known
    const reading = tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)))
      .then((rows) => rows)
    this.endpointsByTx.set(tx, reading)
    return reading
  }

  private readonly endpointsByTx = new WeakMap<
    object,
    Promise<{ id: string; eventTypes: unknown }[]>
  >()

  async fanOut(uow: UnitOfWork, published: readonly EventEnvelope[]): Promise<void> {
    if (published.length === 0) return
    const endpoints = await this.liveEndpoints(uow.tx)
    for (const event of published) {
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

  /** One attempt of one delivery, logged; the outbox runner schedules the next from the answer. */
  readonly topic: OutboxTopic = {
    backoffMs: WEBHOOK_RETRY_SCHEDULE_MS,
    handle: (message, now) => this.attempt(message, now),
  }

  private async attempt(message: OutboxMessage, now: Instant): Promise<OutboxResult> {
    const { deliveryId } = message.payload as { deliveryId: string }
    const db = this.db
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId))
    const delivery = rows[0]
    if (!delivery || delivery.status !== 'pending') return { kind: 'done' }
    const endpoint = await this.row(db, delivery.endpointId)
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
      timeoutMs: this.settings.timeoutMs,
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
          result.ok || final || message.retryInMs === null
            ? null
            : addMillis(now, message.retryInMs),
      })
      .where(eq(webhookDeliveries.id, deliveryId))
    if (result.ok) return { kind: 'done' }
    return final
      ? { kind: 'dead', error: result.error ?? 'failed' }
      : { kind: 'retry', error: result.error ?? 'failed' }
  }

  async deliveries(
    q: Queryable,
    endpointId: string,
    query: { limit: number; cursor?: string | undefined; status?: string | undefined },
  ): Promise<{ items: DeliveryView[]; nextCursor: string | null } | null> {
    if (!(await this.row(q, endpointId))) return null
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
   * Sends a delivery again: a dead (or delivered, or cancelled) one starts a
   * fresh retry schedule; a pending one is tried at once instead of waiting
   * for its next slot.
   */
  async redeliver(
    uow: UnitOfWork,
    endpointId: string,
    deliveryId: string,
  ): Promise<Outcome<DeliveryView>> {
    if (!(await this.row(uow.tx, endpointId))) {
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

  // ── The pull feed ────────────────────────────────────────────────────────

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
