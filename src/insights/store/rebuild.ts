// Rebuilding the read models from the event log, many commands' effects written per batch.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm'
import { events as eventsTable } from '../../store/schema.ts'
import type { Db, Queryable } from '../../store/database.ts'
import {
  type CaseRow,
  Effects,
  type OrderRow,
  type ProjectionInput,
  listingCounters,
  projectEvents,
  rowsNeeded,
} from '../projection.ts'
import { afterCounters } from './apply.ts'
import { insightTables, projectedStreams } from './tables.ts'
import { caseUpserts, counterUpserts, orderUpserts } from './upserts.ts'

/** Sums many commands' effects (a rebuild writes once per batch instead of once per command). */
export class EffectsBatch {
  readonly orders = new Map<string, OrderRow>()
  readonly cases = new Map<string, CaseRow>()
  readonly counters = new Effects()

  add(fx: Effects): void {
    if (fx.order !== null) this.orders.set(fx.order.orderId, fx.order)
    if (fx.caseRow !== null) this.cases.set(fx.caseRow.caseId, fx.caseRow)
    const c = this.counters
    for (const e of fx.sellerDays.values()) c.seller(e.sellerId, `${e.day}T12:00:00.000Z`, e.counts)
    for (const e of fx.buyerDays.values()) c.buyer(e.buyerId, `${e.day}T12:00:00.000Z`, e.counts)
    for (const [key, e] of fx.sellerMonths) {
      const mine = c.sellerMonths.get(key)
      c.sellerMonths.set(
        key,
        mine
          ? {
              ...mine,
              shipped: mine.shipped + e.shipped,
              shippedLate: mine.shippedLate + e.shippedLate,
            }
          : { ...e },
      )
    }
    for (const [key, e] of fx.sellerReasons) {
      const mine = c.sellerReasons.get(key)
      c.sellerReasons.set(key, mine ? { ...mine, facts: mine.facts + e.facts } : { ...e })
    }
    for (const [listingId, e] of fx.listings) {
      const mine = c.listings.get(listingId) ?? { ...e, counts: {} }
      for (const k of listingCounters) mine.counts[k] = (mine.counts[k] ?? 0) + (e.counts[k] ?? 0)
      c.listings.set(listingId, mine)
    }
    // Striped counters keep their stripe, so a rebuild writes the rows the commands wrote.
    for (const [key, e] of fx.categories) {
      const mine = c.categories.get(key) ?? { ...e, counts: {} }
      for (const k of listingCounters) mine.counts[k] = (mine.counts[k] ?? 0) + (e.counts[k] ?? 0)
      c.categories.set(key, mine)
    }
    for (const [key, e] of fx.attributes) {
      const mine = c.attributes.get(key)
      c.attributes.set(
        key,
        mine ? { ...mine, orders: mine.orders + e.orders, nad: mine.nad + e.nad } : { ...e },
      )
    }
    c.facts.push(...fx.facts)
    c.evidence.push(...fx.evidence)
  }

  async write(q: Queryable): Promise<void> {
    // One upsert at a time: a batch's chunks together would pass Postgres's
    // limit of parameters per statement.
    for (const upsert of [
      ...orderUpserts([...this.orders.values()]),
      ...caseUpserts([...this.cases.values()]),
      ...counterUpserts(this.counters),
    ])
      await q.execute(upsert)
    await afterCounters(q, this.counters)
  }
}

export interface RebuildOptions {
  readonly batchSize?: number
  readonly onProgress?: (events: number) => void
}

/**
 * Empties the insights read models and replays every stored event through
 * the projector, in the order they were appended. For a database that
 * existed before insights (or after a projector change). Run it while no
 * commands are running: it is one transaction, and concurrent commands would
 * wait for it on PGlite or be missed on PostgreSQL.
 */
export const rebuildInsights = async (
  db: Db,
  options: RebuildOptions = {},
): Promise<{ events: number }> => {
  const batchSize = options.batchSize ?? 5000
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`truncate ${insightTables.join(', ')}`))
    const orders = new Map<string, OrderRow>()
    const cases = new Map<string, CaseRow>()
    let after: { occurredAt: string; id: string } | null = null
    let total = 0
    for (;;) {
      const page: (typeof eventsTable.$inferSelect)[] = await tx
        .select()
        .from(eventsTable)
        .where(
          and(
            inArray(eventsTable.streamType, [...projectedStreams]),
            after === null
              ? undefined
              : or(
                  gt(eventsTable.occurredAt, after.occurredAt),
                  and(eq(eventsTable.occurredAt, after.occurredAt), gt(eventsTable.id, after.id)),
                ),
          ),
        )
        .orderBy(asc(eventsTable.occurredAt), asc(eventsTable.id))
        .limit(batchSize)
      if (page.length === 0) break
      const batch = new EffectsBatch()
      // Consecutive events of one stream came from one command: project them together.
      for (let i = 0; i < page.length;) {
        const first = page[i]
        if (first === undefined) break
        let j = i + 1
        while (page[j]?.streamId === first.streamId && page[j]?.occurredAt === first.occurredAt) j++
        const group = page.slice(i, j)
        const input: Omit<ProjectionInput, 'order' | 'caseRow'> = {
          streamType: first.streamType,
          streamId: first.streamId,
          events: group.map((e) => ({ type: e.type, data: e.data })),
        }
        const need = rowsNeeded(input.streamType, input.streamId, input.events)
        const caseRow = need.caseId === null ? null : (cases.get(need.caseId) ?? null)
        const orderId = need.orderId ?? caseRow?.orderId ?? null
        const order = orderId === null ? null : (orders.get(orderId) ?? null)
        const fx = projectEvents({ ...input, order, caseRow })
        if (fx.order !== null) orders.set(fx.order.orderId, fx.order)
        if (fx.caseRow !== null) cases.set(fx.caseRow.caseId, fx.caseRow)
        batch.add(fx)
        i = j
      }
      await batch.write(tx)
      total += page.length
      options.onProgress?.(total)
      const last = page.at(-1)
      if (last === undefined || page.length < batchSize) break
      after = { occurredAt: last.occurredAt, id: last.id }
    }
    return { events: total }
  })
}
