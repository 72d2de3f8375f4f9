import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core'
import { at, money } from './columns.ts'

// Read models of src/insights: derived from the events, written by the
// projector in the command's own transaction (or rebuilt from the event store
// with `rebuildInsights`), never the source of truth. Days are UTC dates.
// Counters are per (party, day) so a scorecard reads O(days in the window)
// rows whatever the number of orders. Same portability rules as schema.ts.

const day = (name: string) => date(name, { mode: 'string' })
const counter = (name: string) => integer(name).notNull().default(0)
/**
 * Counters every command of a kind would bump (the marketplace's monthly
 * shipments, a category, a listing attribute) are split over
 * `COUNTER_STRIPES` rows, picked by the stream, so concurrent commands do
 * not queue on one row lock until commit. Readers sum the stripes.
 */
const stripe = () => smallint('stripe').notNull().default(0)

/** One row per order: the dimensions later facts about the order are filed under (seller, buyer, listings, dates). */
export const insightOrders = pgTable(
  'insight_orders',
  {
    orderId: uuid('order_id').primaryKey(),
    sellerId: text('seller_id').notNull(),
    buyerId: text('buyer_id').notNull(),
    purchasedAt: at('purchased_at').notNull(),
    shipBy: at('ship_by').notNull(),
    estimatedDeliveryAt: at('estimated_delivery_at').notNull(),
    currency: text('currency').notNull(),
    total: money('total').notNull(),
    /** The first line's category: what the order is filed under in category views. */
    category: text('category').notNull(),
    /** `[{ lineId, listingId, category, title, attributes: [[name, value], …] }]`. */
    lines: jsonb('lines').notNull(),
    shippedAt: at('shipped_at'),
    deliveredAt: at('delivered_at'),
    cancelledAt: at('cancelled_at'),
    /** The latest cancellation request: who asked and why (approval events do not repeat it). */
    cancelRequestedBy: text('cancel_requested_by'),
    cancelReason: text('cancel_reason'),
    /** Line ids already counted in a not-as-described case (each line counts once). */
    nadLines: jsonb('nad_lines').notNull(),
  },
  (t) => [
    // The late-shipper view reads open orders by ship-by date; shipped and
    // cancelled orders leave the partial index, so it stays small.
    index('insight_orders_open_idx')
      .on(t.shipBy)
      .where(sql`${t.shippedAt} is null and ${t.cancelledAt} is null`),
  ],
)

/** One row per case: its dimensions, first response, escalation and decision, for facts, precedents and reuse checks. */
export const insightCases = pgTable(
  'insight_cases',
  {
    caseId: uuid('case_id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    sellerId: text('seller_id').notNull(),
    buyerId: text('buyer_id').notNull(),
    reason: text('reason').notNull(),
    /** The reason is buyer's remorse under the policy frozen on the case. */
    remorse: boolean('remorse').notNull(),
    category: text('category').notNull(),
    claimedAmount: money('claimed_amount').notNull(),
    currency: text('currency').notNull(),
    amountBand: integer('amount_band').notNull(),
    /** Distinct evidence kinds on the case (`file`, `tracking`, `measurements`, `note`). */
    evidenceKinds: jsonb('evidence_kinds').notNull(),
    openedAt: at('opened_at').notNull(),
    respondBy: at('respond_by').notNull(),
    respondedAt: at('responded_at'),
    /** The first response (or its absence) was counted in the response metric. */
    responseCounted: boolean('response_counted').notNull(),
    escalatedAt: at('escalated_at'),
    decidedAt: at('decided_at'),
    /** The standing decision (the appeal's once decided). */
    outcome: text('outcome'),
    fault: text('fault'),
    funding: text('funding'),
    rationale: text('rationale'),
    refunded: money('refunded').notNull(),
    closedAt: at('closed_at'),
    closeReason: text('close_reason'),
    countsAgainstSeller: boolean('counts_against_seller'),
    reputationReason: text('reputation_reason'),
  },
  (t) => [
    index('insight_cases_decided_reason_idx')
      .on(t.reason, t.closedAt)
      .where(sql`${t.outcome} is not null and ${t.closedAt} is not null`),
    index('insight_cases_decided_category_idx')
      .on(t.category, t.closedAt)
      .where(sql`${t.outcome} is not null and ${t.closedAt} is not null`),
  ],
)

/** Per seller and day: the counters every scorecard metric is a ratio of. */
export const insightSellerDays = pgTable(
  'insight_seller_days',
  {
    sellerId: text('seller_id').notNull(),
    day: day('day').notNull(),
    orders: counter('orders'),
    shipped: counter('shipped'),
    shippedLate: counter('shipped_late'),
    shippedValidTracking: counter('shipped_valid_tracking'),
    delivered: counter('delivered'),
    deliveredOnTime: counter('delivered_on_time'),
    cancellations: counter('cancellations'),
    cancellationsSellerFault: counter('cancellations_seller_fault'),
    casesOpened: counter('cases_opened'),
    casesClosed: counter('cases_closed'),
    casesCounting: counter('cases_counting'),
    casesEscalatedClosed: counter('cases_escalated_closed'),
    casesLostAfterEscalation: counter('cases_lost_after_escalation'),
    responses: counter('responses'),
    responsesOnTime: counter('responses_on_time'),
    responsesMissed: counter('responses_missed'),
    responseMinutes: bigint('response_minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.day] })],
)

/**
 * Per seller and calendar month: shipments and late ones, for the
 * late-shipper view, which needs every active seller's recent history at
 * once (4 rows a seller instead of 90). Seller `*` is the whole marketplace,
 * its rows striped (a reader sums them).
 */
export const insightSellerMonths = pgTable(
  'insight_seller_months',
  {
    sellerId: text('seller_id').notNull(),
    month: day('month').notNull(),
    /** 0 for a seller; the marketplace's rows are striped. */
    stripe: stripe(),
    shipped: counter('shipped'),
    shippedLate: counter('shipped_late'),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.month, t.stripe] })],
)

