/**
 * Insights read benchmark: the rollups N orders leave behind, generated in
 * bulk with INSERT … SELECT generate_series (this measures reads, not the
 * projector), then the scorecard and buyer record (p50/p99 over random
 * parties) and the top-N risk views (median and worst of several runs).
 *
 * `benchInsights(database, { orders })` is the section bench/run.ts calls on
 * a fresh, migrated database. Run alone:
 *   node --import tsx bench/insights.ts                      # PGlite, 1M orders
 *   BENCH_ENGINES=postgres BENCH_INSIGHTS_ORDERS=10000000 DATABASE_URL=… node --import tsx bench/insights.ts
 */
import { sql } from 'drizzle-orm'
import { fileURLToPath } from 'node:url'
import { buyerRecord, defaultAbuseThresholds, returnAbuse } from '../src/insights/buyers.ts'
import { disputeProneCategories, disputeProneListings, lateShippers } from '../src/insights/risk.ts'
import { sellerScorecard } from '../src/insights/scorecard.ts'
import { insightTables, refreshPreviousEventDays } from '../src/insights/store.ts'
import { addDays, windowOf } from '../src/insights/vocabulary.ts'
import { wilsonLowerBoundSql } from '../src/insights/wilson.ts'
import { presets } from '../src/policy/presets.ts'
import { instant } from '../src/policy/time.ts'
import type { Database, Engine } from '../src/store/database.ts'
import { queryRows } from '../src/store/database.ts'

export interface InsightsBenchOptions {
  /** Orders the generated rollups stand for. */
  readonly orders: number
  /** Sellers and buyers sampled for the per-party reads. @default 200 */
  readonly samples?: number
  /** Runs of each top-N view. @default 5 */
  readonly runs?: number
  readonly log?: (line: string) => void
}

export interface Timing {
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly runs: number
}

export interface InsightsBenchResult {
  readonly engine: Engine
  readonly orders: number
  readonly rows: Readonly<Record<string, number>>
  readonly generateSeconds: number
  readonly scorecard: Timing
  readonly buyerRecord: Timing
  readonly lateShippers: Timing
  readonly disputeProneListings: Timing
  readonly disputeProneCategories: Timing
  readonly returnAbuse: Timing
}

const NOW = instant('2026-12-31T12:00:00.000Z')
const END = '2026-12-31'
const DAYS = 365

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN

/** p50, p99 and the worst of some timings, in ms. */
export const timing = (ms: readonly number[]): Timing => {
  const sorted = [...ms].sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 100) / 100
  return {
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    runs: ms.length,
  }
}

