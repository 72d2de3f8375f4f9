// The multi-row upserts that write a command's (or a batch's) effects, built as SQL text once per table.
import { type SQL, getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'
import {
  insightBuyerDays,
  insightCases,
  insightCategories,
  insightFacts,
  insightListingAttributes,
  insightListings,
  insightOrders,
  insightSellerDays,
  insightSellerMonths,
  insightSellerReasonDays,
} from '../../store/schema-insights.ts'
import type { Effects } from '../projection.ts'
import {
  type CaseRow,
  type OrderRow,
  buyerCounters,
  listingCounters,
  sellerCounters,
  zeroCounts,
} from '../projection.ts'
import { wilsonLowerBound, wilsonLowerBoundSql } from '../wilson.ts'

const UPSERT_CHUNK = 500

export const chunks = <T>(items: readonly T[], size = UPSERT_CHUNK): T[][] => {
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

export const orderUpserts = (rows: readonly OrderRow[]): SQL[] =>
  chunks(rows).map((chunk) => insertRows(insightOrders, chunk, onConflict.orders))

export const caseUpserts = (rows: readonly CaseRow[]): SQL[] =>
  chunks(rows).map((chunk) => insertRows(insightCases, chunk, onConflict.cases))

export const counterUpserts = (fx: Effects): SQL[] => {
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
