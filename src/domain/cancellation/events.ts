import type { Instant } from '../../policy/time.ts'
import type {
  BuyerCancelReason,
  Fault,
  RefundDestination,
  SellerCancelReason,
} from '../../policy/vocabulary.ts'
import type { EvidenceRef } from '../case/vocabulary.ts'
import type { CancellationId, MessageId, OrderId, PolicyVersionId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'

export type CancelReason = BuyerCancelReason | SellerCancelReason

/** Which side asked: a buyer's request or a seller's own cancellation. */
export type CancellationSide = 'buyer' | 'seller'

/**
 * `immediate`: approved in the same decision (inside the buyer window, the
 * buyer's right, a seller's own cancellation); `seller_approval`: waits for the
 * seller; `marketplace`: the seller asked the marketplace to decide (an
 * address that cannot be served, a buyer who does not answer).
 */
export type CancellationMode = 'immediate' | 'seller_approval' | 'marketplace'

/**
 * What approved the cancellation: the seller (its own, or its answer to a
 * request), the policy's buyer window, the buyer's right after the seller did
 * not ship, or the seller's silence past the response time.
 */
export type ApprovalSource = 'seller' | 'policy_window' | 'buyer_right' | 'seller_silence' | 'agent'

/** Who asked the marketplace to step in, and what they brought: a statement, evidence, messages of the order's conversation. */
export interface EscalationCase {
  readonly by: CancellationSide
  readonly userId: UserId
  readonly statement: string
  readonly evidence: readonly EvidenceRef[]
  readonly messageIds: readonly MessageId[]
}

/** What an agent decided: cancel the order (with the refund) or uphold it. Binding. */
export type EscalationOutcome = 'cancel' | 'uphold'

/** The party an agent asks for information, and what. */
export interface CancellationInfoRequest {
  readonly from: CancellationSide
  readonly question: string
  readonly dueAt: Instant
  readonly askedAt: Instant
  readonly agentId: UserId
}

/**
 * The money a cancellation owes the buyer. `toOriginalPayment + toCredit ===
 * total`, the order's total: a cancelled order refunds everything it captured.
 */
export interface RefundDue {
  readonly currency: Currency
  readonly total: Minor
  /** Back to the card the buyer paid with. */
  readonly toOriginalPayment: Minor
  /** As marketplace credit on the buyer's balance. */
  readonly toCredit: Minor
  /** The policy's `cancellation.refundDestination` this split follows. */
  readonly destination: RefundDestination
}

export type CancellationEvent =
  /**
   * A buyer asked to cancel, or a seller cancelled. In `seller_approval`
   * mode the seller must answer by `respondBy`; `immediate` ones are
   * followed by `CancellationApproved` in the same decision.
   */
  | {
      readonly type: 'CancellationRequested'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly requestedBy: CancellationSide
        readonly reason: CancelReason
        readonly note: string | null
        readonly at: Instant
        readonly mode: CancellationMode
        readonly respondBy: Instant | null
        /** The policy version whose rules this cancellation follows to the end. */
        readonly policyVersionId: PolicyVersionId
      }
    }
  /**
   * The order will not ship: the app cancels the order and the money
   * issue turns `refundDue` into ledger postings — this event is the seam
   * between cancellations and the ledger. `countsAgainstSeller` feeds the
   * seller's cancellation rate; `faultReason` says why in a sentence.
   */
  | {
      readonly type: 'CancellationApproved'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly by: ApprovalSource
        readonly refundDue: RefundDue
        readonly countsAgainstSeller: boolean
        readonly faultReason: string
      }
    }
  /** The seller refused the buyer's request (or stayed silent where silence declines, eBay): the order stands. */
  | {
      readonly type: 'CancellationDeclined'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly by: 'seller' | 'seller_silence'
        readonly reason: string
      }
    }
  /** The buyer took the request back before the seller answered: the order stands. */
  | {
      readonly type: 'CancellationWithdrawn'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
      }
    }

  /**
   * A party asked the marketplace to decide: the buyer after a decline or the
   * seller's silence (`policy.cancellation.escalationAfterNoAnswer`,
   * `escalationWindowAfterDecline`), or the seller asking it to cancel. An
   * agent decides by `decisionDueAt` (`agentDecisionSla`).
   */
  | {
      readonly type: 'CancellationEscalated'
      readonly data: EscalationCase & {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly decisionDueAt: Instant
      }
    }
  /** An agent asked one party for information by `dueAt` (`policy.cancellation.informationRequestTime`). */
  | {
      readonly type: 'CancellationInformationRequested'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly agentId: UserId
        readonly from: CancellationSide
        readonly question: string
        readonly dueAt: Instant
      }
    }
  /** The party asked answered, with evidence and messages if any: back to the agent. */
  | {
      readonly type: 'CancellationInformationProvided'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly by: CancellationSide
        readonly userId: UserId
        readonly text: string
        readonly evidence: readonly EvidenceRef[]
        readonly messageIds: readonly MessageId[]
      }
    }
  /** The party asked did not answer in time: back to the agent, who decides without it. */
  | {
      readonly type: 'CancellationInformationRequestExpired'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly from: CancellationSide
        readonly dueAt: Instant
      }
    }
  /** The agent SLA passed without a decision: the escalation rises to the top of the queue. */
  | {
      readonly type: 'CancellationDecisionOverdue'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly dueAt: Instant
      }
    }
  /**
   * An agent decided, binding. `cancel` is followed by `CancellationApproved
   * { by: 'agent' }` (the order is cancelled and refunded through the usual
   * seam); `uphold` keeps the order, and counts against nobody. `fault` is
   * kept apart from the outcome; `countsAgainstSeller` and
   * `reputationReason` say what the seller's record will show, and why.
   */
  | {
      readonly type: 'CancellationDecided'
      readonly data: {
        readonly cancellationId: CancellationId
        readonly orderId: OrderId
        readonly at: Instant
        readonly agentId: UserId
        readonly outcome: EscalationOutcome
        readonly fault: Fault
        readonly rationale: string
        readonly refundDue: RefundDue | null
        readonly countsAgainstSeller: boolean
        readonly reputationReason: string
      }
    }

export type CancellationEventType = CancellationEvent['type']
