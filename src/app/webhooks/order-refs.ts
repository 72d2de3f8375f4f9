import { and, eq, inArray } from 'drizzle-orm'
import type { Queryable } from '../../store/database.ts'
import type { Appended } from '../../store/event-store.ts'
import { loadAggregate } from '../../store/event-store.ts'
import { aggregates } from '../../store/schema.ts'
import type { OrderRef } from '../../integrations/webhooks-catalog.ts'

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
