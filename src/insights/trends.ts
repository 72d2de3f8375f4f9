import { and, gte, isNotNull, lte, sql } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import { insightCases, insightSellerDays } from '../store/schema-insights.ts'
import { addDays, windowOf, type Day } from './vocabulary.ts'

/** One point of the case-rate series: orders placed in the bucket and the cases opened in it. */
export interface CaseRatePoint {
  /** First UTC date of the bucket. */
  readonly from: Day
  readonly to: Day
  readonly orders: number
  readonly casesOpened: number
  /** Cases the projector counted against their seller (remorse, grace-window settlements… excluded). */
  readonly casesCounting: number
  /** casesOpened / orders, or null without orders. */
  readonly caseRate: number | null
  readonly countingRate: number | null
}

export interface ReasonCount {
  readonly reason: string
  readonly opened: number
  readonly escalated: number
  /** Decided or closed with the fault on the seller (counts against the seller). */
  readonly countingAgainstSeller: number
  readonly remorse: boolean
}

/** Closed cases by how long they took, split by whether an agent had to decide. */
export interface ResolutionBucket {
  readonly label: string
  /** Lower bound in hours (inclusive); the upper bound is the next bucket's. */
  readonly fromHours: number
  readonly settledByParties: number
  readonly decidedByAgent: number
}

export interface Trends {
  readonly window: { readonly from: Day; readonly to: Day; readonly days: number }
  readonly bucket: 'day' | 'week'
  readonly caseRate: readonly CaseRatePoint[]
  readonly reasons: readonly ReasonCount[]
  readonly resolution: {
    readonly closed: number
    readonly medianHours: number | null
    readonly p90Hours: number | null
    readonly buckets: readonly ResolutionBucket[]
  }
}

const RESOLUTION_BUCKETS: readonly { label: string; fromHours: number }[] = [
  { label: 'under 1 day', fromHours: 0 },
  { label: '1–3 days', fromHours: 24 },
  { label: '3–7 days', fromHours: 72 },
  { label: '1–2 weeks', fromHours: 168 },
  { label: '2–4 weeks', fromHours: 336 },
  { label: '4 weeks or more', fromHours: 672 },
]

/** Monday of the UTC week `d` falls in. */
const weekOf = (d: Day): Day => {
  const weekday = new Date(`${d}T00:00:00.000Z`).getUTCDay()
  return addDays(d, -((weekday + 6) % 7))
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null)

/**
 * Marketplace-wide trends over a rolling window, for the analytics page: the
 * case rate per day or week (from the per-seller day counters, so it reads
 * O(days × active sellers) rows), cases by reason, and how long closed cases
 * took. Days are UTC, like every insight counter.
 */
export const marketplaceTrends = async (
  q: Queryable,
  now: Instant,
  options: { days: number; bucket: 'day' | 'week' },
): Promise<Trends> => {
  const window = windowOf(now, options.days)
  const sd = insightSellerDays
  const perDay = await q
    .select({
      day: sd.day,
      orders: sql<number>`sum(${sd.orders})::int`,
      opened: sql<number>`sum(${sd.casesOpened})::int`,
      counting: sql<number>`sum(${sd.casesCounting})::int`,
    })
    .from(sd)
    .where(and(gte(sd.day, window.from), lte(sd.day, window.to)))
    .groupBy(sd.day)
  const byDay = new Map(perDay.map((r) => [r.day, r]))

  const points: CaseRatePoint[] = []
  let current: { from: Day; to: Day; orders: number; opened: number; counting: number } | null =
    null
  const flush = () => {
    if (!current) return
    points.push({
      from: current.from,
      to: current.to,
      orders: current.orders,
      casesOpened: current.opened,
      casesCounting: current.counting,
      caseRate: ratio(current.opened, current.orders),
      countingRate: ratio(current.counting, current.orders),
    })
  }
  for (let d = window.from; d <= window.to; d = addDays(d, 1)) {
    const start = options.bucket === 'week' ? weekOf(d) : d
    if (!current || current.from !== (start < window.from ? window.from : start)) {
      flush()
      current = {
        from: start < window.from ? window.from : start,
        to: d,
        orders: 0,
        opened: 0,
        counting: 0,
      }
    }
    const row = byDay.get(d)
    current.to = d
    current.orders += row?.orders ?? 0
    current.opened += row?.opened ?? 0
    current.counting += row?.counting ?? 0
  }
  flush()

  const c = insightCases
  const openedFrom = `${window.from}T00:00:00.000Z`
  const openedTo = `${addDays(window.to, 1)}T00:00:00.000Z`
  const reasons = await q
    .select({
      reason: c.reason,
      opened: sql<number>`count(*)::int`,
      escalated: sql<number>`count(${c.escalatedAt})::int`,
      counting: sql<number>`count(*) filter (where ${c.countsAgainstSeller})::int`,
      remorse: sql<boolean>`bool_or(${c.remorse})`,
    })
    .from(c)
    .where(and(gte(c.openedAt, openedFrom), sql`${c.openedAt} < ${openedTo}`))
    .groupBy(c.reason)

  const closedInWindow = and(
    isNotNull(c.closedAt),
    gte(c.closedAt, openedFrom),
    sql`${c.closedAt} < ${openedTo}`,
  )
  const took = sql`extract(epoch from (${c.closedAt} - ${c.openedAt})) / 3600.0`
  const bucketOf = sql.join(
    [
      sql`case`,
      ...RESOLUTION_BUCKETS.slice(1).map(
        (b, i) => sql`when ${took} < ${sql.raw(String(b.fromHours))} then ${sql.raw(String(i))}`,
      ),
      sql`else ${sql.raw(String(RESOLUTION_BUCKETS.length - 1))} end`,
    ],
    sql` `,
  )
  // Counted and ranked in SQL: a window's closed cases can be many at scale.
  const counts = await q
    .select({
      bucket: sql<number>`${bucketOf}`.mapWith(Number),
      escalated: sql<boolean>`${c.escalatedAt} is not null`,
      cases: sql<number>`count(*)::int`,
    })
    .from(c)
    .where(closedInWindow)
    .groupBy(sql`1`, sql`2`)
  const [quantiles] = await q
    .select({
      closed: sql<number>`count(*)::int`,
      median: sql<number | null>`percentile_cont(0.5) within group (order by ${took})`,
      p90: sql<number | null>`percentile_cont(0.9) within group (order by ${took})`,
    })
    .from(c)
    .where(closedInWindow)
  const buckets = RESOLUTION_BUCKETS.map((b) => ({ ...b, settledByParties: 0, decidedByAgent: 0 }))
  for (const r of counts) {
    const bucket = buckets[r.bucket]
    if (!bucket) continue
    if (r.escalated) bucket.decidedByAgent += r.cases
    else bucket.settledByParties += r.cases
  }
  const hoursOrNull = (v: number | string | null | undefined): number | null =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10

  return {
    window,
    bucket: options.bucket,
    caseRate: points,
    reasons: reasons
      .map((r) => ({
        reason: r.reason,
        opened: r.opened,
        escalated: r.escalated,
        countingAgainstSeller: r.counting,
        remorse: r.remorse,
      }))
      .sort((a, b) => b.opened - a.opened || a.reason.localeCompare(b.reason)),
    resolution: {
      closed: quantiles?.closed ?? 0,
      medianHours: hoursOrNull(quantiles?.median),
      p90Hours: hoursOrNull(quantiles?.p90),
      buckets,
    },
  }
}
