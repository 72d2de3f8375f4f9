// The projector's own rows for an order and a case, the facts it files, and its input.
import type { Day, FactMetric } from '../vocabulary.ts'

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

export interface ProjectionInput {
  readonly streamType: string
  readonly streamId: string
  readonly events: readonly { readonly type: string; readonly data: unknown }[]
  /** The projector's row for the order concerned (for a new order: null). */
  readonly order: OrderRow | null
  /** The projector's row for the case (case streams only; for a new case: null). */
  readonly caseRow: CaseRow | null
}

/** The seller, buyer and order a fact about this order (or its case) is filed under. */
export const orderFactKeys = (row: OrderRow | CaseRow) => ({
  sellerId: row.sellerId,
  buyerId: row.buyerId,
  orderId: row.orderId,
})

/** The seller, buyer, order and case a fact about this case is filed under. */
export const caseFactKeys = (row: CaseRow) => ({ ...orderFactKeys(row), caseId: row.caseId })
