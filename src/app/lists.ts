import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { Actor } from '../domain/shared/actor.ts'
import type { Queryable } from '../store/database.ts'
import type { Loaded } from '../store/event-store.ts'
import { aggregates } from '../store/schema.ts'
import { keysetAfter, tupleCursor } from './cursor.ts'

export interface ListQuery {
  readonly limit: number
  readonly cursor?: string | undefined
  readonly status?: string | undefined
  /** Only this buyer's (staff looking at one buyer; a buyer sees its own anyway). */
  readonly buyerId?: string | undefined
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly nextCursor: string | null
}

/** Keyset cursor over (created_at, id): stable while new rows arrive, opaque to clients. */
export const pageCursor = tupleCursor('string', 'string')

/**
 * One page of an aggregate type the caller may see, newest first: a buyer its
 * own, a seller its own, staff everything. (Order ids derive from the
 * marketplace's reference, so ids alone do not order by time.)
 */
export const listAggregates = async <S, V>(
  q: Queryable,
  type: string,
  actor: Actor,
  query: ListQuery,
  view: (loaded: Loaded<S>) => Promise<V>,
): Promise<Page<V>> => {
  const conditions: SQL[] = [eq(aggregates.type, type)]
  if (actor.kind === 'buyer') conditions.push(eq(aggregates.buyerId, actor.id))
  if (actor.kind === 'seller') conditions.push(eq(aggregates.sellerId, actor.id))
  if (query.status) conditions.push(eq(aggregates.status, query.status))
  if (query.buyerId) conditions.push(eq(aggregates.buyerId, query.buyerId))
  const after = query.cursor ? pageCursor.decode(query.cursor) : null
  const older = after && keysetAfter([aggregates.createdAt, aggregates.id], after, 'desc')
  if (older) conditions.push(older)
  const rows = await q
    .select({
      id: aggregates.id,
      version: aggregates.version,
      state: aggregates.state,
      createdAt: aggregates.createdAt,
    })
    .from(aggregates)
    .where(and(...conditions))
    .orderBy(desc(aggregates.createdAt), desc(aggregates.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const items = await Promise.all(
    page.map((r) => view({ state: r.state as S, version: r.version })),
  )
  const last = page.at(-1)
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? pageCursor.encode([last.createdAt, last.id]) : null,
  }
}