/** Per seller, day, metric and reason: how many facts counted or were excluded, so exclusions read O(days) too. */
export const insightSellerReasonDays = pgTable(
  'insight_seller_reason_days',
  {
    sellerId: text('seller_id').notNull(),
    day: day('day').notNull(),
    metric: text('metric').notNull(),
    counted: boolean('counted').notNull(),
    reason: text('reason').notNull(),
    facts: counter('facts'),
  },
  (t) => [primaryKey({ columns: [t.sellerId, t.day, t.metric, t.counted, t.reason] })],
)

/** Per buyer and day: orders, cancellations, cases by outcome, returns. */
export const insightBuyerDays = pgTable(
  'insight_buyer_days',
  {
    buyerId: text('buyer_id').notNull(),
    day: day('day').notNull(),
    orders: counter('orders'),
    cancelRequests: counter('cancel_requests'),
    cancellations: counter('cancellations'),
    casesOpened: counter('cases_opened'),
    casesRemorse: counter('cases_remorse'),
    casesGranted: counter('cases_granted'),
    casesDenied: counter('cases_denied'),
    casesSettled: counter('cases_settled'),
    casesWithdrawn: counter('cases_withdrawn'),
    casesAbandoned: counter('cases_abandoned'),
    returns: counter('returns'),
    returnsNotShipped: counter('returns_not_shipped'),
    /**
     * On a day with an "event" (a cancellation, case, denied case, return or
     * unshipped return): the latest day on which an event of a kind this day
     * has happened before — this day itself when it had two of one kind;
     * null when each kind is the buyer's first. A window holds two events of
     * one kind exactly when a row up to its end points into it, and every
     * return-abuse signal needs two of one kind (at the default thresholds),
     * so that view finds its candidates by an index range instead of grouping
     * every active buyer-day. Kept by `refreshPreviousEventDays` in the same
     * transaction as the counters.
     */
    previousEventDay: day('previous_event_day'),
  },
  (t) => [
    primaryKey({ columns: [t.buyerId, t.day] }),
    index('insight_buyer_days_previous_event_idx')
      .on(t.previousEventDay, t.day, t.buyerId)
      .where(sql`${t.previousEventDay} is not null`),
    // The return-abuse view then sums each candidate's window: with the
    // counters it reads in the key, that is an index-only range per buyer
    // instead of a heap page per buyer-day (1.0 s → 0.45–0.7 s at 10M orders
    // under load, docs/insights.md). Drizzle has no INCLUDE, hence key columns.
    index('insight_buyer_days_window_idx').on(
      t.buyerId,
      t.day,
      t.orders,
      t.cancellations,
      t.casesOpened,
      t.casesDenied,
      t.returns,
      t.returnsNotShipped,
    ),
    // The return-abuse view starts from buyers who did something besides buying.
    // All the columns it reads are in the index, so it is an index-only scan.
    index('insight_buyer_days_active_idx')
      .on(
        t.day,
        t.buyerId,
        t.cancellations,
        t.casesOpened,
        t.casesDenied,
        t.returns,
        t.returnsNotShipped,
      )
      .where(
        sql`${t.cancellations} + ${t.casesOpened} + ${t.casesDenied} + ${t.returns} + ${t.returnsNotShipped} > 0`,
      ),
  ],
)

/**
 * Per listing, all time: orders and cases, with the Wilson lower bound of the
 * not-as-described rate kept current on every write, so the top-N is an index scan.
 */
export const insightListings = pgTable(
  'insight_listings',
  {
    listingId: text('listing_id').primaryKey(),
    sellerId: text('seller_id').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    orders: counter('orders'),
    cases: counter('cases'),
    nad: counter('nad'),
    returns: counter('returns'),
    nadWilson: doublePrecision('nad_wilson').notNull().default(0),
  },
  (t) => [index('insight_listings_nad_wilson_idx').on(t.nadWilson)],
)

