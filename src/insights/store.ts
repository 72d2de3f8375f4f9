import {
  and,
  asc,
  eq,
  getTableColumns,
  getTableName,
  gt,
  inArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'
import { instant } from '../policy/time.ts'
import type { Db, Queryable } from '../store/database.ts'
import type { Reactor } from '../store/event-store.ts'
import { events as eventsTable, files } from '../store/schema.ts'
import {
  insightBuyerDays,
  insightCases,
  insightCategories,
  insightEvidence,
  insightEvidenceHashes,
  insightFacts,
  insightListingAttributes,
  insightListings,
  insightOrders,
  insightSellerDays,
  insightSellerMonths,
  insightSellerReasonDays,
} from '../store/schema-insights.ts'
import {
  buyerCounters,
  Effects,
  inertEvents,
  listingCounters,
  projectEvents,
  rowsNeeded,
  sellerCounters,
  zeroCounts,
  type BuyerCounter,
  type CaseRow,
  type OrderLineFacts,
  type OrderRow,
  type ProjectionInput,
} from './projection.ts'
import { textArray } from './risk.ts'
import { wilsonLowerBound, wilsonLowerBoundSql } from './wilson.ts'

/** Every table the projector writes, in the order a rebuild empties them. */
export const insightTables = [
  'insight_orders',
  'insight_cases',
  'insight_seller_days',
  'insight_seller_reason_days',
  'insight_seller_months',
  'insight_buyer_days',
  'insight_listings',
  'insight_categories',
  'insight_listing_attributes',
  'insight_facts',
  'insight_evidence',
  'insight_evidence_hashes',
] as const

/** The aggregate types whose events the projector reads. */
const projectedStreams = new Set(['order', 'cancellation', 'case'])

/** Postgres prints `2026-11-23 14:00:00+00`; rows carry ISO-8601 like the events. */
const iso = (value: string | null): string | null => (value === null ? null : instant(value))
const isoRequired = (value: string): string => instant(value)

const toOrderRow = (r: typeof insightOrders.$inferSelect): OrderRow => ({
  orderId: r.orderId,
  sellerId: r.sellerId,
  buyerId: r.buyerId,
  purchasedAt: isoRequired(r.purchasedAt),
  shipBy: isoRequired(r.shipBy),
  estimatedDeliveryAt: isoRequired(r.estimatedDeliveryAt),
  currency: r.currency,
  total: r.total,
  category: r.category,
  lines: r.lines as OrderLineFacts[],
  shippedAt: iso(r.shippedAt),
  deliveredAt: iso(r.deliveredAt),
  cancelledAt: iso(r.cancelledAt),
  cancelRequestedBy: r.cancelRequestedBy,
  cancelReason: r.cancelReason,
  nadLines: r.nadLines as string[],
})

const toCaseRow = (r: typeof insightCases.$inferSelect): CaseRow => ({
  ...r,
  evidenceKinds: r.evidenceKinds as string[],
  openedAt: isoRequired(r.openedAt),
  respondBy: isoRequired(r.respondBy),
  respondedAt: iso(r.respondedAt),
  escalatedAt: iso(r.escalatedAt),
  decidedAt: iso(r.decidedAt),
  closedAt: iso(r.closedAt),
})

export const loadOrderRow = async (q: Queryable, orderId: string): Promise<OrderRow | null> => {
  const rows = await q.select().from(insightOrders).where(eq(insightOrders.orderId, orderId))
  return rows[0] ? toOrderRow(rows[0]) : null
}

export const loadCaseRow = async (q: Queryable, caseId: string): Promise<CaseRow | null> => {
  const rows = await q.select().from(insightCases).where(eq(insightCases.caseId, caseId))
  return rows[0] ? toCaseRow(rows[0]) : null
}

const UPSERT_CHUNK = 500

const chunks = <T>(items: readonly T[], size = UPSERT_CHUNK): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const quoted = (columns: readonly PgColumn[]): string =>
  columns.map((c) => `"${c.name}"`).join(', ')

/** `on conflict (key) do update set col = table.col + excluded.col, …`: upserts add, so rows never need reading first. */
const adding = (table: PgTable, key: readonly PgColumn[], columns: readonly PgColumn[]): string =>
  `on conflict (${quoted(key)}) do update set ${columns
    .map((c) => `"${c.name}" = "${getTableName(table)}"."${c.name}" + excluded."${c.name}"`)
    .join(', ')}`

/** `on conflict (key) do update set col = excluded.col, …`: the row's latest value wins. */
const replacing = (key: readonly PgColumn[], columns: readonly PgColumn[]): string =>
  `on conflict (${quoted(key)}) do update set ${columns
    .map((c) => `"${c.name}" = excluded."${c.name}"`)
    .join(', ')}`

const counterColumns = <K extends string>(
  table: Record<K, PgColumn>,
  names: readonly K[],
): PgColumn[] => names.map((n) => table[n])

/** What each table's upsert does on a conflict, built once. */
const onConflict = {
  orders: sql.raw(
    replacing(
      [insightOrders.orderId],
      [
        insightOrders.shippedAt,
        insightOrders.deliveredAt,
        insightOrders.cancelledAt,
        insightOrders.cancelRequestedBy,
        insightOrders.cancelReason,
        insightOrders.nadLines,
      ],
    ),
  ),
  cases: sql.raw(
    replacing(
      [insightCases.caseId],
      [
        insightCases.category,
        insightCases.evidenceKinds,
        insightCases.respondedAt,
        insightCases.responseCounted,
        insightCases.escalatedAt,
        insightCases.decidedAt,
        insightCases.outcome,
        insightCases.fault,
        insightCases.funding,
        insightCases.rationale,
        insightCases.refunded,
        insightCases.closedAt,
        insightCases.closeReason,
        insightCases.countsAgainstSeller,
        insightCases.reputationReason,
      ],
    ),
  ),
  sellerDays: sql.raw(
    adding(
      insightSellerDays,
      [insightSellerDays.sellerId, insightSellerDays.day],
      counterColumns(insightSellerDays, sellerCounters),
    ),
  ),
  sellerMonths: sql.raw(
    adding(
      insightSellerMonths,
      [insightSellerMonths.sellerId, insightSellerMonths.month, insightSellerMonths.stripe],
      [insightSellerMonths.shipped, insightSellerMonths.shippedLate],
    ),
  ),
  sellerReasons: sql.raw(
    adding(
      insightSellerReasonDays,
      [
        insightSellerReasonDays.sellerId,
        insightSellerReasonDays.day,
        insightSellerReasonDays.metric,
        insightSellerReasonDays.counted,
        insightSellerReasonDays.reason,
      ],
      [insightSellerReasonDays.facts],
    ),
  ),
  buyerDays: sql.raw(
    adding(
      insightBuyerDays,
      [insightBuyerDays.buyerId, insightBuyerDays.day],
      counterColumns(insightBuyerDays, buyerCounters),
    ),
  ),
  listings: sql`${sql.raw(
    adding(
      insightListings,
      [insightListings.listingId],
      counterColumns(insightListings, listingCounters),
    ),
  )}, "nad_wilson" = ${wilsonLowerBoundSql(
    sql.raw('"insight_listings"."nad" + excluded."nad"'),
    sql.raw('"insight_listings"."orders" + excluded."orders"'),
  )}`,
  categories: sql.raw(
    adding(
      insightCategories,
      [insightCategories.category, insightCategories.stripe],
      counterColumns(insightCategories, listingCounters),
    ),
  ),
  attributes: sql.raw(
    adding(
      insightListingAttributes,
      [
        insightListingAttributes.category,
        insightListingAttributes.attribute,
        insightListingAttributes.value,
        insightListingAttributes.stripe,
      ],
      [insightListingAttributes.orders, insightListingAttributes.nad],
    ),
  ),
  none: sql``,
}

const insertHeads = new Map<string, { head: SQL; columns: [string, PgColumn][] }>()

/**
 * `insert into <table> (<columns>) values (…), (…) <onConflict>`, its text
 * built once per table and row shape. Drizzle's insert builder maps and
 * checks every column on every call; the projector writes in every command,
 * and that building was about a tenth of the server's CPU in the HTTP
 * benchmark (5× the cost of this, measured per upsert). Values still go
 * through each column's driver mapping (JSON for jsonb).
 */
const insertRows = (table: PgTable, rows: readonly object[], conflict: SQL): SQL => {
  const first = (rows[0] ?? {}) as Record<string, unknown>
  const shape = `${getTableName(table)}:${Object.keys(first).join(',')}`
  let known = insertHeads.get(shape)
  if (!known) {
    const columns = Object.entries(getTableColumns(table)).filter(([k]) => k in first)
    known = {
      head: sql.raw(
        `insert into "${getTableName(table)}" (${quoted(columns.map(([, c]) => c))}) values `,
      ),
      columns,
    }
    insertHeads.set(shape, known)
  }
  const { head, columns } = known
  const values = rows.map((r) => {
    const row = r as Record<string, unknown>
    return sql`(${sql.join(
      columns.map(([k, c]) => {
        const v = row[k]
        return sql`${v === null || v === undefined ? null : c.mapToDriverValue(v)}`
      }),
      sql`, `,
    )})`
  })
  return sql`${head}${sql.join(values, sql`, `)} ${conflict}`
}

/**
 * Writes what the projector decided, inside the caller's transaction. Each
 * table gets one multi-row upsert; entries are merged by key beforehand, as
 * Postgres refuses to touch one row twice in one `ON CONFLICT DO UPDATE`.
 * The upserts touch different tables and read nothing another writes, so a
 * command sends them as one statement: up to ten round trips become one, and
 * every command that changes an order or a case pays this.
 */
export const applyEffects = async (q: Queryable, fx: Effects): Promise<void> => {
  const upserts = [
    ...orderUpserts(fx.order === null ? [] : [fx.order]),
    ...caseUpserts(fx.caseRow === null ? [] : [fx.caseRow]),
    ...counterUpserts(fx),
  ]
  if (upserts.length === 1) await q.execute(upserts[0] ?? sql``)
  else if (upserts.length > 1)
    await q.execute(
      sql`with ${sql.join(
        upserts.map((u, i) => sql`${sql.raw(`w${i}`)} as (${u})`),
        sql`, `,
      )} select 1`,
    )
  await afterCounters(q, fx)
}

const orderUpserts = (rows: readonly OrderRow[]): SQL[] =>
  chunks(rows).map((chunk) => insertRows(insightOrders, chunk, onConflict.orders))

const caseUpserts = (rows: readonly CaseRow[]): SQL[] =>
  chunks(rows).map((chunk) => insertRows(insightCases, chunk, onConflict.cases))

/** The buyer-day counters that are "events" for `insight_buyer_days.previous_event_day`. */
const buyerEventCounters = [
  'cancellations',
  'casesOpened',
  'casesDenied',
  'returns',
  'returnsNotShipped',
] as const satisfies readonly BuyerCounter[]

/** The SQL sum of a buyer-day's events (the predicate of the partial indexes reads the same). */
export const buyerDayEventsSql = sql.raw(
  'cancellations + cases_opened + cases_denied + returns + returns_not_shipped',
)

/** `previous_event_day` of a row, from its counters and the buyer's earlier rows (window `w`). */
const previousEventDaySql = sql.raw(
  `greatest(${['cancellations', 'cases_opened', 'cases_denied', 'returns', 'returns_not_shipped']
    .map(
      (c) =>
        `case when ${c} >= 2 then day when ${c} > 0 then max(day) filter (where ${c} > 0) over w end`,
    )
    .join(', ')})`,
)

/**
 * Recomputes `previous_event_day` on every eventful day of these buyers (all
 * buyers when `null`, for a backfill) from the counters already written. A
 * buyer has a few eventful days a year, so this reads a short primary-key
 * range per buyer; recomputing rather than patching one row keeps it right
 * when a batch (a rebuild) or a late event writes several days at once.
 */
export const refreshPreviousEventDays = async (
  q: Queryable,
  buyers: readonly string[] | null,
): Promise<void> => {
  const only = buyers === null ? sql`` : sql`and buyer_id = any(${textArray(buyers)}::text[])`
  await q.execute(sql`
    update ${insightBuyerDays} d set previous_event_day = p.previous
    from (
      select buyer_id, day, ${previousEventDaySql} as previous
      from ${insightBuyerDays}
      where ${buyerDayEventsSql} > 0 ${only}
      window w as (partition by buyer_id order by day rows between unbounded preceding and 1 preceding)
    ) p
    where d.buyer_id = p.buyer_id and d.day = p.day
      and d.previous_event_day is distinct from p.previous`)
}

const counterUpserts = (fx: Effects): SQL[] => {
  const out: SQL[] = []
  for (const chunk of chunks([...fx.sellerDays.values()]))
    out.push(
      insertRows(
        insightSellerDays,
        chunk.map((e) => ({
          sellerId: e.sellerId,
          day: e.day,
          ...zeroCounts(sellerCounters),
          ...e.counts,
        })),
        onConflict.sellerDays,
      ),
    )
  for (const chunk of chunks([...fx.sellerMonths.values()]))
    out.push(insertRows(insightSellerMonths, chunk, onConflict.sellerMonths))
  for (const chunk of chunks([...fx.sellerReasons.values()]))
    out.push(insertRows(insightSellerReasonDays, chunk, onConflict.sellerReasons))
  for (const chunk of chunks([...fx.buyerDays.values()]))
    out.push(
      insertRows(
        insightBuyerDays,
        chunk.map((e) => ({
          buyerId: e.buyerId,
          day: e.day,
          ...zeroCounts(buyerCounters),
          ...e.counts,
        })),
        onConflict.buyerDays,
      ),
    )
  for (const chunk of chunks([...fx.listings.entries()]))
    out.push(
      insertRows(
        insightListings,
        chunk.map(([listingId, e]) => {
          const counts = { ...zeroCounts(listingCounters), ...e.counts }
          return {
            listingId,
            sellerId: e.sellerId,
            category: e.category,
            title: e.title,
            ...counts,
            nadWilson: wilsonLowerBound(counts.nad, counts.orders),
          }
        }),
        onConflict.listings,
      ),
    )
  for (const chunk of chunks([...fx.categories.values()]))
    out.push(
      insertRows(
        insightCategories,
        chunk.map((e) => ({
          category: e.category,
          stripe: e.stripe,
          ...zeroCounts(listingCounters),
          ...e.counts,
        })),
        onConflict.categories,
      ),
    )
  for (const chunk of chunks([...fx.attributes.values()]))
    out.push(insertRows(insightListingAttributes, chunk, onConflict.attributes))
  for (const chunk of chunks(fx.facts))
    out.push(
      insertRows(
        insightFacts,
        chunk.map((f) => ({ id: uuidv7(), ...f })),
        onConflict.none,
      ),
    )
  return out
}

/**
 * What must follow the upserts: `previous_event_day` reads the buyer days
 * just written, and evidence hashes count only files new to the case.
 */
const afterCounters = async (q: Queryable, fx: Effects): Promise<void> => {
  const eventful = new Set<string>()
  for (const e of fx.buyerDays.values())
    if (buyerEventCounters.some((c) => (e.counts[c] ?? 0) > 0)) eventful.add(e.buyerId)
  if (eventful.size > 0) await refreshPreviousEventDays(q, [...eventful])
  for (const chunk of chunks(fx.evidence)) {
    const fresh = await q
      .insert(insightEvidence)
      .values(chunk)
      .onConflictDoNothing()
      .returning({ sha256: insightEvidence.sha256, at: insightEvidence.at })
    if (fresh.length > 0)
      // The file's look (a perceptual hash computed at upload), for near-duplicate checks.
      await q.execute(sql`
        update ${insightEvidence} e set perceptual_hash = f.perceptual_hash
        from (select distinct on (sha256) sha256, perceptual_hash from ${files}
              where sha256 = any(${textArray(fresh.map((f) => f.sha256))}::text[])
                and perceptual_hash is not null) f
        where e.sha256 = f.sha256 and e.perceptual_hash is null
          and e.case_id = any(${textArray([...new Set(chunk.map((c) => c.caseId))])}::uuid[])`)
    const byHash = new Map<string, { cases: number; lastAt: string }>()
    for (const f of fresh) {
      const e = byHash.get(f.sha256) ?? { cases: 0, lastAt: f.at }
      e.cases += 1
      if (f.at > e.lastAt) e.lastAt = f.at
      byHash.set(f.sha256, e)
    }
    if (byHash.size === 0) continue
    await q
      .insert(insightEvidenceHashes)
      .values([...byHash.entries()].map(([sha256, e]) => ({ sha256, ...e })))
      .onConflictDoUpdate({
        target: insightEvidenceHashes.sha256,
        set: {
          cases: sql`${insightEvidenceHashes.cases} + excluded.cases`,
          lastAt: sql`greatest(${insightEvidenceHashes.lastAt}, excluded.last_at)`,
        },
      })
  }
}

/** A stored event as the projector reads it. */
export interface ProjectedEvent {
  readonly type: string
  readonly data: unknown
}

/**
 * The projector's rows a transaction has read or written, by order and case
 * id: a command that appends to several streams of one order (an approved
 * cancellation: the cancellation, then the order) reads the order's row once.
 */
const rowsByTx = new WeakMap<object, Map<string, OrderRow | CaseRow | null>>()

const cachedRow = async <R extends OrderRow | CaseRow>(
  tx: Queryable,
  key: string,
  load: () => Promise<R | null>,
): Promise<R | null> => {
  let rows = rowsByTx.get(tx)
  if (!rows) rowsByTx.set(tx, (rows = new Map<string, OrderRow | CaseRow | null>()))
  if (rows.has(key)) return rows.get(key) as R | null
  const row = await load()
  rows.set(key, row)
  return row
}

/**
 * Updates the insights read models for events just appended to one stream,
 * in the command's transaction (all or nothing with the events themselves).
 * The command runner retries a whole command on conflict, so a retried
 * command never counts twice.
 */
export const projectInsights = async (
  uow: { readonly tx: Queryable },
  streamType: string,
  streamId: string,
  events: readonly ProjectedEvent[],
): Promise<void> => {
  if (!projectedStreams.has(streamType) || events.every((e) => inertEvents.has(e.type))) return
  const { tx } = uow
  const need = rowsNeeded(streamType, streamId, events)
  const caseId = need.caseId
  const caseRow =
    caseId === null ? null : await cachedRow(tx, `case:${caseId}`, () => loadCaseRow(tx, caseId))
  const orderId = need.orderId ?? caseRow?.orderId ?? null
  const order =
    orderId === null
      ? null
      : await cachedRow(tx, `order:${orderId}`, () => loadOrderRow(tx, orderId))
  const fx = projectEvents({ streamType, streamId, events, order, caseRow })
  if (fx.empty) return
  await applyEffects(tx, fx)
  const rows = rowsByTx.get(tx)
  if (fx.order !== null) rows?.set(`order:${fx.order.orderId}`, fx.order)
  if (fx.caseRow !== null) rows?.set(`case:${fx.caseRow.caseId}`, fx.caseRow)
}

/**
 * The projector as a command-runner reactor: every append, by any command,
 * updates the insights read models in the same transaction. It never refuses.
 */
export const insightsReactor: Reactor = async (uow, appended) => {
  await projectInsights(uow, appended.streamType, appended.streamId, appended.events)
  return null
}

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
