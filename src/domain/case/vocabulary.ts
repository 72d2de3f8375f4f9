import type { Instant } from '../../policy/time.ts'
import type { Fault, Funder } from '../../policy/vocabulary.ts'
import type { EvidenceId, OfferId, OrderLineId, UserId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'

/**
 * Where a case stands. Moves between them are the table in `transitions.ts`.
 *
 * - `none`: no case yet (the stream is empty).
 * - `awaiting_seller`: the ball is in the seller's court: the first response to
 *   the claim, or the buyer's counter-offer.
 * - `awaiting_buyer`: the seller responded (disputed or made an offer); the
 *   buyer answers an offer, counters, or escalates.
 * - `escalated`: in the agents' queue for a decision.
 * - `awaiting_info`: an agent asked one party for information.
 * - `decided`: an agent decided; the appeal window runs.
 * - `appealed`: a party appealed; a different agent reviews.
 * - `awaiting_follow_up`: resolved, but a return or replacement must finish first.
 * - `closed`: over, with a close reason and the reputation facts.
 */
export type CaseStatus =
  | 'none'
  | 'awaiting_seller'
  | 'awaiting_buyer'
  | 'escalated'
  | 'awaiting_info'
  | 'decided'
  | 'appealed'
  | 'awaiting_follow_up'
  | 'closed'

/** What the buyer asks for when opening a case. The seller and an agent may settle on something else. */
export const DesiredOutcome = {
  /** Everything claimed back; the buyer keeps the item (or never had it). */
  full_refund: 'full_refund',
  /** Send the item back, then a refund of what was claimed. */
  return_and_refund: 'return_and_refund',
  /** The seller sends the item again. */
  replacement: 'replacement',
  /** Part of the price back; the buyer keeps the item. */
  partial_refund_keep_item: 'partial_refund_keep_item',
} as const
export type DesiredOutcome = keyof typeof DesiredOutcome
export const desiredOutcomes: readonly DesiredOutcome[] = Object.values(DesiredOutcome)

/** The two sides of a sale. */
export type PartyRole = 'buyer' | 'seller'

/** A person acting on a case, as recorded on its events. */
export interface CaseParty {
  readonly role: PartyRole | 'agent'
  readonly userId: UserId
}

/** An agent's decision on a case; also the business key of the refund it causes. */
export type DecisionId = string & { readonly __brand: 'DecisionId' }

/** A file the app stored and sniffed; the case keeps its metadata, never its bytes. */
export interface FileMeta {
  /** Lower-case hex SHA-256 of the content, as stored. */
  readonly sha256: string
  /** Media type decided by content sniffing, not by name or header. */
  readonly mediaType: string
  /** Bytes. */
  readonly size: number
  /** The name the uploader gave it (shown, never used as a path). */
  readonly name: string
}

/**
 * One piece of evidence on a case: a file (photo, PDF), a tracking number, the
 * measurements of the item as received, or a plain note. `note` may caption
 * any kind.
 */
export type EvidenceRef =
  | {
      readonly evidenceId: EvidenceId
      readonly kind: 'file'
      readonly file: FileMeta
      readonly note?: string
    }
  | {
      readonly evidenceId: EvidenceId
      readonly kind: 'tracking'
      readonly tracking: { readonly carrier: string; readonly trackingNumber: string }
      readonly note?: string
    }
  | {
      readonly evidenceId: EvidenceId
      readonly kind: 'measurements'
      readonly measurements: Readonly<Record<string, string>>
      readonly note?: string
    }
  | { readonly evidenceId: EvidenceId; readonly kind: 'note'; readonly note: string }

/** Evidence as the case holds it: who added it and when. */
export type EvidenceRecord = EvidenceRef & {
  readonly addedBy: CaseParty
  readonly addedAt: Instant
}

/** A line (or part of one) the buyer claims for, priced as bought. */
export interface ClaimedLine {
  readonly lineId: OrderLineId
  readonly quantity: number
  readonly unitPrice: Minor
  /** `unitPrice × quantity`. */
  readonly amount: Minor
  readonly title: string
}

/** What an offer proposes. Amounts are computed against what is refundable when the offer is accepted. */
export type OfferTerms =
  | { readonly kind: 'partial_refund'; readonly amount: Minor }
  | { readonly kind: 'full_refund_keep_item' }
  | { readonly kind: 'return_and_refund' }
  | { readonly kind: 'replacement' }

export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'lapsed'

/** An offer or counter-offer between the parties. Only one is pending at a time. */
export interface OfferRecord {
  readonly offerId: OfferId
  readonly by: PartyRole
  readonly terms: OfferTerms
  readonly madeAt: Instant
  /** Silence until then declines it (`policy.cases.buyerOfferResponseTime` or, for the buyer's offers, `sellerResponseTime`). */
  readonly respondBy: Instant
  readonly status: OfferStatus
}

/** What an agent decides. Fault is recorded apart from the winner. */
export const DecisionOutcome = {
  /** The buyer gets back everything still refundable on the claim. */
  refund_full: 'refund_full',
  /** The buyer gets back the amount the agent sets and keeps the item. */
  refund_partial: 'refund_partial',
  /** The buyer returns the item, then is refunded. */
  return_required: 'return_required',
  /** The seller sends the item again; the buyer is refunded if it never arrives. */
  replacement: 'replacement',
  /** The claim fails: no refund, and the sale stands. */
  seller_favor: 'seller_favor',
} as const
export type DecisionOutcome = keyof typeof DecisionOutcome
export const decisionOutcomes: readonly DecisionOutcome[] = Object.values(DecisionOutcome)

/** A binding decision by an agent, first instance or on appeal. */
export interface DecisionRecord {
  readonly decisionId: DecisionId
  readonly agentId: UserId
  readonly at: Instant
  readonly outcome: DecisionOutcome
  /** For `refund_partial` only. */
  readonly amount: Minor | null
  readonly fault: Fault
  /** Who bears the cost; `null` when the seller wins and nothing is paid. */
  readonly funding: Funder | null
  readonly rationale: string
  readonly followUpInstructions: string | null
}

/** `swap_failed`: a swap the case was linked into fell through (a parcel not shipped in time); back to the agents. */
export type EscalationReason =
  'buyer_requested' | 'seller_requested' | 'seller_response_overdue' | 'swap_failed'

export type Priority = 'normal' | 'breached'

/** Why a case closed. */
export type CloseReason =
  /** The parties agreed: the seller accepted the claim or an offer was accepted. */
  | 'settled'
  /** The buyer withdrew the case. */
  | 'withdrawn'
  /** The seller responded and the buyer never escalated within `policy.cases.escalationWindowAfterResponse`. */
  | 'not_escalated'
  /** An agent's decision became final when the appeal window passed. */
  | 'decided'
  /** A different agent decided the appeal; this is final. */
  | 'appeal_decided'
  /** The seller stayed silent and `policy.cases.onSellerSilence` is `grant_buyer` (Amazon A-to-z). */
  | 'auto_granted'
  /** A return was required but the buyer did not ship it in time. */
  | 'return_not_shipped'
  /** The return or replacement that the resolution required finished. */
  | 'follow_up_completed'
  /** A replacement never arrived; the buyer was refunded instead. */
  | 'replacement_failed'
  /** Two buyers had each other's items and forwarded them (`src/domain/swap`); nothing is refunded. */
  | 'swapped'
  /**
   * The buyer took the claim to the card issuer (a chargeback) and
   * `policy.refunds.onPaymentDispute` is `close_case` (eBay, Amazon): the
   * payment dispute decides the money now.
   */
  | 'payment_dispute'

/**
 * Why a closed case does or does not count against the seller's reputation.
 * The insights issue builds scorecards on these facts.
 */
export type ReputationReason =
  /** An offer made and accepted within `policy.cases.settlementGraceWindow` of opening (Mercado Libre: 72 h). Does not count. */
  | 'settled_in_grace'
  /** The reason is one of `policy.cases.remorseReasons`: the buyer changed their mind. Never counts. */
  | 'buyer_remorse'
  /** An agent put the fault on the carrier. Does not count. */
  | 'carrier_fault'
  /** An agent found nobody at fault beyond force majeure. Does not count. */
  | 'force_majeure'
  /** An agent decided for the seller. Does not count. */
  | 'decided_for_seller'
  /** An agent decided for the buyer but found the seller not at fault (fault `buyer` or `none`). Does not count. */
  | 'no_seller_fault'
  /** The buyer withdrew. Does not count. */
  | 'withdrawn'
  /** The buyer let the escalation window pass after the seller responded. Does not count. */
  | 'not_escalated'
  /** The buyer never shipped the required return. Does not count. */
  | 'return_not_shipped'
  /** An agent decided for the buyer with the fault on the seller. Counts. */
  | 'seller_fault'
  /** The parties settled outside any grace window. Counts. */
  | 'settled'
  /** The seller ignored the case and the buyer was refunded automatically. Counts. */
  | 'auto_granted'
  /** The case closed for a chargeback; the chargeback's outcome counts instead (`refunds.lostChargebackCountsAgainstSeller`). Does not count. */
  | 'payment_dispute'

/** `swap`: the case is linked with another buyer's case; each buyer forwards the other's item (`key` is the swap id). */
export type FollowUpKind = 'return' | 'replacement' | 'swap'

/** A return or replacement a resolution requires; the money issue runs it and reports back. */
export interface FollowUp {
  readonly kind: FollowUpKind
  /** The offer id, decision id or claim key that required it. */
  readonly key: string
  readonly status: 'running' | 'completed' | 'not_shipped' | 'failed' | 'cancelled'
  readonly startedAt: Instant
  /** Returns: refunded when the return completes. */
  readonly refundOnCompletion: Minor | null
  /** Replacements: delivered by then or the buyer is refunded (`policy.returns.replacementDeliveryTime`). */
  readonly deliverBy: Instant | null
  readonly funding: Funder
  /** Swaps: who mixed the parcels up; decides whether the closed case counts against the seller. */
  readonly fault?: Fault
}

/** How a refund splits over the claimed lines, shipping and tax (for the ledger's postings). */
export interface RefundAllocation {
  readonly lines: readonly { readonly lineId: OrderLineId; readonly amount: Minor }[]
  readonly shipping: Minor
  readonly tax: Minor
}

/** What caused a money fact. */
export type MoneyCause =
  | 'claim_accepted'
  | 'offer_accepted'
  | 'decision'
  | 'appeal_decision'
  | 'auto_granted'
  | 'replacement_failed'

/**
 * The deadlines a case can wait for; at most one is live (`deadline.ts`).
 *
 * - `seller_response`: the seller's first response (`policy.cases.sellerResponseTime`).
 * - `seller_offer_response`: the seller's answer to the buyer's counter-offer (same knob).
 * - `buyer_offer_response`: the buyer's answer to the seller's offer (`buyerOfferResponseTime`).
 * - `escalation_window`: the buyer may still escalate (`escalationWindowAfterResponse`).
 * - `agent_decision_sla`: agents decide by then (`agentDecisionSla`).
 * - `information_request`: the party asked for information answers by then (`informationRequestTime`).
 * - `appeal_window`: either party may appeal until then (`appealWindow`).
 * - `replacement_delivery`: a replacement arrives by then (`policy.returns.replacementDeliveryTime`).
 * - `seller_response_reminder`: the seller who has not answered is reminded before `seller_response` (`reminderAt`).
 * - `offer_expiry_reminder`: whoever must answer a pending offer is reminded before it lapses (`reminderAt`).
 */
export type CaseDeadlineKind =
  | 'seller_response'
  | 'seller_offer_response'
  | 'buyer_offer_response'
  | 'escalation_window'
  | 'agent_decision_sla'
  | 'information_request'
  | 'appeal_window'
  | 'replacement_delivery'
  | 'seller_response_reminder'
  | 'offer_expiry_reminder'

/** An agent's open question to one party. */
export interface InformationRequest {
  readonly from: PartyRole
  readonly question: string
  readonly requestedBy: UserId
  readonly requestedAt: Instant
  readonly dueAt: Instant
}

/** A party's appeal of the first decision. */
export interface AppealRecord {
  readonly by: PartyRole
  readonly at: Instant
  readonly newInformation: string
}

/** Kept for `refundedOnCase` and seller reimbursement on appeal. */
export interface RefundRecord {
  readonly refundKey: string
  readonly amount: Minor
  readonly funding: Funder
}

/** The parties' agreement that resolved the case, for the grace-window rule. */
export interface Settlement {
  readonly at: Instant
  readonly via: 'claim' | 'offer'
  /** When the accepted offer was made (or the claim accepted). */
  readonly offeredAt: Instant
}
