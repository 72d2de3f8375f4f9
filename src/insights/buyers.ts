import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { canFileAbuseAppeal } from '../domain/abuse-appeal/actions.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { asId, type AbuseAppealId } from '../domain/shared/ids.ts'
import type { Queryable } from '../store/database.ts'
import { queryRows } from '../store/database.ts'
import { abuseAppealStandings } from '../store/schema.ts'
import {
  insightBuyerDays,
  insightEvidence,
  insightEvidenceHashes,
  insightEvidenceNear,
  insightFacts,
} from '../store/schema-insights.ts'
import {
  appealSummary,
  applyClearances,
  standingOf,
  toStanding,
  type AppealStanding,
  type AppealSummary,
  type Clearance,
  type Reflagged,
} from './appeal-standing.ts'
import type { BuyerCounts } from './projection.ts'
import { buyerCounters, zeroCounts } from './projection.ts'
import type { FactLink } from './scorecard.ts'
import { toLink } from './scorecard.ts'
import { textArray } from './risk.ts'
import { buyerDayEventsSql } from './store.ts'
import type { Day } from './vocabulary.ts'

/**
 * The buyer record and the serial returner / claim abuse signals. Signals
 * are advisory: agents see them beside the case, the buyer sees its own
 * record with the same reason codes, and no rule acts on them by itself. A
 * buyer who disagrees appeals them (`POST /v1/buyers/{id}/abuse-appeals`,
 * src/domain/abuse-appeal): the signals raised then are kept with the
 * appeal, an agent clears or upholds it with a rationale, and a cleared
 * signal leaves the record and the return-abuse view until its value rises
 * above the one cleared (`applyClearances`, src/insights/appeal-standing.ts).
 */

/** When a buyer's record raises a signal. Every threshold is a query parameter of `/v1/insights/return-abuse`. */
export interface AbuseThresholds {
  /** Rate signals need at least this many orders in the window. @default 3 */
  readonly minOrders: number
  /** …and at least this many of the events they count (2 returns, 2 claims): one is never a pattern. @default 2 */
  readonly minEvents: number
  /** Returns required of the buyer, per order, above this. @default 0.3 */
  readonly maxReturnRate: number
  /** Cases opened, per order, above this. @default 0.3 */
  readonly maxClaimRate: number
  /** Buyer-requested cancellations, per order, above this. @default 0.4 */
  readonly maxCancellationRate: number
  /** Cases decided for the seller: this many or more. @default 2 */
  readonly deniedClaimsAtLeast: number
  /** Returns the buyer was granted but never shipped: this many or more. @default 2 */
  readonly returnsNotShippedAtLeast: number
  /**
   * Evidence files the buyer attached that also appear on another case, as
   * the same bytes or as a near-duplicate image (perceptual hashes at most
   * `NEAR_DUPLICATE_MAX_DISTANCE` bits apart): this many or more. @default 1
   */
  readonly reusedEvidenceAtLeast: number
}

export const defaultAbuseThresholds: AbuseThresholds = {
  minOrders: 3,
  minEvents: 2,
  maxReturnRate: 0.3,
  maxClaimRate: 0.3,
  maxCancellationRate: 0.4,
  deniedClaimsAtLeast: 2,
  returnsNotShippedAtLeast: 2,
  reusedEvidenceAtLeast: 1,
}

export type SignalCode =
  | 'high_return_rate'
  | 'high_claim_rate'
  | 'frequent_cancellations'
  | 'claims_denied'
  | 'returns_not_shipped'
  | 'evidence_reused'

export interface Signal {
  readonly code: SignalCode
  readonly text: string
  readonly value: number
  readonly threshold: number
  /** Set when an appeal had cleared this signal and the value has since risen above the cleared one. */
  readonly reflagged?: Reflagged
}

/** A signal the numbers raise that an appeal cleared, its value still at or below the cleared one. */
export type ClearedSignal = Signal & { readonly clearedOnAppeal: Clearance }

