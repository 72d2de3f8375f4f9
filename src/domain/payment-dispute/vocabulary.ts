import type { Instant } from '../../policy/time.ts'
import type { RefundId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'

/**
 * Where a payment dispute stands, in the payment provider's words (Stripe's
 * `dispute.status`, its `warning_*` inquiry states folded onto the plain
 * ones). `needs_response` and `under_review` are open; `won`, `lost` and
 * `warning_closed` (an inquiry the issuer dropped) are final.
 */
export const paymentDisputeStatuses = [
  'needs_response',
  'under_review',
  'won',
  'lost',
  'warning_closed',
] as const
export type PaymentDisputeStatus = (typeof paymentDisputeStatuses)[number]

export const openPaymentDisputeStatuses = ['needs_response', 'under_review'] as const
export type OpenPaymentDisputeStatus = (typeof openPaymentDisputeStatuses)[number]

export type ClosedPaymentDisputeStatus = Exclude<PaymentDisputeStatus, OpenPaymentDisputeStatus>

export const isOpenDisputeStatus = (s: PaymentDisputeStatus): s is OpenPaymentDisputeStatus =>
  s === 'needs_response' || s === 'under_review'

/**
 * The card network's reason, in Stripe's vocabulary (`dispute.reason`, the
 * 14 network reasons plus `noncompliant`); other providers map onto it.
 */
export const networkReasons = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'noncompliant',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const
export type NetworkReason = (typeof networkReasons)[number]

/**
 * The marketplace's reading of a network reason: a stolen card or a payment
 * the cardholder does not know (`fraud`), the buyer says the parcel never
 * came (`not_received`) or was not as described (`not_as_described`), or
 * anything else (`other`: duplicates, credits not processed, bank errors).
 */
export type ChargebackCategory = 'fraud' | 'not_received' | 'not_as_described' | 'other'

export const chargebackCategoryOf = (reason: NetworkReason): ChargebackCategory => {
  switch (reason) {
    case 'fraudulent':
    case 'unrecognized':
    case 'debit_not_authorized':
      return 'fraud'
    case 'product_not_received':
      return 'not_received'
    case 'product_unacceptable':
      return 'not_as_described'
    case 'bank_cannot_process':
    case 'check_returned':
    case 'credit_not_processed':
    case 'customer_initiated':
    case 'duplicate':
    case 'general':
    case 'incorrect_account_details':
    case 'insufficient_funds':
    case 'noncompliant':
    case 'subscription_canceled':
      return 'other'
  }
}

/** A refund the order already made when the chargeback came: what the marketplace answers the issuer with. */
export interface RefundReference {
  readonly refundId: RefundId
  readonly refundKey: string
  readonly amount: Minor
  /** `pending` (sent to the provider), `succeeded`, `failed` or `switched_to_credit`. */
  readonly status: string
  readonly destination: string
  /** The payment provider's id of the card refund (Stripe `re_…`), once it answered. */
  readonly providerReference: string | null
  readonly requestedAt: Instant
}

/** Who bears a lost chargeback: the seller (from the held payout or its balance) or the marketplace guarantee. */
export type ChargebackBearer = 'seller' | 'marketplace'

/** Why the bearer was chosen, for the timeline and the seller's scorecard. */
export type ChargebackBearerReason =
  /** An agent's decision on the order's case recorded a fault; `refunds.fundingByFault` says who pays. */
  | 'case_fault'
  /** The order was already refunded when the chargeback came: the buyer was paid twice, not by the seller's doing. */
  | 'already_refunded'
  /** No fault recorded: `refunds.chargebackLossBorneBy` (or `chargebackFraudBorneBy` for fraud) says. */
  | 'policy'

/** What the open case (if any) did when the chargeback came (`refunds.onPaymentDispute`). */
export type CaseOnChargeback = 'paused' | 'closed'
