import { and, asc, desc, gte, isNull, lte, sql } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import { addHours, toMillis } from '../policy/time.ts'
import type { Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import {
  insightCategories,
  insightEvidence,
  insightEvidenceHashes,
  insightListings,
  insightOrders,
} from '../store/schema-insights.ts'
import { MARKETPLACE } from './projection.ts'
import { hammingDistance } from '../integrations/image-hash.ts'

import { wilsonLowerBound, wilsonUpperBound, WILSON_Z } from './wilson.ts'
import { NEAR_DUPLICATE_MAX_DISTANCE, type Day } from './vocabulary.ts'

/**
 * Risk views for agents: who is about to ship late, which listings and
 * categories draw "not as described" claims, and evidence seen on more than
 * one case. Every item carries the numbers and sentences that explain it.
 */

export interface Reason {
  readonly code: string
  readonly text: string
}

export interface LateShipperOrder {
  readonly orderId: string
  readonly shipBy: string
  /** Negative once the ship-by date has passed. */
  readonly hoursLeft: number
}

export interface LateShipper {
  readonly sellerId: string
  /** Expected late shipments among the open orders: overdue ones count 1, the others the seller's late probability. */
  readonly expectedLate: number
  readonly overdue: number
  readonly dueSoon: number
  readonly history: {
    readonly shipped: number
    readonly late: number
    /** The seller's late rate, shrunk toward the marketplace's so a short history does not dominate. */
    readonly lateProbability: number
  }
  readonly orders: readonly LateShipperOrder[]
  readonly reasons: readonly Reason[]
}

export interface LateShipperOptions {
  /** Open orders whose ship-by date falls within this many hours from now. @default 48 */
  readonly withinHours: number
  /** Unshipped orders whose ship-by passed at most this many days ago are listed as overdue. @default 7 */
  readonly overdueDays: number
  readonly limit: number
}

/** How many shipments of marketplace-wide experience the seller's own history is blended with. */
const PRIOR_WEIGHT = 10

/**
 * A Postgres array literal as one parameter (`{"a","b"}`): one bind value
 * however many ids, where an `IN (…)` list would bind thousands.
 */
export const textArray = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`

/**
 * Sellers likely to miss ship-by soon: their open orders due within
 * `withinHours` (and those already overdue and unshipped) times their late
 * probability. The probability is the seller's late-shipment rate over the
 * calendar months since `from` (monthly rollups keep this O(sellers)),
 * shrunk toward the marketplace rate with the weight of PRIOR_WEIGHT
 * shipments (a beta prior), so a seller with 2 shipments is judged mostly by
 * the marketplace's experience. When no history is kept, 10 % is the prior.
 */
export const lateShippers = async (
  q: Queryable,
  now: Instant,
  from: Day,
  options: LateShipperOptions,
): Promise<LateShipper[]> => {
  const horizon = addHours(now, options.withinHours)
  const overdueFrom = addHours(now, -24 * options.overdueDays)
  // Whole months from the one `from` falls in: 4 rows a seller for 90 days, and the marketplace's own row.
  const firstMonth = `${from.slice(0, 7)}-01`
  // Scored and ranked in the database, so only the top sellers come back
  // (tens of thousands of sellers may have an order due in 48 h).
  const ranked = await queryRows<{
    seller_id: string
    overdue: number
    due_soon: number
    shipped: number
    late: number
    p_late: number
    market_rate: number
  }>(
    q,
    sql`with open as (
          select seller_id, ship_by from ${insightOrders}
          where shipped_at is null and cancelled_at is null
            and ship_by <= ${horizon} and ship_by >= ${overdueFrom}
        ), per as (
          select seller_id,
            count(*) filter (where ship_by < ${now})::int as overdue,
            count(*) filter (where ship_by >= ${now})::int as due_soon
          from open group by seller_id
        ), market as (
          select case when coalesce(sum(shipped), 0) = 0 then 0.1
                      else sum(shipped_late)::float8 / sum(shipped) end as rate
          from insight_seller_months where seller_id = ${MARKETPLACE} and month >= ${firstMonth}
        ), hist as (
          select m.seller_id, sum(m.shipped)::int as shipped, sum(m.shipped_late)::int as late
          from insight_seller_months m join per using (seller_id)
          where m.month >= ${firstMonth}
          group by m.seller_id
        )
        select per.seller_id, per.overdue, per.due_soon,
          coalesce(hist.shipped, 0) as shipped, coalesce(hist.late, 0) as late,
          (coalesce(hist.late, 0) + ${PRIOR_WEIGHT} * market.rate) / (coalesce(hist.shipped, 0) + ${PRIOR_WEIGHT}) as p_late,
          market.rate as market_rate
        from per left join hist using (seller_id) cross join market
        order by per.overdue + per.due_soon * ((coalesce(hist.late, 0) + ${PRIOR_WEIGHT} * market.rate)
          / (coalesce(hist.shipped, 0) + ${PRIOR_WEIGHT})) desc, per.seller_id
        limit ${options.limit}`,
  )
  if (ranked.length === 0) return []
  const o = insightOrders
  const orderRows = await q
    .select({ orderId: o.orderId, sellerId: o.sellerId, shipBy: o.shipBy })
    .from(o)
    .where(
      and(
        isNull(o.shippedAt),
        isNull(o.cancelledAt),
        lte(o.shipBy, horizon),
        gte(o.shipBy, overdueFrom),
        sql`${o.sellerId} = any(${textArray(ranked.map((r) => r.seller_id))}::text[])`,
      ),
    )
    .orderBy(asc(o.shipBy))
  const nowMs = toMillis(now)
  const ordersOf = new Map<string, LateShipperOrder[]>()
  for (const r of orderRows) {
    const list = ordersOf.get(r.sellerId) ?? []
    if (list.length < 10)
      list.push({
        orderId: r.orderId,
        shipBy: new Date(r.shipBy).toISOString(),
        hoursLeft: Math.round(((Date.parse(r.shipBy) - nowMs) / 3_600_000) * 10) / 10,
      })
    ordersOf.set(r.sellerId, list)
  }
  return ranked.map((r) => {
    const { overdue } = r
    const dueSoon = r.due_soon
    const shipped = Number(r.shipped)
    const late = Number(r.late)
    const p = Number(r.p_late)
    const marketRate = Number(r.market_rate)
    const reasons: Reason[] = []
    if (overdue > 0)
      reasons.push({
        code: 'overdue_unshipped',
        text: `${overdue} order${overdue === 1 ? ' is' : 's are'} past ship-by and not shipped.`,
      })
    if (dueSoon > 0)
      reasons.push({
        code: 'due_soon',
        text: `${dueSoon} open order${dueSoon === 1 ? '' : 's'} must ship within ${options.withinHours} h.`,
      })
    reasons.push({
      code: shipped === 0 ? 'no_history' : 'late_history',
      text:
        shipped === 0
          ? `No shipments in the history window; the marketplace rate (${pct(marketRate)}) applies.`
          : `${late} of ${shipped} shipments since ${firstMonth} were late (${pct(late / shipped)}; with the marketplace's ${pct(marketRate)} as prior: ${pct(p)}).`,
    })
    return {
      sellerId: r.seller_id,
      expectedLate: Math.round((overdue + dueSoon * p) * 100) / 100,
      overdue,
      dueSoon,
      history: { shipped, late, lateProbability: Math.round(p * 10000) / 10000 },
      orders: ordersOf.get(r.seller_id) ?? [],
      reasons,
    }
  })
}