const time = async <T>(work: () => Promise<T>): Promise<number> => {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/**
 * The shape of the generated marketplace: 500 orders a year per seller, 8
 * per buyer, 20 per listing, 0.4 % of orders open (awaiting shipment) at
 * any time. Only open orders get an `insight_orders` row here: the
 * late-shipper view reads them through a partial index that shipped and
 * cancelled orders leave, so the other rows would cost hours to write and
 * change no figure.
 */
const shape = (orders: number) => ({
  sellers: Math.max(50, Math.round(orders / 500)),
  buyers: Math.max(200, Math.round(orders / 8)),
  listings: Math.max(100, Math.round(orders / 20)),
  open: Math.max(100, Math.round(orders * 0.004)),
})

/** Fills the insights tables with the rollups `orders` orders over 365 days would leave. */
export const generateInsightRollups = async (
  database: Database,
  orders: number,
  log: (line: string) => void,
) => {
  const db = database.db
  const { sellers, buyers, listings, open } = shape(orders)
  const exec = async (label: string, query: ReturnType<typeof sql>) => {
    const started = performance.now()
    await db.execute(query)
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await db.execute(sql.raw(`truncate ${insightTables.join(', ')}`))
  // Orders per seller-day average orders / (sellers × days); each day draws 0 … 2 × average.
  const perDay = orders / (sellers * DAYS)
  await exec(
    `insight_seller_days (${sellers.toLocaleString('en-US')} sellers × ${DAYS} days)`,
    sql.raw(`
    insert into insight_seller_days (seller_id, day, orders, shipped, shipped_late, shipped_valid_tracking,
      delivered, delivered_on_time, cancellations, cancellations_seller_fault, cases_opened, cases_closed,
      cases_counting, cases_escalated_closed, cases_lost_after_escalation, responses, responses_on_time,
      responses_missed, response_minutes)
    select seller_id, day, o, o,
      (random() < 0.08 * o)::int, o - (random() < 0.02 * o)::int,
      o, o - (random() < 0.1 * o)::int,
      c, (random() < 0.5 and c > 0)::int,
      k, k, (random() < 0.5 and k > 0)::int, (random() < 0.3 and k > 0)::int, 0,
      k, (random() < 0.85 and k > 0)::int, 0, k * (60 + (random() * 4000)::int)
    from (
      select 'seller-' || s as seller_id, date '${END}' - d as day,
        floor(random() * ${(2 * perDay + 1).toFixed(6)})::int as o,
        (random() < ${(0.03 * perDay).toFixed(6)})::int as c,
        (random() < ${(0.04 * perDay).toFixed(6)})::int as k
      from generate_series(1, ${sellers}) s, generate_series(0, ${DAYS - 1}) d
    ) g`),
  )
  await exec(
    'insight_seller_months',
    sql.raw(`
    insert into insight_seller_months (seller_id, month, shipped, shipped_late)
    select seller_id, date_trunc('month', day)::date, sum(shipped), sum(shipped_late)
    from insight_seller_days group by 1, 2
    union all
    select '*', date_trunc('month', day)::date, sum(shipped), sum(shipped_late)
    from insight_seller_days group by 2`),
  )
  await exec(
    'insight_seller_reason_days',
    sql.raw(`
    insert into insight_seller_reason_days (seller_id, day, metric, counted, reason, facts)
    select seller_id, day, 'case', true, 'seller_fault', cases_counting from insight_seller_days where cases_counting > 0
    union all
    select seller_id, day, 'case', false, 'buyer_remorse', cases_closed - cases_counting from insight_seller_days where cases_closed > cases_counting
    union all
    select seller_id, day, 'late_shipment', true, 'shipped_after_ship_by', shipped_late from insight_seller_days where shipped_late > 0
    union all
    select seller_id, day, 'cancellation', true, 'out_of_stock', cancellations_seller_fault from insight_seller_days where cancellations_seller_fault > 0`),
  )
  await exec(
    'insight_facts',
    sql.raw(`
    insert into insight_facts (id, metric, seller_id, buyer_id, day, at, order_id, case_id, cancellation_id, counted, reason, detail)
    select gen_random_uuid(), metric, seller_id, 'buyer-' || (1 + floor(random() * ${buyers - 1})::int), day,
      day + time '12:00', gen_random_uuid(), case when metric = 'case' then gen_random_uuid() end, null, counted, reason, null
    from insight_seller_reason_days, generate_series(1, facts)`),
  )
  // Each buyer buys on 8 distinct days (45 days apart, shifted per buyer); 2 % of buyers are serial claimers.
  const buyerRows = Math.round(orders / 1.05)
  await exec(
    `insight_buyer_days (${buyerRows.toLocaleString('en-US')} rows)`,
    sql.raw(`
    insert into insight_buyer_days (buyer_id, day, orders, cancel_requests, cancellations, cases_opened,
      cases_remorse, cases_granted, cases_denied, cases_settled, cases_withdrawn, cases_abandoned, returns, returns_not_shipped)
    select 'buyer-' || b, date '${END}' - ((k * 45 + b % 40) % ${DAYS}), 1 + (random() < 0.05)::int,
      c, c, claims, 0, (claims > 0 and random() < 0.5)::int, (claims > 0 and random() < 0.2)::int, 0, 0, 0,
      (claims > 0 and random() < 0.5)::int, 0
    from (
      select i % ${buyers} as b, i / ${buyers} as k,
        (random() < case when (i % ${buyers}) % 50 = 0 then 0.4 else 0.03 end)::int as c,
        (random() < case when (i % ${buyers}) % 50 = 0 then 0.6 else 0.04 end)::int as claims
      from generate_series(0, ${buyerRows - 1}) i
    ) g`),
  )
  const refreshStarted = performance.now()
  await refreshPreviousEventDays(db, null)
  log(
    `  insight_buyer_days.previous_event_day: ${((performance.now() - refreshStarted) / 1000).toFixed(1)} s`,
  )
  await exec(
    `insight_listings (${listings.toLocaleString('en-US')})`,
    sql`
    insert into insight_listings (listing_id, seller_id, category, title, orders, cases, nad, returns, nad_wilson)
    select listing_id, seller_id, category, title, orders, nad + cases_other, nad, 0,
      ${wilsonLowerBoundSql(sql`nad`, sql`orders`)}
    from (
      select 'lst-' || l as listing_id, 'seller-' || (1 + l % ${sellers}) as seller_id,
        (array['apparel/dresses','apparel/jackets','shoes/sneakers','accessories/handbags','electronics/phones','home/decor','collectibles/cards'])[1 + l % 7] as category,
        'Listing ' || l as title, o as orders,
        floor(random() * o * case when l % 100 = 0 then 0.4 else 0.05 end)::int as nad,
        floor(random() * o * 0.03)::int as cases_other
      from (select l, 1 + floor(random() * 39)::int as o from generate_series(1, ${sql.raw(String(listings))}) l) s
    ) x`,
  )
  await exec(
    'insight_categories',
    sql.raw(`
    insert into insight_categories (category, orders, cases, nad, returns)
    select category, sum(orders), sum(cases), sum(nad), 0 from insight_listings group by category`),
  )
  await exec(
    `insight_orders (${open.toLocaleString('en-US')} open orders)`,
    sql.raw(`
    insert into insight_orders (order_id, seller_id, buyer_id, purchased_at, ship_by, estimated_delivery_at,
      currency, total, category, lines, nad_lines)
    select gen_random_uuid(), 'seller-' || (1 + floor(random() * ${sellers - 1})::int), 'buyer-' || i,
      ship_by - interval '3 days', ship_by, ship_by + interval '5 days', 'USD', 4500, 'apparel/jackets', '[]', '[]'
    from (
      select i, timestamptz '${NOW}' + (random() * 14 - 7) * interval '1 day' as ship_by
      from generate_series(1, ${open}) i
    ) o`),
  )
  // As autovacuum would have: statistics, and the visibility map index-only scans need.
  for (const table of insightTables) await db.execute(sql.raw(`vacuum analyze ${table}`))
  const counts: Record<string, number> = {}
  for (const table of insightTables) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from ${table}`),
    )
    counts[table] = Number(row?.n ?? 0)
  }
  return counts
}

/** Generates `orders` orders' worth of rollups into `database` (migrated, insights tables empty or disposable) and times the reads. */
export const benchInsights = async (
  database: Database,
  options: InsightsBenchOptions,
): Promise<InsightsBenchResult> => {
  const log = options.log ?? ((line: string) => console.log(`[${database.engine}] ${line}`))
  const samples = options.samples ?? 200
  const runs = options.runs ?? 5
  const db = database.db
  log(`insights: generating rollups for ${options.orders.toLocaleString('en-US')} orders`)
  const started = performance.now()
  const rows = await generateInsightRollups(database, options.orders, log)
  const generateSeconds = Math.round((performance.now() - started) / 100) / 10
  const { sellers, buyers } = shape(options.orders)
  const policy = presets.ebay
  const window = windowOf(NOW, 90)
  // Warm the caches once, as a running server would have them.
  await sellerScorecard(db, 'seller-1', NOW, policy)
  const pick = (n: number, count: number) =>
    Array.from({ length: count }, (_, i) => 1 + ((i * 7919) % n))
  const scorecard: number[] = []
  for (const s of pick(sellers, samples))
    scorecard.push(await time(() => sellerScorecard(db, `seller-${s}`, NOW, policy, { links: 10 })))
  const record: number[] = []
  for (const b of pick(buyers - 1, samples))
    record.push(await time(() => buyerRecord(db, `buyer-${b}`, window)))
  const repeat = async (work: () => Promise<unknown>): Promise<number[]> => {
    const ms: number[] = []
    for (let i = 0; i < runs; i++) ms.push(await time(work))
    return ms
  }
  const result: InsightsBenchResult = {
    engine: database.engine,
    orders: options.orders,
    rows,
    generateSeconds,
    scorecard: timing(scorecard),
    buyerRecord: timing(record),
    lateShippers: timing(
      await repeat(() =>
        lateShippers(db, NOW, addDays(END, -89), { withinHours: 48, overdueDays: 7, limit: 20 }),
      ),
    ),
    disputeProneListings: timing(
      await repeat(() => disputeProneListings(db, { minOrders: 5, limit: 20 })),
    ),
    disputeProneCategories: timing(
      await repeat(() => disputeProneCategories(db, { minOrders: 5, limit: 20 })),
    ),
    returnAbuse: timing(await repeat(() => returnAbuse(db, window, defaultAbuseThresholds, 50))),
  }
  const show = (name: string, t: Timing) =>
    log(
      `insights: ${name}: p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, max ${t.maxMs} ms (${t.runs} runs)`,
    )
  log(`insights: generated in ${generateSeconds} s: ${JSON.stringify(rows)}`)
  show('scorecard (90-day window, 10 links per metric)', result.scorecard)
  show('buyer record (90 days)', result.buyerRecord)
  show('late shippers (48 h, top 20)', result.lateShippers)
  show('dispute-prone listings (top 20)', result.disputeProneListings)
  show('dispute-prone categories', result.disputeProneCategories)
  show('return abuse (90 days, top 50)', result.returnAbuse)
  return result
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { openBenchRecourse } = await import('./engine.ts')
  const { mkdirSync, writeFileSync } = await import('node:fs')
  const engines = (process.env.BENCH_ENGINES?.split(',') ?? ['pglite']).filter(
    (e): e is Engine => e === 'pglite' || e === 'postgres',
  )
  for (const engine of engines) {
    const env = await openBenchRecourse(engine)
    try {
      const orders = Number(
        process.env.BENCH_INSIGHTS_ORDERS ?? (engine === 'postgres' ? 10_000_000 : 1_000_000),
      )
      const result = await benchInsights(env.database, { orders })
      mkdirSync('artifacts', { recursive: true })
      writeFileSync(
        `artifacts/bench-insights-${engine}.json`,
        `${JSON.stringify({ ...result, version: env.version, date: new Date().toISOString() }, null, 2)}\n`,
      )
    } finally {
      await env.close()
    }
  }
}