/** Evidence the buyer attached that is also on another case: files in all, and of those, near-duplicate images. */
export interface ReusedCount {
  readonly files: number
  readonly nearDuplicates: number
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`

/** Which signals a buyer's window totals raise, with the numbers behind each. */
export const abuseSignals = (
  t: BuyerCounts,
  reused: ReusedCount,
  th: AbuseThresholds = defaultAbuseThresholds,
): Signal[] => {
  const reusedFiles = reused.files
  const signals: Signal[] = []
  if (t.orders >= th.minOrders) {
    const returnRate = t.returns / t.orders
    if (t.returns >= th.minEvents && returnRate > th.maxReturnRate)
      signals.push({
        code: 'high_return_rate',
        text: `${t.returns} returns on ${t.orders} orders (${pct(returnRate)}, limit ${pct(th.maxReturnRate)}).`,
        value: returnRate,
        threshold: th.maxReturnRate,
      })
    const claimRate = t.casesOpened / t.orders
    if (t.casesOpened >= th.minEvents && claimRate > th.maxClaimRate)
      signals.push({
        code: 'high_claim_rate',
        text: `${t.casesOpened} cases on ${t.orders} orders (${pct(claimRate)}, limit ${pct(th.maxClaimRate)}).`,
        value: claimRate,
        threshold: th.maxClaimRate,
      })
    const cancelRate = t.cancellations / t.orders
    if (t.cancellations >= th.minEvents && cancelRate > th.maxCancellationRate)
      signals.push({
        code: 'frequent_cancellations',
        text: `${t.cancellations} cancellations on ${t.orders} orders (${pct(cancelRate)}, limit ${pct(th.maxCancellationRate)}).`,
        value: cancelRate,
        threshold: th.maxCancellationRate,
      })
  }
  if (t.casesDenied >= th.deniedClaimsAtLeast)
    signals.push({
      code: 'claims_denied',
      text: `${t.casesDenied} cases were decided for the seller.`,
      value: t.casesDenied,
      threshold: th.deniedClaimsAtLeast,
    })
  if (t.returnsNotShipped >= th.returnsNotShippedAtLeast)
    signals.push({
      code: 'returns_not_shipped',
      text: `${t.returnsNotShipped} granted returns were never shipped back.`,
      value: t.returnsNotShipped,
      threshold: th.returnsNotShippedAtLeast,
    })
  if (reusedFiles >= th.reusedEvidenceAtLeast)
    signals.push({
      code: 'evidence_reused',
      text: `${reusedFiles} evidence file${reusedFiles === 1 ? '' : 's'} also appear${reusedFiles === 1 ? 's' : ''} on another case${reused.nearDuplicates > 0 ? ` (${reused.nearDuplicates} as a near-duplicate image)` : ''}.`,
      value: reusedFiles,
      threshold: th.reusedEvidenceAtLeast,
    })
  return signals
}

export interface BuyerRecord {
  readonly buyerId: string
  readonly window: { readonly from: Day; readonly to: Day; readonly days: number }
  readonly orders: number
  readonly cancellations: {
    readonly requested: number
    readonly approved: number
    readonly rate: number | null
  }
  readonly cases: {
    readonly opened: number
    readonly remorse: number
    readonly rate: number | null
    readonly outcomes: {
      readonly granted: number
      readonly denied: number
      readonly settled: number
      readonly withdrawn: number
      readonly abandoned: number
    }
  }
  readonly returns: {
    readonly required: number
    readonly notShipped: number
    readonly rate: number | null
  }
  readonly reusedEvidence: ReusedEvidence
  /** The signals that flag the buyer now. */
  readonly signals: readonly Signal[]
  /** Signals the numbers raise that an appeal cleared (not counted as flags). */
  readonly cleared: readonly ClearedSignal[]
  /** The buyer's latest abuse appeal, if any. */
  readonly appeal: AppealSummary | null
  readonly thresholds: AbuseThresholds
  /** The newest facts behind the numbers (cancellations, cases with outcomes, returns). */
  readonly recent: readonly FactLink[]
  /** What a buyer who disagrees can do. */
  readonly contest: string
  /** `file_abuse_appeal` when the caller is this buyer, a signal is raised and no appeal is open. */
  readonly availableActions: readonly { readonly action: 'file_abuse_appeal' }[]
}

export interface ReusedEvidence extends ReusedCount {
  readonly otherCases: readonly string[]
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d)

export const CONTEST_TEXT =
  'Signals are advisory and never act on their own. If one is wrong, appeal it with a statement: an agent reviews the linked cases and clears or upholds it, with a reason. A cleared signal stays off your record until your numbers get worse than they were.'

/** The signals the numbers raise, split by the buyer's appeals into those that flag and those cleared. */
export const signalsWithAppeals = (
  t: BuyerCounts,
  reused: ReusedCount,
  standing: AppealStanding | null,
  thresholds: AbuseThresholds = defaultAbuseThresholds,
): { signals: Signal[]; cleared: ClearedSignal[] } => {
  const { raised, cleared } = applyClearances(abuseSignals(t, reused, thresholds), standing)
  return { signals: raised, cleared }
}

export const buildBuyerRecord = (
  buyerId: string,
  window: BuyerRecord['window'],
  t: BuyerCounts,
  reused: ReusedEvidence,
  recent: readonly FactLink[],
  thresholds: AbuseThresholds = defaultAbuseThresholds,
  standing: AppealStanding | null = null,
  actor?: Actor,
): BuyerRecord => {
  const { signals, cleared } = signalsWithAppeals(t, reused, standing, thresholds)
  const openAppealId = standing?.status === 'open' ? asId<AbuseAppealId>(standing.appealId) : null
  return {
    buyerId,
    window,
    orders: t.orders,
    cancellations: {
      requested: t.cancelRequests,
      approved: t.cancellations,
      rate: ratio(t.cancellations, t.orders),
    },
    cases: {
      opened: t.casesOpened,
      remorse: t.casesRemorse,
      rate: ratio(t.casesOpened, t.orders),
      outcomes: {
        granted: t.casesGranted,
        denied: t.casesDenied,
        settled: t.casesSettled,
        withdrawn: t.casesWithdrawn,
        abandoned: t.casesAbandoned,
      },
    },
    returns: {
      required: t.returns,
      notShipped: t.returnsNotShipped,
      rate: ratio(t.returns, t.orders),
    },
    reusedEvidence: reused,
    signals,
    cleared,
    appeal: appealSummary(standing),
    thresholds,
    recent,
    contest: CONTEST_TEXT,
    availableActions:
      actor !== undefined && canFileAbuseAppeal(actor, buyerId, signals.length, openAppealId)
        ? [{ action: 'file_abuse_appeal' }]
        : [],
  }
}

const sumFields = (): Record<string, SQL<string>> => {
  const fields: Record<string, SQL<string>> = {}
  for (const c of buyerCounters) fields[c] = sql<string>`coalesce(sum(${insightBuyerDays[c]}), 0)`
  return fields
}

const toCounts = (row: Record<string, unknown> | undefined): BuyerCounts => {
  const t = zeroCounts(buyerCounters)
  for (const c of buyerCounters) t[c] = Number(row?.[c] ?? 0)
  return t
}

export const buyerTotals = async (
  q: Queryable,
  buyerId: string,
  from: Day,
  to: Day,
): Promise<BuyerCounts> => {
  const t = insightBuyerDays
  const rows = await q
    .select(sumFields())
    .from(t)
    .where(and(eq(t.buyerId, buyerId), gte(t.day, from), lte(t.day, to)))
  return toCounts(rows[0])
}

/**
 * Evidence files this party attached that also sit on another case — the
 * same bytes, or a near-duplicate image (`insight_evidence_near`) — and
 * those other cases.
 */
export const reusedEvidenceOf = async (
  q: Queryable,
  partyId: string,
): Promise<{ files: number; nearDuplicates: number; otherCases: string[] }> => {
  const rows = await queryRows<{ sha256: string; other_case: string; near: boolean }>(
    q,
    sql`(select distinct mine.sha256, other.case_id as other_case, false as near
         from ${insightEvidence} mine
         join ${insightEvidenceHashes} h on h.sha256 = mine.sha256 and h.cases > 1
         join ${insightEvidence} other on other.sha256 = mine.sha256 and other.case_id <> mine.case_id
         where mine.added_by_id = ${partyId}
         limit 200)
        union
        (select distinct sha256, other_case_id as other_case, true as near
         from ${insightEvidenceNear}
         where added_by_id = ${partyId}
         limit 200)`,
  )
  return {
    files: new Set(rows.map((r) => r.sha256)).size,
    nearDuplicates: new Set(rows.filter((r) => r.near).map((r) => r.sha256)).size,
    otherCases: [...new Set(rows.map((r) => r.other_case))].sort(),
  }
}

/**
 * The signals a buyer's record raises now over `window`, less those an
 * appeal cleared: what `FileAbuseAppeal` snapshots, and the same split the
 * record shows.
 */
export const buyerSignals = async (
  q: Queryable,
  buyerId: string,
  window: { from: Day; to: Day },
  thresholds: AbuseThresholds = defaultAbuseThresholds,
): Promise<{ signals: Signal[]; cleared: ClearedSignal[]; standing: AppealStanding | null }> => {
  // One after another: inside a command's transaction there is one connection.
  const totals = await buyerTotals(q, buyerId, window.from, window.to)
  const reused = await reusedEvidenceOf(q, buyerId)
  const standing = await standingOf(q, buyerId)
  return { ...signalsWithAppeals(totals, reused, standing, thresholds), standing }
}

const buyerFactMetrics = [
  'buyer_cancellation',
  'buyer_case',
  'buyer_return',
  'buyer_return_not_shipped',
]

export const buyerRecord = async (
  q: Queryable,
  buyerId: string,
  window: BuyerRecord['window'],
  options: { links?: number; thresholds?: AbuseThresholds; actor?: Actor } = {},
): Promise<BuyerRecord> => {
  const [totals, reused, standing, facts] = await Promise.all([
    buyerTotals(q, buyerId, window.from, window.to),
    reusedEvidenceOf(q, buyerId),
    standingOf(q, buyerId),
    q
      .select()
      .from(insightFacts)
      .where(
        and(
          eq(insightFacts.buyerId, buyerId),
          inArray(insightFacts.metric, buyerFactMetrics),
          gte(insightFacts.day, window.from),
          lte(insightFacts.day, window.to),
        ),
      )
      .orderBy(desc(insightFacts.day), desc(insightFacts.at))
      .limit(options.links ?? 20),
  ])
  return buildBuyerRecord(
    buyerId,
    window,
    totals,
    reused,
    facts.map(toLink),
    options.thresholds ?? defaultAbuseThresholds,
    standing,
    options.actor,
  )
}

export const buyerKnown = async (q: Queryable, buyerId: string): Promise<boolean> => {
  const rows = await q
    .select({ day: insightBuyerDays.day })
    .from(insightBuyerDays)
    .where(eq(insightBuyerDays.buyerId, buyerId))
    .limit(1)
  return rows.length > 0
}

export interface AbuseItem {
  readonly buyerId: string
  readonly orders: number
  readonly casesOpened: number
  readonly returns: number
  readonly cancellations: number
  readonly signals: readonly Signal[]
  /** Signals an appeal cleared whose value has not risen since (they no longer flag). */
  readonly cleared: readonly ClearedSignal[]
  /** The buyer's latest abuse appeal, if any: `open` ones wait in the agents' appeal queue. */
  readonly appeal: AppealSummary | null
}

/** A row of the return-abuse query: the window sums and the buyer's appeal standing (null when it never appealed). */
type AbuseRow = Record<string, unknown> & {
  buyer_id: string
  appealId: string | null
  appealStatus: string | null
  appealFiledAt: string | null
  appealDecidedAt: string | null
  appealDecidedByRole: string | null
  appealDecidedById: string | null
  appealRationale: string | null
  appealCleared: unknown
}

const standingOfRow = (r: AbuseRow): AppealStanding | null =>
  r.appealId === null || r.appealStatus === null || r.appealFiledAt === null
    ? null
    : toStanding({
        appealId: r.appealId,
        status: r.appealStatus,
        filedAt: r.appealFiledAt,
        decidedAt: r.appealDecidedAt,
        decidedByRole: r.appealDecidedByRole,
        decidedById: r.appealDecidedById,
        rationale: r.appealRationale,
        cleared: r.appealCleared,
      })

/**
 * Buyers whose window raises at least one signal, most signals first. Starts
 * from the buyers with two or more events in the window (found through
 * `previous_event_day`, see the schema) or, under thresholds a single event
 * can meet, from every buyer-day with one (a partial index); then sums those
 * buyers' whole window. Evidence reuse comes from the hashes seen on more
 * than one case and the near-duplicate pairs (`insight_evidence_near`).
 * Each flagged buyer's appeal standing comes with it (a primary-key join to
 * `abuse_appeal_standings`, a row per buyer who ever appealed); signals a
 * cleared appeal covers drop out, and a buyer left with none is not listed.
 */
export const returnAbuse = async (
  q: Queryable,
  window: { from: Day; to: Day },
  thresholds: AbuseThresholds,
  limit: number,
): Promise<AbuseItem[]> => {
  const t = insightBuyerDays
  // Exact reuse (hashes on two or more cases, a partial index) and the
  // near-duplicate pairs, both small: counted per buyer, a file once.
  const reused = await queryRows<{ party: string; files: number; near: number }>(
    q,
    sql`select party, count(distinct sha256)::int as files,
               count(distinct sha256) filter (where near)::int as near
        from (select e.added_by_id as party, e.sha256, false as near
              from ${insightEvidenceHashes} h
              join ${insightEvidence} e on e.sha256 = h.sha256
              where h.cases > 1 and e.added_by_role = 'buyer'
              union
              select added_by_id, sha256, true from ${insightEvidenceNear}
              where added_by_role = 'buyer') r
        group by party
        having count(distinct sha256) >= ${thresholds.reusedEvidenceAtLeast}`,
  )
  const reusedBy = new Map(
    reused.map((r) => [r.party, { files: Number(r.files), nearDuplicates: Number(r.near) }]),
  )
  const th = thresholds
  // The thresholds are applied in SQL (a rate above r means a count above r × orders),
  // so only flagged buyers leave the database; abuseSignals then words them.
  const reusedBuyers = textArray([...reusedBy.keys()])
  // Every count signal needs two or more events, so when no threshold is
  // below 2 the candidates are the buyers with a row pointing into the window
  // (`previous_event_day`, an index range over a few rows per candidate);
  // otherwise one event can flag a buyer, and every buyer-day with one is read.
  const pairsSuffice =
    th.minEvents >= 2 && th.deniedClaimsAtLeast >= 2 && th.returnsNotShippedAtLeast >= 2
  const candidates = pairsSuffice
    ? sql`select buyer_id from ${t}
          where previous_event_day >= ${window.from} and previous_event_day <= ${window.to}
            and day <= ${window.to}
          union
          select unnest(${reusedBuyers}::text[])`
    : sql`select buyer_id from ${t}
          where day >= ${window.from} and day <= ${window.to} and ${buyerDayEventsSql} > 0
          group by buyer_id
          having sum(cases_opened) >= ${th.minEvents} or sum(returns) >= ${th.minEvents}
            or sum(cancellations) >= ${th.minEvents}
            or sum(cases_denied) >= ${th.deniedClaimsAtLeast}
            or sum(returns_not_shipped) >= ${th.returnsNotShippedAtLeast}
          union
          select unnest(${reusedBuyers}::text[])`
  // The thresholds are applied in SQL (a rate above r means a count above r × orders),
  // so only flagged buyers leave the database; abuseSignals then words them.
  const rows = await queryRows<AbuseRow>(
    q,
    sql`with candidates as (${candidates}), sums as (
          -- One primary-key range (buyer, day) per candidate.
          select c.buyer_id, w.* from candidates c cross join lateral (
            select ${sql.join(
              buyerCounters.map(
                (c) =>
                  sql`coalesce(sum(d.${sql.identifier(t[c].name)}), 0)::int as ${sql.identifier(c)}`,
              ),
              sql`, `,
            )}
            from ${t} d
            where d.buyer_id = c.buyer_id and d.day >= ${window.from} and d.day <= ${window.to}
          ) w
        )
        select s.*, a.appeal_id as "appealId", a.status as "appealStatus",
               a.filed_at as "appealFiledAt", a.decided_at as "appealDecidedAt",
               a.decided_by_role as "appealDecidedByRole", a.decided_by_id as "appealDecidedById",
               a.rationale as "appealRationale", a.cleared as "appealCleared"
        from sums s
        -- The few flagged buyers probe a small table by primary key.
        left join ${abuseAppealStandings} a on a.buyer_id = s.buyer_id
        where (s."orders" >= ${th.minOrders} and (
                (s."returns" >= ${th.minEvents} and s."returns" > ${th.maxReturnRate}::float8 * s."orders")
                or (s."casesOpened" >= ${th.minEvents} and s."casesOpened" > ${th.maxClaimRate}::float8 * s."orders")
                or (s."cancellations" >= ${th.minEvents}
                    and s."cancellations" > ${th.maxCancellationRate}::float8 * s."orders")))
          or s."casesDenied" >= ${th.deniedClaimsAtLeast}
          or s."returnsNotShipped" >= ${th.returnsNotShippedAtLeast}
          or s.buyer_id = any(${reusedBuyers}::text[])`,
  )
  const items: AbuseItem[] = []
  for (const r of rows) {
    const totals = toCounts(r)
    const standing = standingOfRow(r)
    const { signals, cleared } = signalsWithAppeals(
      totals,
      reusedBy.get(r.buyer_id) ?? { files: 0, nearDuplicates: 0 },
      standing,
      thresholds,
    )
    if (signals.length === 0) continue
    items.push({
      buyerId: r.buyer_id,
      orders: totals.orders,
      casesOpened: totals.casesOpened,
      returns: totals.returns,
      cancellations: totals.cancellations,
      signals,
      cleared,
      appeal: appealSummary(standing),
    })
  }
  return items
    .sort(
      (a, b) =>
        b.signals.length - a.signals.length ||
        b.casesOpened + b.returns - (a.casesOpened + a.returns) ||
        a.buyerId.localeCompare(b.buyerId),
    )
    .slice(0, limit)
}