/** Per category, all time, striped: a reader sums the stripes. */
export const insightCategories = pgTable(
  'insight_categories',
  {
    category: text('category').notNull(),
    stripe: stripe(),
    orders: counter('orders'),
    cases: counter('cases'),
    nad: counter('nad'),
    returns: counter('returns'),
  },
  (t) => [primaryKey({ columns: [t.category, t.stripe] })],
)

/** Per category and listing attribute value (`measurements=absent`, `photos=3`): orders and not-as-described cases. */
export const insightListingAttributes = pgTable(
  'insight_listing_attributes',
  {
    category: text('category').notNull(),
    attribute: text('attribute').notNull(),
    value: text('value').notNull(),
    stripe: stripe(),
    orders: counter('orders'),
    nad: counter('nad'),
  },
  (t) => [primaryKey({ columns: [t.category, t.attribute, t.value, t.stripe] })],
)

/**
 * The facts behind the numbers: each late shipment, counted or excluded case,
 * cancellation, late response, buyer claim or return, with its reason, so
 * every figure links to the orders and cases behind it.
 */
export const insightFacts = pgTable(
  'insight_facts',
  {
    id: uuid('id').primaryKey(),
    metric: text('metric').notNull(),
    sellerId: text('seller_id').notNull(),
    buyerId: text('buyer_id').notNull(),
    day: day('day').notNull(),
    at: at('at').notNull(),
    orderId: uuid('order_id').notNull(),
    caseId: uuid('case_id'),
    cancellationId: uuid('cancellation_id'),
    /** Counts in the metric; `false`: excluded, and `reason` says why. */
    counted: boolean('counted').notNull(),
    reason: text('reason').notNull(),
    detail: text('detail'),
  },
  (t) => [
    index('insight_facts_seller_idx').on(t.sellerId, t.metric, t.counted, t.day),
    index('insight_facts_buyer_idx').on(t.buyerId, t.metric, t.day),
  ],
)

/** Every evidence file on every case by content hash: the same bytes on two cases is a flag for agents. */
export const insightEvidence = pgTable(
  'insight_evidence',
  {
    sha256: text('sha256').notNull(),
    caseId: uuid('case_id').notNull(),
    addedByRole: text('added_by_role').notNull(),
    addedById: text('added_by_id').notNull(),
    at: at('at').notNull(),
    /** The file's perceptual hash (`files.perceptual_hash`), when it is a JPEG or PNG. */
    perceptualHash: text('perceptual_hash'),
  },
  (t) => [
    primaryKey({ columns: [t.sha256, t.caseId] }),
    index('insight_evidence_case_idx').on(t.caseId),
    index('insight_evidence_party_idx').on(t.addedById),
    index('insight_evidence_hashed_idx')
      .on(t.at)
      .where(sql`${t.perceptualHash} is not null`),
    // Near-duplicate lookup: two hashes at most 7 bits apart agree on at least
    // one of their eight bytes (pigeonhole), so one index per byte finds every
    // candidate without comparing against all evidence.
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) =>
      index(`insight_evidence_phash_${k}_idx`).on(
        sql`substr(${t.perceptualHash}, ${sql.raw(String(1 + 2 * k))}, 2)`,
      ),
    ),
  ],
)

/** Per content hash: on how many cases it appears (kept with `insight_evidence`). */
export const insightEvidenceHashes = pgTable(
  'insight_evidence_hashes',
  {
    sha256: text('sha256').primaryKey(),
    cases: counter('cases'),
    lastAt: at('last_at').notNull(),
  },
  (t) => [
    index('insight_evidence_hashes_reused_idx')
      .on(t.lastAt)
      .where(sql`${t.cases} > 1`),
  ],
)

/**
 * Near-duplicate images across cases, both ways round: evidence file
 * `sha256` on `case_id` looks like `other_sha256` on `other_case_id` (a
 * different file, perceptual hashes at most `NEAR_DUPLICATE_MAX_DISTANCE`
 * bits apart). Found when the evidence arrives (src/insights/near-duplicates.ts,
 * through the byte indexes of `insight_evidence`), so the buyer's
 * `evidence_reused` signal and the return-abuse view read a small table
 * instead of comparing every image with every other.
 */
export const insightEvidenceNear = pgTable(
  'insight_evidence_near',
  {
    sha256: text('sha256').notNull(),
    caseId: uuid('case_id').notNull(),
    addedByRole: text('added_by_role').notNull(),
    addedById: text('added_by_id').notNull(),
    otherSha256: text('other_sha256').notNull(),
    otherCaseId: uuid('other_case_id').notNull(),
    /** Bits of 64 the two perceptual hashes differ in. */
    distance: integer('distance').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sha256, t.caseId, t.otherSha256, t.otherCaseId] }),
    index('insight_evidence_near_party_idx').on(t.addedById),
  ],
)
