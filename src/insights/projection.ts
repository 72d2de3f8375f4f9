import type { CancellationEvent } from '../domain/cancellation/events.ts'
import type { CaseEvent } from '../domain/case/events.ts'
import type { EvidenceRef } from '../domain/case/vocabulary.ts'
import type { OrderEvent } from '../domain/order/events.ts'
import { toMillis, type Instant } from '../policy/time.ts'
import type { BuyerCaseOutcome, Day, FactMetric } from './vocabulary.ts'
import {
  amountBand,
  dayOf,
  isNotAsDescribed,
  listingAttributes,
  trackingLooksValid,
} from './vocabulary.ts'

/**
 * The insights projector, pure: a command's new events (and the projector's
 * own rows for the order and case they concern) in, the rollup increments,
 * rows and facts to write out. `store.ts` applies them in the command's
 * transaction; `memory.ts` applies them to maps (simulation, property tests).
 * Counters are filed under the UTC day the fact happened on: orders on the
 * purchase day, shipments on the ship day, cases on the day they close (only
 * then is it known whether they count against the seller).
 */

export const sellerCounters = [
  'orders',
  'shipped',
  'shippedLate',
  'shippedValidTracking',
  'delivered',
  'deliveredOnTime',
  'cancellations',
  'cancellationsSellerFault',
  'casesOpened',
  'casesClosed',
  'casesCounting',
  'casesEscalatedClosed',
  'casesLostAfterEscalation',
  'responses',
  'responsesOnTime',
  'responsesMissed',
  'responseMinutes',
] as const
export type SellerCounter = (typeof sellerCounters)[number]
export type SellerCounts = Record<SellerCounter, number>

export const buyerCounters = [
  'orders',
  'cancelRequests',
  'cancellations',
  'casesOpened',
  'casesRemorse',
  'casesGranted',
  'casesDenied',
  'casesSettled',
  'casesWithdrawn',
  'casesAbandoned',
  'returns',
  'returnsNotShipped',
] as const
export type BuyerCounter = (typeof buyerCounters)[number]
export type BuyerCounts = Record<BuyerCounter, number>

export const listingCounters = ['orders', 'cases', 'nad', 'returns'] as const
export type ListingCounter = (typeof listingCounters)[number]
export type ListingCounts = Record<ListingCounter, number>

export const zeroCounts = <K extends string>(names: readonly K[]): Record<K, number> =>
  Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>

/** One order line as insights file it: the listing it sold and the attributes that listing showed. */
export interface OrderLineFacts {
  readonly lineId: string
  readonly listingId: string
  readonly category: string
  readonly title: string
  readonly attributes: readonly (readonly [string, string])[]
}

export interface OrderRow {
  readonly orderId: string
  readonly sellerId: string
  readonly buyerId: string
  readonly purchasedAt: string
  readonly shipBy: string
  readonly estimatedDeliveryAt: string
  readonly currency: string
  readonly total: number
  readonly category: string
  readonly lines: readonly OrderLineFacts[]
  readonly shippedAt: string | null
  readonly deliveredAt: string | null
  readonly cancelledAt: string | null
  readonly cancelRequestedBy: string | null
  readonly cancelReason: string | null
  readonly nadLines: readonly string[]
}

export interface CaseRow {
  readonly caseId: string
  readonly orderId: string
  readonly sellerId: string
  readonly buyerId: string
  readonly reason: string
  readonly remorse: boolean
  readonly category: string
  readonly claimedAmount: number
  readonly currency: string
  readonly amountBand: number
  readonly evidenceKinds: readonly string[]
  readonly openedAt: string
  readonly respondBy: string
  readonly respondedAt: string | null
  readonly responseCounted: boolean
  readonly escalatedAt: string | null
  readonly decidedAt: string | null
  readonly outcome: string | null
  readonly fault: string | null
  readonly funding: string | null
  readonly rationale: string | null
  readonly refunded: number
  readonly closedAt: string | null
  readonly closeReason: string | null
  readonly countsAgainstSeller: boolean | null
  readonly reputationReason: string | null
}

/** A fact behind a number (a row of `insight_facts`, without its id). */
export interface Fact {
  readonly metric: FactMetric
  readonly sellerId: string
  readonly buyerId: string
  readonly day: Day
  readonly at: string
  readonly orderId: string
  readonly caseId: string | null
  readonly cancellationId: string | null
  readonly counted: boolean
  readonly reason: string
  readonly detail: string | null
}

