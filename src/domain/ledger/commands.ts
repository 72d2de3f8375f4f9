import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { OrderId, RefundId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { RefundAllocation, RefundReason } from './events.ts'
import type { RefundFunder } from './funding.ts'

/** The app records an imported order's captured payment (from `OrderImported.payment`). */
export interface RecordCapture {
  readonly type: 'RecordCapture'
  readonly orderId: OrderId
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly currency: Currency
  readonly card: Minor
  readonly credit: Minor
}

/**
 * Pay the buyer back, from a `RefundDue` (case), a cancellation's refund due,
 * or a return's inspection. `refundKey` is the business key of the fact that
 * made it due: asking twice with the same key and terms does nothing.
 */
export interface RequestRefund {
  readonly type: 'RequestRefund'
  /** Made by the app; the id the payment integration confirms. */
  readonly refundId: RefundId
  readonly refundKey: string
  readonly amount: Minor
  readonly currency: Currency
  readonly destination: RefundDestination
  /** A `buyer` funder is refused: the buyer never funds their own refund. */
  readonly funding: Funder
  readonly reason: RefundReason
  /** How the amount splits over the claimed lines (a partial refund); must add up to `amount`. */
  readonly allocation?: RefundAllocation
}

/**
 * The payment integration reports the provider's answer on a card refund.
 * Repeating the same answer does nothing; a contradicting answer is refused.
 */
export interface ConfirmRefund {
  readonly type: 'ConfirmRefund'
  readonly refundId: RefundId
  readonly outcome: 'succeeded' | 'failed'
  readonly providerReference: string
  /**
   * Which attempt the answer is about (the outbox message carries it). A late
   * answer about an earlier, failed attempt does nothing. Omitted: the current attempt.
   */
  readonly attempt?: number
}

/** An agent sends a failed card refund to the payment provider again. */
export interface RetryRefund {
  readonly type: 'RetryRefund'
  readonly refundId: RefundId
}

/** An agent pays a failed card refund as marketplace credit instead. */
export interface SwitchRefundToCredit {
  readonly type: 'SwitchRefundToCredit'
  readonly refundId: RefundId
}

/** The app releases the seller's payout once the order is accepted (refused while a case holds it). */
export interface ReleasePayout {
  readonly type: 'ReleasePayout'
}

/**
 * The app records the cost of a return label. With `paidBy: 'buyer'` the
 * label is charged against the buyer's refund; `refundFunding` (the return's
 * refund funder) pays the carrier meanwhile.
 */
export type PayReturnShipping = {
  readonly type: 'PayReturnShipping'
  /** The label's id from the label provider (one posting per label). */
  readonly labelId: string
  readonly amount: Minor
} & (
  { readonly paidBy: RefundFunder } | { readonly paidBy: 'buyer'; readonly refundFunding: Funder }
)

/**
 * The marketplace gives the seller back what it funded on this order, when a
 * case's final decision lifted the cost from the seller (the case's
 * `SellerReimbursementDue`). Idempotent by `reimbursementKey`.
 */
export interface ReimburseSeller {
  readonly type: 'ReimburseSeller'
  readonly reimbursementKey: string
  readonly amount: Minor
}

/**
 * A chargeback opened on the order's card payment: the provider withdrew
 * `amount` and charged `fee` from the marketplace. The marketplace guarantee
 * fronts both; the amount is held against what the order can refund while the
 * dispute is open, and the payout stays held. Posted once per dispute.
 */
export interface HoldForChargeback {
  readonly type: 'HoldForChargeback'
  readonly disputeId: string
  readonly amount: Minor
  readonly fee: Minor
}

/**
 * The issuer decided a chargeback. `won` / `warning_closed`: the money (and
 * `feeReturned` of the fee) comes back to the marketplace. `lost`: the money
 * goes to the buyer's card for good, and `bearer` pays the amount and the fee
 * (the seller is drawn like a seller-funded refund; the marketplace keeps
 * what it fronted).
 */
export interface SettleChargeback {
  readonly type: 'SettleChargeback'
  readonly disputeId: string
  readonly outcome: 'won' | 'lost' | 'warning_closed'
  readonly bearer: 'seller' | 'marketplace' | null
  readonly feeReturned: Minor
}

export type LedgerCommand =
  | RecordCapture
  | RequestRefund
  | ConfirmRefund
  | RetryRefund
  | SwitchRefundToCredit
  | ReleasePayout
  | PayReturnShipping
  | ReimburseSeller
  | HoldForChargeback
  | SettleChargeback

export type LedgerCommandType = LedgerCommand['type']
