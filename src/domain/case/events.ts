import type { Policy } from '../../policy/types.ts'
import type { Instant } from '../../policy/time.ts'
import type { CaseReason, Fault, Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type {
  CaseId,
  MessageId,
  OfferId,
  OrderId,
  OrderLineId,
  SwapId,
  UserId,
} from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type {
  CaseParty,
  ClaimedLine,
  CloseReason,
  DecisionId,
  DecisionRecord,
  DesiredOutcome,
  EscalationReason,
  EvidenceRef,
  FollowUpKind,
  MoneyCause,
  OfferTerms,
  PartyRole,
  RefundAllocation,
  ReputationReason,
} from './vocabulary.ts'

/** The claimed lines and quantities a return or replacement is about. */
export type FollowUpLines = readonly { readonly lineId: OrderLineId; readonly quantity: number }[]

export type CaseEvent =
  /**
   * A buyer opened a case on an order (or on some of its lines). The app
   * notes it on the order, which holds the seller's payout until the case
   * closes. The policy in force is frozen here: later changes never rewrite
   * this case.
   */
  | {
      readonly type: 'CaseOpened'
      readonly data: {
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly buyerId: UserId
        readonly sellerId: UserId
        readonly at: Instant
        readonly reason: CaseReason
        readonly desiredOutcome: DesiredOutcome
        readonly description: string
        readonly evidence: readonly EvidenceRef[]
        readonly lines: readonly ClaimedLine[]
        /** The whole order was claimed: shipping and tax are part of the claim. */
        readonly wholeOrder: boolean
        /** Shipping and tax are claimed only with the whole order; 0 otherwise. */
        readonly claimedShipping: Minor
        readonly claimedTax: Minor
        /** What the claimed lines cost the buyer, plus `claimedShipping` and `claimedTax`. */
        readonly claimedAmount: Minor
        readonly currency: Currency
        /** The seller responds by then (`policy.cases.sellerResponseTime`). */
        readonly respondBy: Instant
        readonly policy: Policy
      }
    }
  /** The seller accepted the buyer's claim, choosing a refund now or a return and refund. */
  | {
      readonly type: 'ClaimAccepted'
      readonly data: {
        readonly by: CaseParty
        readonly at: Instant
        readonly resolution: 'refund' | 'return'
      }
    }
  /** The seller disputed the claim with a statement and evidence; the buyer may answer or escalate. */
  | {
      readonly type: 'ClaimDisputed'
      readonly data: {
        readonly by: CaseParty
        readonly at: Instant
        readonly statement: string
        readonly evidence: readonly EvidenceRef[]
      }
    }
  /** A party proposed a resolution; the other party answers by `respondBy`. */
  | {
      readonly type: 'OfferMade'
      readonly data: {
        readonly offerId: OfferId
        readonly by: CaseParty
        readonly at: Instant
        readonly terms: OfferTerms
        readonly currency: Currency
        readonly respondBy: Instant
        readonly message: string | null
      }
    }
  /** The other party accepted the offer: the case is settled on its terms. */
  | {
      readonly type: 'OfferAccepted'
      readonly data: {
        readonly offerId: OfferId
        readonly by: CaseParty
        readonly at: Instant
        readonly terms: OfferTerms
        readonly currency: Currency
      }
    }
  /** The other party declined the offer, or answered it with a counter-offer. */
  | {
      readonly type: 'OfferDeclined'
      readonly data: {
        readonly offerId: OfferId
        readonly by: CaseParty
        readonly at: Instant
        readonly reason: 'declined' | 'countered'
        readonly message: string | null
      }
    }
  /** An offer ended unanswered: its time ran out, or the case moved on (escalated, withdrawn, claim accepted). */
  | {
      readonly type: 'OfferLapsed'
      readonly data: {
        readonly offerId: OfferId
        readonly at: Instant
        readonly reason: 'expired' | 'escalated' | 'withdrawn' | 'superseded'
      }
    }
  /**
   * The seller has not answered the case and its response deadline is near
   * (24 hours before `respondBy`, or halfway through a shorter window); the
   * seller is reminded. Changes nothing on the case but that it was sent.
   */
  | {
      readonly type: 'SellerResponseReminderDue'
      readonly data: { readonly at: Instant; readonly respondBy: Instant }
    }
  /**
   * An offer is close to lapsing unanswered (24 hours before its `respondBy`,
   * or halfway through a shorter window); `to`, the party who must answer, is
   * reminded.
   */
  | {
      readonly type: 'OfferExpiryReminderDue'
      readonly data: {
        readonly at: Instant
        readonly offerId: OfferId
        readonly to: PartyRole
        readonly respondBy: Instant
      }
    }
  /** A party or an agent added evidence (the file itself lives in the app's storage). */
  | {
      readonly type: 'EvidenceAdded'
      readonly data: {
        readonly by: CaseParty
        readonly at: Instant
        readonly evidence: EvidenceRef
      }
    }
  /** A message on the case; the conversations issue adds translation and moderation on this seam. */
  | {
      readonly type: 'CaseMessagePosted'
      readonly data: {
        readonly messageId: MessageId
        readonly by: CaseParty
        readonly at: Instant
        readonly body: string
      }
    }
  /** The marketplace stepped in: the case joins the agents' queue, due by `decisionDueAt`. */
  | {
      readonly type: 'CaseEscalated'
      readonly data: {
        readonly at: Instant
        /** `null` when the scheduler escalated a silent seller's case. */
        readonly by: CaseParty | null
        readonly reason: EscalationReason
        readonly statement: string | null
        readonly decisionDueAt: Instant
      }
    }
  /** An agent took the case or handed it to another agent. */
  | {
      readonly type: 'CaseAssigned'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty
        readonly agentId: UserId
        readonly previousAgentId: UserId | null
      }
    }
  /** An agent asked one party a question; the case waits until `dueAt`. */
  | {
      readonly type: 'InformationRequested'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty
        readonly from: PartyRole
        readonly question: string
        readonly dueAt: Instant
      }
    }
  /** The party answered the agent's question; the case is back with the agent. */
  | {
      readonly type: 'InformationProvided'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty
        readonly text: string
        readonly evidence: readonly EvidenceRef[]
      }
    }
  /** No answer came by the deadline; the case is back with the agent, who decides on the record. */
  | {
      readonly type: 'InformationRequestExpired'
      readonly data: { readonly at: Instant; readonly from: PartyRole; readonly dueAt: Instant }
    }
  /** The agents' decision SLA passed: the case jumps the queue. A breach never passes silently. */
  | {
      readonly type: 'CaseDecisionOverdue'
      readonly data: {
        readonly at: Instant
        readonly dueAt: Instant
        readonly priority: 'breached'
      }
    }
  /** An agent decided (binding). Money facts follow; either party may appeal until `appealDueAt`. */
  | {
      readonly type: 'CaseDecided'
      readonly data: DecisionRecord & { readonly currency: Currency; readonly appealDueAt: Instant }
    }
  /** A party appealed with new information; a different agent reviews by `decisionDueAt`. */
  | {
      readonly type: 'CaseAppealed'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty
        readonly newInformation: string
        readonly evidence: readonly EvidenceRef[]
        readonly appealedDecisionId: DecisionId
        readonly decisionDueAt: Instant
      }
    }
  /** A different agent decided the appeal; final. `upheld` when the outcome did not change. */
  | {
      readonly type: 'AppealDecided'
      readonly data: DecisionRecord & {
        readonly currency: Currency
        readonly originalDecisionId: DecisionId
        readonly upheld: boolean
      }
    }
  /** The appeal window passed without an appeal: the decision is final. */
  | {
      readonly type: 'DecisionBecameFinal'
      readonly data: { readonly at: Instant; readonly decisionId: DecisionId }
    }
  /**
   * Money is owed to the buyer. The money issue turns it into a posting;
   * `refundKey` (offer id, decision id or a case key) makes that posting
   * idempotent. Never more than what was refundable when it was emitted.
   */
  | {
      readonly type: 'RefundDue'
      readonly data: {
        readonly refundKey: string
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly at: Instant
        readonly amount: Minor
        readonly currency: Currency
        readonly destination: RefundDestination
        readonly funding: Funder
        readonly allocation: RefundAllocation
        readonly cause: MoneyCause
      }
    }
  /** The buyer must send the claimed items back; the return refunds `refundOnCompletion` when it completes. */
  | {
      readonly type: 'ReturnRequired'
      readonly data: {
        readonly returnKey: string
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly at: Instant
        readonly lines: FollowUpLines
        /** `policy.returns.coveredReturnShippingPaidBy`, or `remorseReturnShippingPaidBy` for buyer's remorse. */
        readonly returnShippingPaidBy: Funder
        readonly refundOnCompletion: Minor
        readonly currency: Currency
        readonly destination: RefundDestination
        readonly funding: Funder
        readonly cause: MoneyCause
      }
    }
  /** The seller must send a replacement by `deliverBy`, or the buyer is refunded. */
  | {
      readonly type: 'ReplacementRequired'
      readonly data: {
        readonly replacementKey: string
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly at: Instant
        readonly lines: FollowUpLines
        readonly deliverBy: Instant
        readonly funding: Funder
        readonly cause: MoneyCause
      }
    }
  /** An appeal changed the outcome: the return or replacement the first decision required is called off. */
  | {
      readonly type: 'FollowUpCancelled'
      readonly data: { readonly at: Instant; readonly kind: FollowUpKind; readonly key: string }
    }
  /**
   * An appeal lifted the cost from the seller: the marketplace gives back what
   * the seller funded. The buyer keeps any refund already due; a case never
   * claws money back from a buyer.
   */
  | {
      readonly type: 'SellerReimbursementDue'
      readonly data: {
        readonly reimbursementKey: string
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly at: Instant
        readonly amount: Minor
        readonly currency: Currency
        readonly funding: 'marketplace'
      }
    }
  /**
   * An agent found that this buyer and another received each other's items
   * and linked the two cases: the buyer forwards the item they hold with a
   * prepaid label, and the case closes when both parcels are delivered.
   */
  | {
      readonly type: 'CaseSwapLinked'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty
        readonly swapId: SwapId
        readonly otherCaseId: CaseId
        readonly rationale: string
        readonly fault: Fault
      }
    }
  /** The return or replacement finished, one way or the other (reported by the money side or a deadline). */
  | {
      readonly type: 'FollowUpEnded'
      readonly data: {
        readonly at: Instant
        readonly kind: FollowUpKind
        readonly outcome:
          | 'return_completed'
          | 'return_not_shipped'
          | 'replacement_delivered'
          | 'replacement_failed'
          | 'swap_completed'
          | 'swap_not_shipped'
      }
    }
  /**
   * The case is over. The reputation facts say whether it counts against the
   * seller and why; scorecards are built on them.
   */
  | {
      readonly type: 'CaseClosed'
      readonly data: {
        readonly at: Instant
        readonly by: CaseParty | null
        readonly closeReason: CloseReason
        readonly countsAgainstSeller: boolean
        readonly reputationReason: ReputationReason
      }
    }

export type CaseEventType = CaseEvent['type']

/** The event of a given type, e.g. `CaseEventOf<'RefundDue'>['data']`. */
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { readonly type: T }>