export interface DisputeProne {
  readonly id: string
  readonly title?: string
  readonly sellerId?: string
  readonly category: string
  readonly orders: number
  readonly cases: number
  readonly notAsDescribed: number
  readonly returns: number
  readonly rate: number
  /** The Wilson 95 % interval of the not-as-described rate; ranking uses its lower bound. */
  readonly lowerBound: number
  readonly upperBound: number
  readonly reasons: readonly Reason[]
}

const disputeReasons = (nad: number, orders: number, cases: number, lower: number): Reason[] => [
  {
    code: 'not_as_described_rate',
    text: `${nad} of ${orders} orders drew a not-as-described claim (${pct(nad / Math.max(1, orders))}); with 95 % confidence at least ${pct(lower)}.`,
  },
  ...(cases > nad
    ? [
        {
          code: 'other_cases',
          text: `${cases - nad} other case${cases - nad === 1 ? '' : 's'} on it.`,
        },
      ]
    : []),
]

/** A listing's or a category's not-as-described figures, around the lower bound it is ranked by. */
const disputeFigures = (
  counts: {
    readonly orders: number
    readonly cases: number
    readonly nad: number
    readonly returns: number
  },
  lowerBound: number,
) => ({
  orders: counts.orders,
  cases: counts.cases,
  notAsDescribed: counts.nad,
  returns: counts.returns,
  rate: counts.nad / Math.max(1, counts.orders),
  lowerBound,
  upperBound: wilsonUpperBound(counts.nad, counts.orders, WILSON_Z),
  reasons: disputeReasons(counts.nad, counts.orders, counts.cases, lowerBound),
})

