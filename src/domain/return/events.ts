import type { Instant } from '../../policy/time.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type {
  CaseId,
  EvidenceId,
  OrderId,
  OrderLineId,
  RefundId,
  ReturnId,
  UserId,
} from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { RefundFunder } from '../ledger/funding.ts'

/** A claimed line and how many units of it go back to the seller. */
export interface ReturnLine {
  readonly lineId: OrderLineId
  readonly quantity: number
}

/** The label the app bought from the label provider (marketplace-managed or a carrier API). */
export interface ReturnLabel {
  readonly carrier: string
  /** From the label provider; printed as a Code 128 barcode on the label. */
  readonly trackingNumber: string
  /** What the label cost, in the order's currency. */
  readonly cost: Minor
}

/**
 * Why `shippingPaidBy` is who it is: the policy's rule for covered reasons
 * (`policy.returns.coveredReturnShippingPaidBy`; Poshmark: the marketplace),
 * for buyer's remorse (`remorseReturnShippingPaidBy`), or a decision that
 * said so explicitly (an agent, an accepted offer).
 */
export type ShippingPayerRule = 'covered_reason' | 'remorse_reason' | 'decided'

/**
 * What the seller found in the parcel. `used` and `damaged` allow a deduction
 * up to `policy.returns.maxDeductionPercent` (eBay: 50 %);
 * `different_item_returned` sends the return to an agent.
 */
export type ReturnCondition = 'as_described' | 'used' | 'damaged' | 'different_item_returned'

/**
 * Money the return makes due: the app turns it into a `RequestRefund` on the
 * order's ledger with this `refundKey`, then reports back with `MarkReturnRefunded`.
 */
export interface RefundInstruction {
  readonly refundKey: string
  readonly amount: Minor
  readonly currency: Currency
  readonly destination: RefundDestination
  readonly funding: RefundFunder
}

/** Why a return ended without expiring or being called off. */
export type ReturnCloseReason =
  /** The refund landed and there is no deduction to dispute. */
  | 'refunded'
  /** The refund landed with a deduction and the buyer did not dispute it in time. */
  | 'dispute_window_passed'
  /** The inspection left nothing to refund (a label charge or deduction took it all). */
  | 'nothing_to_refund'
  /** An agent resolved a disputed inspection with no further money. */
  | 'dispute_resolved'