export interface EvidenceFact {
  readonly sha256: string
  readonly caseId: string
  readonly addedByRole: string
  readonly addedById: string
  readonly at: string
}

/** The seller id of the marketplace as a whole in monthly shipping history. */
export const MARKETPLACE = '*'

/** Rows a marketplace-wide counter is split over (schema-insights.ts `stripe`). */
const COUNTER_STRIPES = 16

/** The stripe a stream's commands bump shared counters in: a hash of its id, so replays agree. */
const stripeOf = (streamId: string): number => {
  let h = 0
  for (let i = 0; i < streamId.length; i++) h = (h * 31 + streamId.charCodeAt(i)) | 0
  return (h >>> 0) % COUNTER_STRIPES
}

/** Facts about the seller (scorecard links); the others are about the buyer. */
export const sellerFactMetrics: ReadonlySet<FactMetric> = new Set<FactMetric>([
  'cancellation',
  'late_shipment',
  'invalid_tracking',
  'late_delivery',
  'case',
  'lost_after_escalation',
  'late_response',
])

/** What one command's events change in the read models. */
export class Effects {
  /** @param stripe the row of each marketplace-wide counter this command adds to */
  constructor(readonly stripe = 0) {}

  order: OrderRow | null = null
  caseRow: CaseRow | null = null
  readonly sellerDays = new Map<
    string,
    { sellerId: string; day: Day; counts: Partial<SellerCounts> }
  >()
  readonly sellerReasons = new Map<
    string,
    {
      sellerId: string
      day: Day
      metric: FactMetric
      counted: boolean
      reason: string
      facts: number
    }
  >()
  readonly buyerDays = new Map<
    string,
    { buyerId: string; day: Day; counts: Partial<BuyerCounts> }
  >()
  readonly sellerMonths = new Map<
    string,
    { sellerId: string; month: Day; stripe: number; shipped: number; shippedLate: number }
  >()
  readonly listings = new Map<
    string,
    { sellerId: string; category: string; title: string; counts: Partial<ListingCounts> }
  >()
  readonly categories = new Map<
    string,
    { category: string; stripe: number; counts: Partial<ListingCounts> }
  >()
  readonly attributes = new Map<
    string,
    {
      category: string
      attribute: string
      value: string
      stripe: number
      orders: number
      nad: number
    }
  >()
  readonly facts: Fact[] = []
  readonly evidence: EvidenceFact[] = []

  get empty(): boolean {
    return (
      this.order === null &&
      this.caseRow === null &&
      this.sellerDays.size === 0 &&
      this.sellerMonths.size === 0 &&
      this.buyerDays.size === 0 &&
      this.listings.size === 0 &&
      this.facts.length === 0 &&
      this.evidence.length === 0
    )
  }

