import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime } from '../../store/event-store.ts'
import { aggregates, events } from '../../store/schema.ts'
import type { Instant } from '../../policy/time.ts'

/**
 * One fact in an order's timeline: what happened (the domain event's type and
 * data, read as typed data by the web), to which stream, who did it and when.
 * Cases keep their own, richer timeline (`domain/case/timeline.ts`).
 */
export interface OrderTimelineEntry {
  readonly at: Instant
  readonly type: string
  readonly stream: 'order' | 'cancellation'
  readonly streamId: string
  readonly actor: { readonly kind: string; readonly id: string }
  readonly data: unknown
}

/**
 * The order's own facts and those of its cancellations, oldest first. The
 * caller has already been checked against the order; `streamId` narrows it to
 * one cancellation (its timeline).
 */
export const orderTimeline = async (
  q: Queryable,
  orderId: string,
  only?: { readonly cancellationId: string },
): Promise<OrderTimelineEntry[]> => {
  const cancellations = await q
    .select({ id: aggregates.id })
    .from(aggregates)
    .where(and(eq(aggregates.type, 'cancellation'), eq(aggregates.orderId, orderId)))
  const cancellationIds = cancellations.map((c) => c.id)
  const streams =
    only === undefined
      ? [orderId, ...cancellationIds]
      : cancellationIds.filter((id) => id === only.cancellationId)
  if (streams.length === 0) return []
  const rows = await q
    .select()
    .from(events)
    .where(inArray(events.streamId, streams))
    .orderBy(asc(events.occurredAt), asc(events.streamId), asc(events.version))
  return rows.map((r) => ({
    at: fromDbTime(r.occurredAt),
    type: r.type,
    stream: r.streamType === 'order' ? 'order' : 'cancellation',
    streamId: r.streamId,
    actor: { kind: r.actorKind, id: r.actorId },
    data: r.data,
  }))
}