/** Listings ranked by the lower bound of their not-as-described rate: an index scan on the stored bound. */
export const disputeProneListings = async (
  q: Queryable,
  options: { minOrders: number; limit: number },
): Promise<DisputeProne[]> => {
  const l = insightListings
  const rows = await q
    .select()
    .from(l)
    .where(and(gte(l.orders, options.minOrders), sql`${l.nadWilson} > 0`))
    .orderBy(desc(l.nadWilson), asc(l.listingId))
    .limit(options.limit)
  return rows.map((r) => ({
    id: r.listingId,
    title: r.title,
    sellerId: r.sellerId,
    category: r.category,
    ...disputeFigures(r, r.nadWilson),
  }))
}

/** Categories ranked the same way (a small table, bounded by the catalogue's categories). */
export const disputeProneCategories = async (
  q: Queryable,
  options: { minOrders: number; limit: number },
): Promise<DisputeProne[]> => {
  const c = insightCategories
  const rows = await q
    .select({
      category: c.category,
      orders: sql<number>`sum(${c.orders})::int`,
      cases: sql<number>`sum(${c.cases})::int`,
      nad: sql<number>`sum(${c.nad})::int`,
      returns: sql<number>`sum(${c.returns})::int`,
    })
    .from(c)
    .groupBy(c.category)
    .having(gte(sql`sum(${c.orders})`, options.minOrders))
  return rows
    .map((r) => ({
      id: r.category,
      category: r.category,
      ...disputeFigures(r, wilsonLowerBound(r.nad, r.orders)),
    }))
    .filter((r) => r.notAsDescribed > 0)
    .sort((a, b) => b.lowerBound - a.lowerBound || a.id.localeCompare(b.id))
    .slice(0, options.limit)
}

export interface ReusedEvidence {
  /** `same_file`: identical bytes on several cases; `near_duplicate`: two different files that look the same. */
  readonly kind: 'same_file' | 'near_duplicate'
  /** The file (for a near-duplicate, the newer of the two). */
  readonly sha256: string
  /** Bits of 64 the perceptual hashes differ in (near-duplicates; 0 for the same file). */
  readonly distance: number
  readonly cases: readonly {
    readonly caseId: string
    readonly addedByRole: string
    readonly addedById: string
    readonly at: string
    /** The file on this case. */
    readonly sha256: string
  }[]
  readonly reasons: readonly Reason[]
}

interface EvidenceRow {
  sha256: string
  case_id: string
  added_by_role: string
  added_by_id: string
  at: string
  perceptual_hash: string
}

/**
 * Pairs of different image files on different cases whose perceptual hashes
 * are at most `maxDistance` bits apart, newest first: the evidence of `caseId`
 * against everything, or the newest hashed evidence against everything.
 * Candidates share one byte of the hash (an index each); the distance is
 * then counted here.
 */
