import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { Instant } from '../policy/time.ts'
import type { Policy, ReputationPolicy } from '../policy/types.ts'
import { defaultPolicy } from '../policy/presets.ts'
import type { Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import {
  insightFacts,
  insightSellerDays,
  insightSellerReasonDays,
} from '../store/schema-insights.ts'
import type { SellerCounts } from './projection.ts'
import { sellerCounters, zeroCounts } from './projection.ts'
import type { Day, FactMetric } from './vocabulary.ts'
import { windowOf } from './vocabulary.ts'

/**
 * The seller scorecard: the policy's reputation metrics over its rolling
 * window, each a ratio of per-day counters (so reading it costs O(days), not
 * O(orders)), its status against the policy's threshold, the facts behind
 * the numerator and what was excluded and why.
 */

export type MetricId =
  | 'cancellation_rate'
  | 'late_shipment_rate'
  | 'valid_tracking_rate'
  | 'on_time_delivery_rate'
  | 'case_rate'
  | 'lost_after_escalation_rate'
  | 'on_time_response_rate'

export type Status = 'pass' | 'warn' | 'fail'

interface MetricDef {
  readonly id: MetricId
  readonly label: string
  /** `max`: a defect rate that must stay at or below the threshold; `min`: a good rate that must reach it. */
  readonly direction: 'max' | 'min'
  /** The policy knob the threshold comes from. */
  readonly knob: keyof ReputationPolicy
  readonly numerator: (t: SellerCounts) => number
  readonly denominator: (t: SellerCounts) => number
  /** The facts that link to it: for `max` the defects counted, for `min` the failures. */
  readonly facts: FactMetric
}

export const metricDefs: readonly MetricDef[] = [
  {
    id: 'cancellation_rate',
    label: 'Seller-caused cancellations',
    direction: 'max',
    knob: 'maxCancellationRate',
    numerator: (t) => t.cancellationsSellerFault,
    denominator: (t) => t.orders,
    facts: 'cancellation',
  },
  {
    id: 'late_shipment_rate',
    label: 'Shipped after the ship-by date',
    direction: 'max',
    knob: 'maxLateShipmentRate',
    numerator: (t) => t.shippedLate,
    denominator: (t) => t.shipped,
    facts: 'late_shipment',
  },
  {
    id: 'valid_tracking_rate',
    label: 'Shipments with valid tracking',
    direction: 'min',
    knob: 'minValidTrackingRate',
    numerator: (t) => t.shippedValidTracking,
    denominator: (t) => t.shipped,
    facts: 'invalid_tracking',
  },
  {
    id: 'on_time_delivery_rate',
    label: 'Delivered by the estimated delivery date',
    direction: 'min',
    knob: 'minOnTimeDeliveryRate',
    numerator: (t) => t.deliveredOnTime,
    denominator: (t) => t.delivered,
    facts: 'late_delivery',
  },
  {
    id: 'case_rate',
    label: 'Cases counting against the seller',
    direction: 'max',
    knob: 'maxCaseRate',
    numerator: (t) => t.casesCounting,
    denominator: (t) => t.orders,
    facts: 'case',
  },
  {
    id: 'lost_after_escalation_rate',
    label: 'Cases lost after escalation',
    direction: 'max',
    knob: 'maxLostAfterEscalationRate',
    numerator: (t) => t.casesLostAfterEscalation,
    denominator: (t) => t.orders,
    facts: 'lost_after_escalation',
  },
  {
    id: 'on_time_response_rate',
    label: 'Cases answered by the respond-by time',
    direction: 'min',
    knob: 'minOnTimeResponseRate',
    numerator: (t) => t.responsesOnTime,
    denominator: (t) => t.responses + t.responsesMissed,
    facts: 'late_response',
  },
]

/** The reputation knobs with defaults filled in: policy versions stored before a knob existed lack it. */
export const reputationOf = (policy: Policy): ReputationPolicy => ({
  ...defaultPolicy.reputation,
  ...policy.reputation,
})

export interface ReasonCount {
  readonly metric: string
  readonly counted: boolean
  readonly reason: string
  readonly facts: number
}

export interface FactLink {
  readonly metric: string
  readonly counted: boolean
  readonly reason: string
  readonly detail: string | null
  readonly at: string
  readonly orderId: string
  readonly caseId: string | null
  readonly cancellationId: string | null
  /** The API path of the case (if any) or the order behind the fact. */
  readonly href: string
}

export interface ScorecardMetric {
  readonly id: MetricId
  readonly label: string
  readonly direction: 'max' | 'min'
  readonly numerator: number
  readonly denominator: number
  /** `null` when there is nothing to measure yet (no orders, no shipments…); the status is then `pass`. */
  readonly rate: number | null
  readonly threshold: number
  /** Where `warn` starts (`policy.reputation.warnAt` of the margin). */
  readonly warnFrom: number
  readonly status: Status
  /** `counted`: the links are the facts in the numerator; `failures`: those keeping the rate down. */
  readonly linksShow: 'counted' | 'failures'
  /** How many facts there are to link to in the window (the list may be shorter). */
  readonly linksTotal: number
  readonly links: readonly FactLink[]
  readonly excluded: {
    readonly total: number
    readonly byReason: readonly { readonly reason: string; readonly count: number }[]
    readonly items: readonly FactLink[]
  }
}

export interface Scorecard {
  readonly sellerId: string
  readonly preset: string
  readonly window: { readonly from: Day; readonly to: Day; readonly days: number }
  readonly status: Status
  readonly metrics: readonly ScorecardMetric[]
  readonly responseTime: { readonly responses: number; readonly averageHours: number | null }
  readonly totals: SellerCounts
  /** Reasons the caller asked to leave out on top of the policy's own exclusions. */
  readonly alsoExcluded: readonly string[]
}

const rank: Record<Status, number> = { pass: 0, warn: 1, fail: 2 }
export const worst = (statuses: readonly Status[]): Status =>
  statuses.reduce<Status>((a, b) => (rank[b] > rank[a] ? b : a), 'pass')
export const statusRank = (s: Status): number => rank[s]

/**
 * Pass, warn or fail against the threshold. `max`: above the threshold
 * fails, above `warnAt` × threshold warns. `min`: below fails, and warns
 * once `warnAt` of the allowed shortfall (1 − threshold) is used up.
 */
export const statusOf = (
  direction: 'max' | 'min',
  rate: number | null,
  threshold: number,
  warnAt: number,
): { status: Status; warnFrom: number } => {
  if (direction === 'max') {
    const warnFrom = threshold * warnAt
    if (rate === null) return { status: 'pass', warnFrom }
    return { status: rate > threshold ? 'fail' : rate > warnFrom ? 'warn' : 'pass', warnFrom }
  }
  const warnFrom = 1 - (1 - threshold) * warnAt
  if (rate === null) return { status: 'pass', warnFrom }
  return { status: rate < threshold ? 'fail' : rate < warnFrom ? 'warn' : 'pass', warnFrom }
}

export interface ScorecardInput {
  readonly sellerId: string
  readonly policy: Policy
  readonly window: { readonly from: Day; readonly to: Day; readonly days: number }
  readonly totals: SellerCounts
  readonly reasons: readonly ReasonCount[]
  readonly links?: readonly FactLink[]
  /**
   * Counted reasons to leave out as well (what-if: "without the settled
   * cases"). A `max` metric drops them from the numerator; a `min` metric
   * drops those failures from the denominator.
   */
  readonly exclude?: readonly string[]
}

/** The scorecard from window totals: pure, shared by the API and the simulator. */
export const buildScorecard = (input: ScorecardInput): Scorecard => {
  const rep = reputationOf(input.policy)
  const exclude = new Set(input.exclude ?? [])
  const links = input.links ?? []
  const metrics = metricDefs.map((def): ScorecardMetric => {
    const mine = input.reasons.filter((r) => r.metric === def.facts)
    const counted = mine.filter((r) => r.counted)
    const droppedByCaller = counted
      .filter((r) => exclude.has(r.reason))
      .reduce((s, r) => s + r.facts, 0)
    let numerator = def.numerator(input.totals)
    let denominator = def.denominator(input.totals)
    if (def.direction === 'max') numerator = Math.max(0, numerator - droppedByCaller)
    else denominator = Math.max(numerator, denominator - droppedByCaller)
    const rate = denominator === 0 ? null : numerator / denominator
    const threshold = rep[def.knob] as number
    const { status, warnFrom } = statusOf(def.direction, rate, threshold, rep.warnAt)
    const excludedReasons = new Map<string, number>()
    for (const r of mine) {
      if (!r.counted || exclude.has(r.reason))
        excludedReasons.set(r.reason, (excludedReasons.get(r.reason) ?? 0) + r.facts)
    }
    const byReason = [...excludedReasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    const isExcluded = (l: FactLink) => !l.counted || exclude.has(l.reason)
    return {
      id: def.id,
      label: def.label,
      direction: def.direction,
      numerator,
      denominator,
      rate,
      threshold,
      warnFrom,
      status,
      linksShow: def.direction === 'max' ? 'counted' : 'failures',
      linksTotal: counted.reduce((s, r) => s + r.facts, 0) - droppedByCaller,
      links: links.filter((l) => l.metric === def.facts && !isExcluded(l)),
      excluded: {
        total: byReason.reduce((s, r) => s + r.count, 0),
        byReason,
        items: links.filter((l) => l.metric === def.facts && isExcluded(l)),
      },
    }
  })
  const { responses, responseMinutes } = input.totals
  return {
    sellerId: input.sellerId,
    preset: input.policy.preset,
    window: input.window,
    status: worst(metrics.map((m) => m.status)),
    metrics,
    responseTime: {
      responses,
      averageHours:
        responses === 0 ? null : Math.round((responseMinutes / responses / 60) * 10) / 10,
    },
    totals: input.totals,
    alsoExcluded: [...exclude].sort(),
  }
}

const hrefOf = (orderId: string, caseId: string | null): string =>
  caseId === null ? `/v1/orders/${orderId}` : `/v1/cases/${caseId}`

export const toLink = (f: {
  metric: string
  counted: boolean
  reason: string
  detail: string | null
  at: string
  orderId: string
  caseId: string | null
  cancellationId: string | null
}): FactLink => ({
  metric: f.metric,
  counted: f.counted,
  reason: f.reason,
  detail: f.detail,
  at: new Date(f.at).toISOString(),
  orderId: f.orderId,
  caseId: f.caseId,
  cancellationId: f.cancellationId,
  href: hrefOf(f.orderId, f.caseId),
})

/** Sums of every counter over the seller's days in the window: at most `days` rows read. */
export const sellerTotals = async (
  q: Queryable,
  sellerId: string,
  from: Day,
  to: Day,
): Promise<SellerCounts> => {
  const t = insightSellerDays
  const fields: Record<string, SQL<string>> = {}
  for (const c of sellerCounters) fields[c] = sql<string>`coalesce(sum(${t[c]}), 0)`
  const rows = await q
    .select(fields)
    .from(t)
    .where(and(eq(t.sellerId, sellerId), gte(t.day, from), lte(t.day, to)))
  const row = rows[0] as Record<string, unknown> | undefined
  const totals = zeroCounts(sellerCounters)
  for (const c of sellerCounters) totals[c] = Number(row?.[c] ?? 0)
  return totals
}

export const sellerReasonCounts = async (
  q: Queryable,
  sellerId: string,
  from: Day,
  to: Day,
): Promise<ReasonCount[]> => {
  const t = insightSellerReasonDays
  const rows = await q
    .select({
      metric: t.metric,
      counted: t.counted,
      reason: t.reason,
      facts: sql<string>`sum(${t.facts})`,
    })
    .from(t)
    .where(and(eq(t.sellerId, sellerId), gte(t.day, from), lte(t.day, to)))
    .groupBy(t.metric, t.counted, t.reason)
  return rows.map((r) => ({ ...r, facts: Number(r.facts) }))
}

/**
 * The newest `limit` facts per (metric, counted) in the window, in one
 * round trip: a lateral index scan per pair, so the cost is bounded by
 * `limit`, not by how many facts the seller has.
 */
export const sellerLinks = async (
  q: Queryable,
  sellerId: string,
  from: Day,
  to: Day,
  limit: number,
): Promise<FactLink[]> => {
  if (limit <= 0) return []
  const pairs = metricDefs.flatMap((d) => [`('${d.facts}', true)`, `('${d.facts}', false)`])
  const rows = await queryRows<{
    metric: string
    counted: boolean
    reason: string
    detail: string | null
    at: string
    order_id: string
    case_id: string | null
    cancellation_id: string | null
  }>(
    q,
    sql`select f.metric, f.counted, f.reason, f.detail, f.at, f.order_id, f.case_id, f.cancellation_id
        from (values ${sql.raw(pairs.join(', '))}) as m(metric, counted)
        cross join lateral (
          select * from ${insightFacts} x
          where x.seller_id = ${sellerId} and x.metric = m.metric and x.counted = m.counted
            and x.day >= ${from} and x.day <= ${to}
          order by x.day desc, x.at desc
          limit ${limit}
        ) f`,
  )
  return rows.map((r) =>
    toLink({
      metric: r.metric,
      counted: r.counted,
      reason: r.reason,
      detail: r.detail,
      at: r.at,
      orderId: r.order_id,
      caseId: r.case_id,
      cancellationId: r.cancellation_id,
    }),
  )
}

export interface ScorecardOptions {
  /** Facts listed per metric (and per exclusion list). @default 10 */
  readonly links?: number
  readonly exclude?: readonly string[]
  /** Overrides the policy's `reputation.windowDays`. */
  readonly days?: number
}

/** A seller's scorecard from the read models: three indexed queries whatever the order count. */
export const sellerScorecard = async (
  q: Queryable,
  sellerId: string,
  now: Instant,
  policy: Policy,
  options: ScorecardOptions = {},
): Promise<Scorecard> => {
  const window = windowOf(now, options.days ?? reputationOf(policy).windowDays)
  const [totals, reasons, links] = await Promise.all([
    sellerTotals(q, sellerId, window.from, window.to),
    sellerReasonCounts(q, sellerId, window.from, window.to),
    sellerLinks(q, sellerId, window.from, window.to, options.links ?? 10),
  ])
  return buildScorecard({
    sellerId,
    policy,
    window,
    totals,
    reasons,
    links,
    ...(options.exclude ? { exclude: options.exclude } : {}),
  })
}

/** Whether the seller has any activity at all (a scorecard of an unknown id is a 404). */
export const sellerKnown = async (q: Queryable, sellerId: string): Promise<boolean> => {
  const rows = await q
    .select({ day: insightSellerDays.day })
    .from(insightSellerDays)
    .where(eq(insightSellerDays.sellerId, sellerId))
    .orderBy(desc(insightSellerDays.day))
    .limit(1)
  return rows.length > 0
}