  seller(sellerId: string, at: string, counts: Partial<SellerCounts>): void {
    const day = dayOf(at)
    const key = `${sellerId}\u0000${day}`
    const entry = this.sellerDays.get(key) ?? { sellerId, day, counts: {} }
    for (const [k, v] of Object.entries(counts) as [SellerCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
    }
    this.sellerDays.set(key, entry)
  }

  /** A shipment in the seller's and the marketplace's (`*`) monthly history. */
  shipment(sellerId: string, at: string, shipped: number, late: number): void {
    const month = `${dayOf(at).slice(0, 7)}-01`
    for (const id of [sellerId, MARKETPLACE]) {
      const stripe = id === MARKETPLACE ? this.stripe : 0
      const key = `${id}\u0000${month}\u0000${stripe}`
      const entry = this.sellerMonths.get(key) ?? {
        sellerId: id,
        month,
        stripe,
        shipped: 0,
        shippedLate: 0,
      }
      entry.shipped += shipped
      entry.shippedLate += late
      this.sellerMonths.set(key, entry)
    }
  }

  buyer(buyerId: string, at: string, counts: Partial<BuyerCounts>): void {
    const day = dayOf(at)
    const key = `${buyerId}\u0000${day}`
    const entry = this.buyerDays.get(key) ?? { buyerId, day, counts: {} }
    for (const [k, v] of Object.entries(counts) as [BuyerCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
    }
    this.buyerDays.set(key, entry)
  }

  listing(line: OrderLineFacts, sellerId: string, counts: Partial<ListingCounts>): void {
    const entry = this.listings.get(line.listingId) ?? {
      sellerId,
      category: line.category,
      title: line.title,
      counts: {},
    }
    const categoryKey = `${line.category}\u0000${this.stripe}`
    const category = this.categories.get(categoryKey) ?? {
      category: line.category,
      stripe: this.stripe,
      counts: {},
    }
    for (const [k, v] of Object.entries(counts) as [ListingCounter, number][]) {
      entry.counts[k] = (entry.counts[k] ?? 0) + v
      category.counts[k] = (category.counts[k] ?? 0) + v
    }
    this.listings.set(line.listingId, entry)
    this.categories.set(categoryKey, category)
  }

  attribute(category: string, attribute: string, value: string, orders: number, nad: number): void {
    const key = `${category}\u0000${attribute}\u0000${value}\u0000${this.stripe}`
    const entry = this.attributes.get(key) ?? {
      category,
      attribute,
      value,
      stripe: this.stripe,
      orders: 0,
      nad: 0,
    }
    entry.orders += orders
    entry.nad += nad
    this.attributes.set(key, entry)
  }

  fact(f: Omit<Fact, 'day' | 'detail' | 'caseId' | 'cancellationId'> & Partial<Fact>): void {
    const fact: Fact = {
      caseId: null,
      cancellationId: null,
      detail: null,
      ...f,
      day: dayOf(f.at),
    }
    this.facts.push(fact)
    if (!sellerFactMetrics.has(fact.metric)) return
    const key = [fact.sellerId, fact.day, fact.metric, String(fact.counted), fact.reason].join(
      '\u0000',
    )
    const entry = this.sellerReasons.get(key) ?? {
      sellerId: fact.sellerId,
      day: fact.day,
      metric: fact.metric,
      counted: fact.counted,
      reason: fact.reason,
      facts: 0,
    }
    entry.facts += 1
    this.sellerReasons.set(key, entry)
  }
}

export interface ProjectionInput {
  readonly streamType: string
  readonly streamId: string
  readonly events: readonly { readonly type: string; readonly data: unknown }[]
  /** The projector's row for the order concerned (for a new order: null). */
  readonly order: OrderRow | null
  /** The projector's row for the case (case streams only; for a new case: null). */
  readonly caseRow: CaseRow | null
}

/**
 * Events that change no insights read model. A command made only of these
 * (a reminder, an offer declined, a message) skips the projector and the
 * row reads it would need: the scheduler fires many of them.
 */
export const inertEvents: ReadonlySet<string> = new Set([
  'OrderAccepted',
  'ShipByReminderDue',
  'BuyerCancelRightOpened',
  'OrderCaseOpened',
  'OrderCaseClosed',
  'CancellationDeclined',
  'CancellationWithdrawn',
  'OfferAccepted',
  'OfferDeclined',
  'OfferLapsed',
  'CaseMessagePosted',
  'CaseAssigned',
  'InformationRequested',
  'InformationRequestExpired',
  'CaseDecisionOverdue',
  'DecisionBecameFinal',
  'CaseSwapLinked',
  'SellerResponseReminderDue',
  'OfferExpiryReminderDue',
  'ReplacementRequired',
  'FollowUpCancelled',
  'SellerReimbursementDue',
])

/** Which of its own rows the projector needs for these events: the order's, the case's. */
export const rowsNeeded = (
  streamType: string,
  streamId: string,
  events: ProjectionInput['events'],
): { orderId: string | null; caseId: string | null } => {
  if (streamType === 'order') return { orderId: streamId, caseId: null }
  if (streamType === 'case') {
    const opened = events.find((e) => e.type === 'CaseOpened')?.data as
      { readonly orderId?: unknown } | undefined
    return {
      orderId: typeof opened?.orderId === 'string' ? opened.orderId : null,
      caseId: streamId,
    }
  }
  if (streamType === 'cancellation') {
    const data = events[0]?.data as { readonly orderId?: unknown } | undefined
    return { orderId: typeof data?.orderId === 'string' ? data.orderId : null, caseId: null }
  }
  return { orderId: null, caseId: null }
}

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((toMillis(to as Instant) - toMillis(from as Instant)) / 60_000))

const projectOrder = (input: ProjectionInput, fx: Effects): void => {
  let row = input.order
  for (const event of input.events as readonly OrderEvent[]) {
    switch (event.type) {
      case 'OrderImported': {
        if (row !== null) break
        const d = event.data
        const lines: OrderLineFacts[] = d.lines.map((l) => ({
          lineId: l.lineId,
          listingId: l.listing.listingId,
          category: l.listing.category,
          title: l.listing.title,
          attributes: listingAttributes(l.listing),
        }))
        row = {
          orderId: d.orderId,
          sellerId: d.sellerId,
          buyerId: d.buyerId,
          purchasedAt: d.purchasedAt,
          shipBy: d.shipBy,
          estimatedDeliveryAt: d.estimatedDeliveryAt,
          currency: d.currency,
          total: d.total,
          category: lines[0]?.category ?? 'unknown',
          lines,
          shippedAt: null,
          deliveredAt: null,
          cancelledAt: null,
          cancelRequestedBy: null,
          cancelReason: null,
          nadLines: [],
        }
        fx.seller(d.sellerId, d.purchasedAt, { orders: 1 })
        fx.buyer(d.buyerId, d.purchasedAt, { orders: 1 })
        const seen = new Set<string>()
        for (const line of lines) {
          if (!seen.has(line.listingId)) fx.listing(line, d.sellerId, { orders: 1 })
          seen.add(line.listingId)
          for (const [attribute, value] of line.attributes)
            fx.attribute(line.category, attribute, value, 1, 0)
        }
        break
      }
      case 'OrderShipped': {
        if (row === null || row.shippedAt !== null) break
        const { shippedAt, late, carrier, trackingNumber } = event.data
        const valid = trackingLooksValid(carrier, trackingNumber)
        row = { ...row, shippedAt }
        fx.seller(row.sellerId, shippedAt, {
          shipped: 1,
          shippedLate: late ? 1 : 0,
          shippedValidTracking: valid ? 1 : 0,
        })
        fx.shipment(row.sellerId, shippedAt, 1, late ? 1 : 0)
        const base = { sellerId: row.sellerId, buyerId: row.buyerId, orderId: row.orderId }
        if (late) {
          fx.fact({
            ...base,
            metric: 'late_shipment',
            at: shippedAt,
            counted: true,
            reason: 'shipped_after_ship_by',
            detail: `ship-by ${row.shipBy}`,
          })
        }
        if (!valid) {
          fx.fact({
            ...base,
            metric: 'invalid_tracking',
            at: shippedAt,
            counted: true,
            reason: 'tracking_not_recognised',
            detail: `${carrier} ${trackingNumber}`,
          })
        }
        break
      }
      case 'OrderDelivered': {
        if (row === null || row.deliveredAt !== null) break
        const { deliveredAt } = event.data
        const onTime = toMillis(deliveredAt) <= toMillis(row.estimatedDeliveryAt as Instant)
        row = { ...row, deliveredAt }
        fx.seller(row.sellerId, deliveredAt, { delivered: 1, deliveredOnTime: onTime ? 1 : 0 })
        if (!onTime) {
          fx.fact({
            sellerId: row.sellerId,
            buyerId: row.buyerId,
            orderId: row.orderId,
            metric: 'late_delivery',
            at: deliveredAt,
            counted: true,
            reason: 'delivered_after_estimate',
            detail: `estimated ${row.estimatedDeliveryAt}`,
          })
        }
        break
      }
      case 'OrderCancelled':
        if (row !== null && row.cancelledAt === null) row = { ...row, cancelledAt: event.data.at }
        break
      // inertEvents: nothing to project
      case 'OrderAccepted':
      case 'ShipByReminderDue':
      case 'BuyerCancelRightOpened':
      case 'OrderCaseOpened':
      case 'OrderCaseClosed':
        break
    }
  }
  if (row !== input.order) fx.order = row
}

/** Buyer cancellations that are the buyer's own choice (the right after an unshipped order is not). */
const isBuyerRemorseCancellation = (requestedBy: string | null, reason: string | null): boolean =>
  requestedBy === 'buyer' && reason !== 'seller_not_shipped'

const projectCancellation = (input: ProjectionInput, fx: Effects): void => {
  let row = input.order
  if (row === null) return
  for (const event of input.events as readonly CancellationEvent[]) {
    switch (event.type) {
      case 'CancellationRequested': {
        const d = event.data
        row = { ...row, cancelRequestedBy: d.requestedBy, cancelReason: d.reason }
        if (isBuyerRemorseCancellation(d.requestedBy, d.reason))
          fx.buyer(row.buyerId, d.at, { cancelRequests: 1 })
        break
      }
      case 'CancellationApproved': {
        const d = event.data
        const by = row.cancelRequestedBy
        const reason = row.cancelReason ?? 'unknown'
        fx.seller(row.sellerId, d.at, {
          cancellations: 1,
          cancellationsSellerFault: d.countsAgainstSeller ? 1 : 0,
        })
        const base = {
          sellerId: row.sellerId,
          buyerId: row.buyerId,
          orderId: row.orderId,
          cancellationId: d.cancellationId,
          at: d.at,
        }
        // Counted cancellations are filed by their own reason (out_of_stock,
        // seller_not_shipped); excluded ones by why they do not count.
        fx.fact({
          ...base,
          metric: 'cancellation',
          counted: d.countsAgainstSeller,
          reason: d.countsAgainstSeller
            ? reason
            : by === 'buyer'
              ? 'buyer_remorse'
              : 'not_seller_fault',
          detail: d.faultReason,
        })
        if (isBuyerRemorseCancellation(by, reason)) {
          fx.buyer(row.buyerId, d.at, { cancellations: 1 })
          fx.fact({ ...base, metric: 'buyer_cancellation', counted: true, reason })
        }
        break
      }
      // inertEvents: nothing to project
      case 'CancellationDeclined':
      case 'CancellationWithdrawn':
        break
    }
  }
  if (row !== input.order) fx.order = row
}

const fileEvidence = (
  fx: Effects,
  row: CaseRow,
  evidence: readonly EvidenceRef[],
  by: { readonly role: string; readonly userId: string },
  at: string,
): CaseRow => {
  if (evidence.length === 0) return row
  for (const e of evidence) {
    if (e.kind === 'file')
      fx.evidence.push({
        sha256: e.file.sha256,
        caseId: row.caseId,
        addedByRole: by.role,
        addedById: by.userId,
        at,
      })
  }
  const kinds = [...new Set([...row.evidenceKinds, ...evidence.map((e) => e.kind)])].sort()
  return kinds.length === row.evidenceKinds.length ? row : { ...row, evidenceKinds: kinds }
}

/** The seller's first response: on time if by the respond-by time frozen on the case. */
const firstResponse = (fx: Effects, row: CaseRow, at: string): CaseRow => {
  if (row.responseCounted) return row
  const onTime = toMillis(at as Instant) <= toMillis(row.respondBy as Instant)
  fx.seller(row.sellerId, at, {
    responses: 1,
    responsesOnTime: onTime ? 1 : 0,
    responseMinutes: minutesBetween(row.openedAt, at),
  })
  if (!onTime) {
    fx.fact({
      sellerId: row.sellerId,
      buyerId: row.buyerId,
      orderId: row.orderId,
      caseId: row.caseId,
      metric: 'late_response',
      at,
      counted: true,
      reason: 'responded_late',
      detail: `respond-by ${row.respondBy}`,
    })
  }
  return { ...row, respondedAt: at, responseCounted: true }
}

/** The seller never answered before the case moved on without it (escalated or granted for silence). */
const missedResponse = (fx: Effects, row: CaseRow, at: string): CaseRow => {
  if (row.responseCounted) return row
  fx.seller(row.sellerId, at, { responsesMissed: 1 })
  fx.fact({
    sellerId: row.sellerId,
    buyerId: row.buyerId,
    orderId: row.orderId,
    caseId: row.caseId,
    metric: 'late_response',
    at,
    counted: true,
    reason: 'no_response',
    detail: `respond-by ${row.respondBy}`,
  })
  return { ...row, responseCounted: true }
}

const buyerOutcome = (row: CaseRow, closeReason: string): BuyerCaseOutcome => {
  const decided: BuyerCaseOutcome | null =
    row.outcome === null ? null : row.outcome === 'seller_favor' ? 'denied' : 'granted'
  switch (closeReason) {
    case 'withdrawn':
      return 'withdrawn'
    case 'not_escalated':
    case 'return_not_shipped':
      return 'abandoned'
    case 'auto_granted':
    case 'replacement_failed':
      return decided ?? 'granted'
    default:
      return decided ?? 'settled'
  }
}

const outcomeCounter = {
  granted: 'casesGranted',
  denied: 'casesDenied',
  settled: 'casesSettled',
  withdrawn: 'casesWithdrawn',
  abandoned: 'casesAbandoned',
} as const satisfies Record<BuyerCaseOutcome, BuyerCounter>

/** The claimed lines as the order filed them (a case on the whole order claims every line). */
const claimedLines = (order: OrderRow | null, lineIds: readonly string[]): OrderLineFacts[] =>
  order === null ? [] : order.lines.filter((l) => lineIds.includes(l.lineId))

const projectCase = (input: ProjectionInput, fx: Effects): void => {
  let row = input.caseRow
  let order = input.order
  for (const event of input.events as readonly CaseEvent[]) {
    if (event.type === 'CaseOpened') {
      if (row !== null) continue
      const d = event.data
      row = {
        caseId: d.caseId,
        orderId: d.orderId,
        sellerId: d.sellerId,
        buyerId: d.buyerId,
        reason: d.reason,
        remorse: d.policy.cases.remorseReasons.includes(d.reason),
        category: order?.category ?? 'unknown',
        claimedAmount: d.claimedAmount,
        currency: d.currency,
        amountBand: amountBand(d.claimedAmount),
        evidenceKinds: [],
        openedAt: d.at,
        respondBy: d.respondBy,
        respondedAt: null,
        responseCounted: false,
        escalatedAt: null,
        decidedAt: null,
        outcome: null,
        fault: null,
        funding: null,
        rationale: null,
        refunded: 0,
        closedAt: null,
        closeReason: null,
        countsAgainstSeller: null,
        reputationReason: null,
      }
      row = fileEvidence(fx, row, d.evidence, { role: 'buyer', userId: d.buyerId }, d.at)
      fx.seller(d.sellerId, d.at, { casesOpened: 1 })
      fx.buyer(d.buyerId, d.at, { casesOpened: 1, casesRemorse: row.remorse ? 1 : 0 })
      const lines = claimedLines(
        order,
        d.lines.map((l) => l.lineId),
      )
      const nad = isNotAsDescribed(d.reason)
      const newlyNad =
        nad && order !== null ? lines.filter((l) => !order?.nadLines.includes(l.lineId)) : []
      const seen = new Set<string>()
      for (const line of lines) {
        const first = !seen.has(line.listingId)
        seen.add(line.listingId)
        const counted = newlyNad.includes(line)
        if (first) fx.listing(line, d.sellerId, { cases: 1, nad: counted ? 1 : 0 })
        if (counted)
          for (const [attribute, value] of line.attributes)
            fx.attribute(line.category, attribute, value, 0, 1)
      }
      if (order !== null && newlyNad.length > 0) {
        order = { ...order, nadLines: [...order.nadLines, ...newlyNad.map((l) => l.lineId)] }
      }
      continue
    }
    if (row === null) continue
    switch (event.type) {
      case 'ClaimAccepted':
        row = firstResponse(fx, row, event.data.at)
        break
      case 'ClaimDisputed':
        row = firstResponse(fx, row, event.data.at)
        row = fileEvidence(fx, row, event.data.evidence, event.data.by, event.data.at)
        break
      case 'OfferMade':
        if (event.data.by.role === 'seller') row = firstResponse(fx, row, event.data.at)
        break
      case 'EvidenceAdded':
        row = fileEvidence(fx, row, [event.data.evidence], event.data.by, event.data.at)
        break
      case 'InformationProvided':
      case 'CaseAppealed':
        row = fileEvidence(fx, row, event.data.evidence, event.data.by, event.data.at)
        break
      case 'CaseEscalated': {
        const { at, reason } = event.data
        if (reason === 'seller_response_overdue') row = missedResponse(fx, row, at)
        if (row.escalatedAt === null) row = { ...row, escalatedAt: at }
        break
      }
      case 'CaseDecided':
      case 'AppealDecided': {
        const d = event.data
        row = {
          ...row,
          decidedAt: d.at,
          outcome: d.outcome,
          fault: d.fault,
          funding: d.funding,
          rationale: d.rationale,
        }
        break
      }
      case 'RefundDue':
        row = { ...row, refunded: row.refunded + event.data.amount }
        break
      case 'ReturnRequired': {
        const d = event.data
        fx.buyer(row.buyerId, d.at, { returns: 1 })
        fx.fact({
          sellerId: row.sellerId,
          buyerId: row.buyerId,
          orderId: row.orderId,
          caseId: row.caseId,
          metric: 'buyer_return',
          at: d.at,
          counted: true,
          reason: row.reason,
        })
        const seen = new Set<string>()
        for (const line of claimedLines(
          order,
          d.lines.map((l) => l.lineId),
        )) {
          if (!seen.has(line.listingId)) fx.listing(line, row.sellerId, { returns: 1 })
          seen.add(line.listingId)
        }
        break
      }
      case 'FollowUpEnded':
        if (event.data.outcome === 'return_not_shipped') {
          fx.buyer(row.buyerId, event.data.at, { returnsNotShipped: 1 })
          fx.fact({
            sellerId: row.sellerId,
            buyerId: row.buyerId,
            orderId: row.orderId,
            caseId: row.caseId,
            metric: 'buyer_return_not_shipped',
            at: event.data.at,
            counted: true,
            reason: 'return_not_shipped',
          })
        }
        break
      case 'CaseClosed': {
        if (row.closedAt !== null) break
        const d = event.data
        if (d.closeReason === 'auto_granted') row = missedResponse(fx, row, d.at)
        const escalated = row.escalatedAt !== null
        // eBay's "cases closed without seller resolution": escalated, and decided with the fault on the seller.
        const lost = escalated && d.reputationReason === 'seller_fault'
        fx.seller(row.sellerId, d.at, {
          casesClosed: 1,
          casesCounting: d.countsAgainstSeller ? 1 : 0,
          casesEscalatedClosed: escalated ? 1 : 0,
          casesLostAfterEscalation: lost ? 1 : 0,
        })
        const base = {
          sellerId: row.sellerId,
          buyerId: row.buyerId,
          orderId: row.orderId,
          caseId: row.caseId,
          at: d.at,
          detail: row.reason,
        }
        fx.fact({
          ...base,
          metric: 'case',
          counted: d.countsAgainstSeller,
          reason: d.reputationReason,
        })
        if (escalated) {
          fx.fact({
            ...base,
            metric: 'lost_after_escalation',
            counted: lost,
            reason: lost
              ? 'seller_fault'
              : d.countsAgainstSeller
                ? 'resolved_by_seller'
                : d.reputationReason,
          })
        }
        const outcome = buyerOutcome(row, d.closeReason)
        fx.buyer(row.buyerId, d.at, { [outcomeCounter[outcome]]: 1 })
        fx.fact({ ...base, metric: 'buyer_case', counted: true, reason: outcome })
        row = {
          ...row,
          closedAt: d.at,
          closeReason: d.closeReason,
          countsAgainstSeller: d.countsAgainstSeller,
          reputationReason: d.reputationReason,
        }
        break
      }
      // inertEvents: nothing to project
      case 'OfferAccepted':
      case 'OfferDeclined':
      case 'OfferLapsed':
      case 'CaseMessagePosted':
      case 'CaseAssigned':
      case 'InformationRequested':
      case 'InformationRequestExpired':
      case 'CaseDecisionOverdue':
      case 'DecisionBecameFinal':
      case 'CaseSwapLinked':
      case 'SellerResponseReminderDue':
      case 'OfferExpiryReminderDue':
      case 'ReplacementRequired':
      case 'FollowUpCancelled':
      case 'SellerReimbursementDue':
        break
    }
  }
  if (row !== input.caseRow) fx.caseRow = row
  if (order !== input.order) fx.order = order
}

/** What a command's events on one stream change in the insights read models. */
export const projectEvents = (input: ProjectionInput): Effects => {
  const fx = new Effects(stripeOf(input.streamId))
  switch (input.streamType) {
    case 'order':
      projectOrder(input, fx)
      break
    case 'cancellation':
      projectCancellation(input, fx)
      break
    case 'case':
      projectCase(input, fx)
      break
    default:
      // Returns, ledgers and conversations tell insights nothing yet; their
      // reputation-relevant outcomes reach the case (ReturnRequired, FollowUpEnded).
      break
  }
  return fx
}