export const nearDuplicateEvidence = async (
  q: Queryable,
  options: { limit: number; caseId?: string; maxDistance: number },
): Promise<ReusedEvidence[]> => {
  const e = insightEvidence
  const mine = options.caseId
    ? sql`select * from ${e} where case_id = ${options.caseId} and perceptual_hash is not null`
    : sql`select * from ${e} where perceptual_hash is not null order by at desc limit ${options.limit * 4}`
  const bytes = [0, 1, 2, 3, 4, 5, 6, 7].map(
    (k) =>
      sql`substr(o.perceptual_hash, ${sql.raw(String(1 + 2 * k))}, 2) = substr(m.perceptual_hash, ${sql.raw(String(1 + 2 * k))}, 2)`,
  )
  const rows = await queryRows<{ [K in keyof EvidenceRow as `m_${K}` | `o_${K}`]: string }>(
    q,
    sql`select m.sha256 as m_sha256, m.case_id as m_case_id, m.added_by_role as m_added_by_role,
               m.added_by_id as m_added_by_id, m.at as m_at, m.perceptual_hash as m_perceptual_hash,
               o.sha256 as o_sha256, o.case_id as o_case_id, o.added_by_role as o_added_by_role,
               o.added_by_id as o_added_by_id, o.at as o_at, o.perceptual_hash as o_perceptual_hash
        from (${mine}) m
        join ${e} o on o.case_id <> m.case_id and o.sha256 <> m.sha256 and (${sql.join(bytes, sql` or `)})`,
  )
  const seen = new Set<string>()
  const pairs: ReusedEvidence[] = []
  for (const r of rows) {
    const distance = hammingDistance(r.m_perceptual_hash, r.o_perceptual_hash)
    if (distance > options.maxDistance) continue
    const side = (p: 'm' | 'o') => ({
      caseId: r[`${p}_case_id`],
      addedByRole: r[`${p}_added_by_role`],
      addedById: r[`${p}_added_by_id`],
      at: new Date(r[`${p}_at`]).toISOString(),
      sha256: r[`${p}_sha256`],
    })
    const cases = [side('m'), side('o')].sort(
      (a, b) => a.at.localeCompare(b.at) || a.caseId.localeCompare(b.caseId),
    )
    const key = cases.map((c) => `${c.caseId}/${c.sha256}`).join(' ')
    if (seen.has(key)) continue
    seen.add(key)
    const [first, second] = cases
    if (first === undefined || second === undefined) continue
    const same = first.addedById === second.addedById
    pairs.push({
      kind: 'near_duplicate',
      sha256: second.sha256,
      distance,
      cases,
      reasons: [
        {
          code: same ? 'near_duplicate_image_same_party' : 'near_duplicate_image_different_parties',
          text: `Near-duplicate image, distance ${distance}/64: a different file that looks the same as one on another case, attached by ${same ? 'the same person' : 'different people'} (the same picture re-saved, resized or cropped).`,
        },
      ],
    })
  }
  return pairs
    .sort(
      (a, b) =>
        (b.cases[1]?.at ?? '').localeCompare(a.cases[1]?.at ?? '') || a.distance - b.distance,
    )
    .slice(0, options.limit)
}

/**
 * Files whose exact bytes (same SHA-256) were attached to more than one case,
 * newest first, then near-duplicate images (see `nearDuplicateEvidence`),
 * unless `maxDistance` is null.
 */
export const reusedEvidence = async (
  q: Queryable,
  options: { limit: number; caseId?: string; maxDistance?: number | null },
): Promise<ReusedEvidence[]> => {
  const maxDistance =
    options.maxDistance === undefined ? NEAR_DUPLICATE_MAX_DISTANCE : options.maxDistance
  const [same, near] = await Promise.all([
    sameFileEvidence(q, options),
    maxDistance === null
      ? []
      : nearDuplicateEvidence(q, {
          limit: options.limit,
          maxDistance,
          ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
        }),
  ])
  return [...same, ...near].slice(0, options.caseId === undefined ? options.limit : undefined)
}

const sameFileEvidence = async (
  q: Queryable,
  options: { limit: number; caseId?: string },
): Promise<ReusedEvidence[]> => {
  const hashes = options.caseId
    ? (
        await queryRows<{ sha256: string }>(
          q,
          sql`select e.sha256 from ${insightEvidence} e
              join ${insightEvidenceHashes} h on h.sha256 = e.sha256 and h.cases > 1
              where e.case_id = ${options.caseId}`,
        )
      ).map((r) => r.sha256)
    : (
        await q
          .select({ sha256: insightEvidenceHashes.sha256 })
          .from(insightEvidenceHashes)
          .where(sql`${insightEvidenceHashes.cases} > 1`)
          .orderBy(desc(insightEvidenceHashes.lastAt))
          .limit(options.limit)
      ).map((r) => r.sha256)
  if (hashes.length === 0) return []
  const rows = await queryRows<{
    sha256: string
    case_id: string
    added_by_role: string
    added_by_id: string
    at: string
  }>(
    q,
    sql`select sha256, case_id, added_by_role, added_by_id, at from ${insightEvidence}
        where sha256 = any(${textArray(hashes)}::text[])
        order by at`,
  )
  return hashes.map((sha256) => {
    const cases = rows
      .filter((r) => r.sha256 === sha256)
      .map((r) => ({
        caseId: r.case_id,
        addedByRole: r.added_by_role,
        addedById: r.added_by_id,
        at: new Date(r.at).toISOString(),
        sha256,
      }))
    const people = new Set(cases.map((c) => c.addedById))
    return {
      kind: 'same_file' as const,
      sha256,
      distance: 0,
      cases,
      reasons: [
        {
          code: people.size === 1 ? 'same_file_same_party' : 'same_file_different_parties',
          text:
            people.size === 1
              ? `The same file was attached to ${cases.length} cases by one person.`
              : `The same file was attached to ${cases.length} cases by ${people.size} different people.`,
        },
      ],
    }
  })
}
