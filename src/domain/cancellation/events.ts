import type { Instant } from '../../policy/time.ts'
import type {
  BuyerCancelReason,
  RefundDestination,
  SellerCancelReason,
} from '../../policy/vocabulary.ts'
import type { CancellationId, OrderId, PolicyVersionId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'

export type CancelReason = BuyerCancelReason | SellerCancelReason

/** Which side asked: a buyer's request or a seller's own cancellation. */
export type CancellationSide = 'buyer' | 'seller'

/**
 * `immediate`: approved in the same decision (inside the buyer window, the
 * buyer's right, a seller's own cancellation); `seller_approval`: waits for the seller.
 */
export type CancellationMode = 'immediate' | 'seller_approval'

/**
 * What approved the cancellation: the seller (its own, or its answer to a
 * request), the policy's buyer window, the buyer's right after the seller did
 * not ship, or the seller's silence past the response time.
 */
export type ApprovalSource = 'seller' | 'policy_window' | 'buyer_right' | 'seller_silence'

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

export type CancellationEventType = CancellationEvent['type']