export type ReturnEvent =
  /**
   * The buyer must send items back: the return label is issued (RMA, carrier,
   * tracking) and the buyer ships by `shipBy` (`policy.returns.buyerShipBy`).
   * `refundOnCompletion` is what the return refunds when it completes, before
   * any deduction and the buyer's label charge.
   */
  | {
      readonly type: 'ReturnCreated'
      readonly data: {
        readonly returnId: ReturnId
        readonly caseId: CaseId
        readonly orderId: OrderId
        readonly buyerId: UserId
        readonly sellerId: UserId
        /** Return merchandise authorisation number, printed on the label. */
        readonly rma: string
        readonly lines: readonly ReturnLine[]
        readonly currency: Currency
        readonly refundOnCompletion: Minor
        readonly destination: RefundDestination
        readonly funding: RefundFunder
        readonly label: ReturnLabel
        readonly shippingPaidBy: Funder
        readonly shippingPaidByRule: ShippingPayerRule
        /**
         * What the buyer pays for the label, taken off the refund (never
         * charged to the card): the label cost when the buyer pays shipping,
         * at most `refundOnCompletion`; 0 otherwise.
         */
        readonly labelCharge: Minor
        readonly shipBy: Instant
        readonly at: Instant
      }
    }
  /** The carrier scanned the parcel (or the buyer reported shipping it). `late` when after `shipBy`. */
  | {
      readonly type: 'ReturnShipped'
      readonly data: {
        readonly returnId: ReturnId
        readonly carrier: string
        readonly trackingNumber: string
        readonly late: boolean
        readonly at: Instant
      }
    }
  /** The parcel reached the seller; the seller inspects by `inspectBy` (`policy.returns.sellerInspectionTime`). */
  | {
      readonly type: 'ReturnDelivered'
      readonly data: {
        readonly returnId: ReturnId
        readonly at: Instant
        readonly inspectBy: Instant
      }
    }
  /**
   * The seller inspected the return and the refund is decided:
   * `refundAmount = refundOnCompletion − labelCharge − deduction`. The
   * deduction is at most `policy.returns.maxDeductionPercent` of
   * `refundOnCompletion`, rounded down (in the buyer's favour).
   */
  | {
      readonly type: 'ReturnInspected'
      readonly data: {
        readonly returnId: ReturnId
        readonly condition: Exclude<ReturnCondition, 'different_item_returned'>
        readonly deduction: Minor
        readonly deductionReason: string | null
        readonly evidence: readonly EvidenceId[]
        readonly refundAmount: Minor
        /** `null` when nothing is left to refund. */
        readonly refund: RefundInstruction | null
        readonly at: Instant
      }
    }
  /** The seller did not inspect in time: the buyer is refunded in full (less only a buyer-paid label). */
  | {
      readonly type: 'ReturnInspectionTimedOut'
      readonly data: {
        readonly returnId: ReturnId
        readonly inspectBy: Instant
        readonly refundAmount: Minor
        readonly refund: RefundInstruction | null
        readonly at: Instant
      }
    }
  /**
   * The inspection goes to an agent: the seller says a different item came
   * back, or the buyer disputes a deduction. No money moves until the agent decides.
   */
  | {
      readonly type: 'ReturnInspectionDisputed'
      readonly data: {
        readonly returnId: ReturnId
        readonly by: 'seller' | 'buyer'
        readonly reason: 'different_item_returned' | 'deduction_disputed'
        readonly statement: string
        readonly evidence: readonly EvidenceId[]
        readonly at: Instant
      }
    }
  /**
   * An agent decided what the return refunds in total. What was already
   * refunded is never clawed back; `additionalRefund` is what is still due.
   */
  | {
      readonly type: 'ReturnDisputeResolved'
      readonly data: {
        readonly returnId: ReturnId
        readonly agentId: UserId
        readonly refundAmount: Minor
        readonly additionalRefund: Minor
        readonly rationale: string
        readonly refund: RefundInstruction | null
        readonly at: Instant
      }
    }
  /**
   * The ledger accepted the return's refund. When the inspection deducted
   * something, the buyer may dispute it until `disputeBy`
   * (`policy.returns.deductionDisputeWindow`).
   */
  | {
      readonly type: 'ReturnRefunded'
      readonly data: {
        readonly returnId: ReturnId
        readonly refundId: RefundId
        readonly refundKey: string
        readonly amount: Minor
        readonly disputeBy: Instant | null
        readonly at: Instant
      }
    }
  /**
   * The buyer has not shipped and `shipBy` is near (24 hours before, or
   * halfway through a shorter window); the buyer is reminded. Sent once.
   */
  | {
      readonly type: 'ReturnShipByReminderDue'
      readonly data: { readonly returnId: ReturnId; readonly shipBy: Instant; readonly at: Instant }
    }
  /** The buyer did not ship by `shipBy`: the return is off and the case closes per policy. */
  | {
      readonly type: 'ReturnExpired'
      readonly data: { readonly returnId: ReturnId; readonly shipBy: Instant; readonly at: Instant }
    }
  /** The return is over (see `reason`). */
  | {
      readonly type: 'ReturnClosed'
      readonly data: {
        readonly returnId: ReturnId
        readonly reason: ReturnCloseReason
        readonly at: Instant
      }
    }
  /** The case called the return off (an appeal changed the outcome) before inspection. */
  | {
      readonly type: 'ReturnCancelled'
      readonly data: { readonly returnId: ReturnId; readonly reason: string; readonly at: Instant }
    }

export type ReturnEventType = ReturnEvent['type']

/** The event of a given type, e.g. `ReturnEventOf<'ReturnInspected'>['data']`. */
export type ReturnEventOf<T extends ReturnEventType> = Extract<ReturnEvent, { readonly type: T }>
