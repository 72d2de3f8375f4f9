import type { Funder } from '../../policy/vocabulary.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { RefundId } from '../shared/ids.ts'
import type { Minor } from '../shared/money.ts'
import type { RefundStatus } from './state.ts'

/** Why the ledger refused a command: a stable code and the data to act on it. */
export type LedgerRejection =
  | { readonly code: 'NOT_CAPTURED' }
  | { readonly code: 'ALREADY_CAPTURED'; readonly card: Minor; readonly credit: Minor }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'INVALID_CURRENCY'; readonly currency: string }
  | { readonly code: 'CURRENCY_MISMATCH'; readonly expected: string; readonly actual: string }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  /** The refund would pay back more than the order can still refund. */
  | { readonly code: 'REFUND_EXCEEDS_REFUNDABLE'; readonly maximumRefundable: Minor }
  | { readonly code: 'REFUND_FUNDER_INVALID'; readonly funding: Funder }
  | { readonly code: 'ALLOCATION_MISMATCH'; readonly amount: Minor; readonly allocated: number }
  /** The refund key was already used for a refund with other terms. */
  | {
      readonly code: 'REFUND_KEY_CONFLICT'
      readonly refundKey: string
      readonly refundId: RefundId
    }
  /** The refund id already names a refund for another key. */
  | { readonly code: 'REFUND_ID_IN_USE'; readonly refundId: RefundId; readonly refundKey: string }
  | { readonly code: 'REFUND_NOT_FOUND'; readonly refundId: RefundId }
  /** The refund was paid wholly as credit: there is nothing for the payment provider to confirm or retry. */
  | { readonly code: 'REFUND_NOT_BY_CARD'; readonly refundId: RefundId }
  /** The provider's answer contradicts the one already recorded. */
  | {
      readonly code: 'REFUND_ALREADY_SETTLED'
      readonly refundId: RefundId
      readonly status: RefundStatus
    }
  | {
      readonly code: 'REFUND_ATTEMPT_UNKNOWN'
      readonly refundId: RefundId
      readonly attempt: number
      readonly currentAttempt: number
    }
  | {
      readonly code: 'REFUND_NOT_FAILED'
      readonly refundId: RefundId
      readonly status: RefundStatus
    }
  /**
   * A chargeback is open on the order: the refund would pay the disputed
   * money a second time. `maximumRefundable` is what may still be refunded.
   */
  | {
      readonly code: 'PAYMENT_DISPUTE_OPEN'
      readonly disputedAmount: Minor
      readonly maximumRefundable: Minor
    }
  /** A chargeback is open on the order: the payout stays in escrow until the issuer decides. */
  | { readonly code: 'PAYOUT_HELD_BY_PAYMENT_DISPUTE'; readonly disputedAmount: Minor }
  /** The chargeback is unknown to this ledger, or was already settled another way. */
  | { readonly code: 'CHARGEBACK_NOT_HELD'; readonly disputeId: string }
  /** A case is open on the order: the payout stays in escrow until it closes. */
  | { readonly code: 'PAYOUT_HELD_BY_CASE' }
  /** The label was already paid, on other terms. */
  | {
      readonly code: 'LABEL_ALREADY_PAID'
      readonly labelId: string
      readonly amount: Minor
      readonly paidBy: Funder
    }

export type LedgerRejectionCode = LedgerRejection['code']

const cents = (n: number): string => String(n)

/** One sentence an agent, seller or integrator can act on. Tests assert on codes, not on these. */
export const explainLedgerRejection = (r: LedgerRejection): string => {
  switch (r.code) {
    case 'NOT_CAPTURED':
      return 'No payment has been captured for this order yet.'
    case 'ALREADY_CAPTURED':
      return `This order's payment was already captured (${cents(r.card)} by card, ${cents(r.credit)} in credit).`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are whole numbers of minor units, above zero where money moves.`
    case 'INVALID_CURRENCY':
      return `'${r.currency}' is not an ISO 4217 currency code.`
    case 'CURRENCY_MISMATCH':
      return `This order is in ${r.expected}, not ${r.actual}.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'REFUND_EXCEEDS_REFUNDABLE':
      return `The order can refund at most ${cents(r.maximumRefundable)} more.`
    case 'REFUND_FUNDER_INVALID':
      return `A refund cannot be funded by the ${r.funding}; the seller, the marketplace or a carrier claim funds refunds.`
    case 'ALLOCATION_MISMATCH':
      return `The allocation over lines, shipping and tax adds up to ${r.allocated}, not the refund's ${cents(r.amount)}.`
    case 'REFUND_KEY_CONFLICT':
      return `Refund ${r.refundId} was already made for '${r.refundKey}' with other terms; a key pays once.`
    case 'REFUND_ID_IN_USE':
      return `Refund id ${r.refundId} is already used for '${r.refundKey}'.`
    case 'REFUND_NOT_FOUND':
      return `There is no refund ${r.refundId} on this order.`
    case 'REFUND_NOT_BY_CARD':
      return `Refund ${r.refundId} was paid as marketplace credit; there is no card refund to confirm or retry.`
    case 'REFUND_ALREADY_SETTLED':
      return `Refund ${r.refundId} is already ${r.status.replaceAll('_', ' ')}; this answer contradicts it.`
    case 'REFUND_ATTEMPT_UNKNOWN':
      return `Refund ${r.refundId} is on attempt ${r.currentAttempt}; there is no attempt ${r.attempt}.`
    case 'REFUND_NOT_FAILED':
      return `Refund ${r.refundId} is ${r.status.replaceAll('_', ' ')}; only a failed card refund can be retried or switched to credit.`
    case 'PAYMENT_DISPUTE_OPEN':
      return `A chargeback of ${cents(r.disputedAmount)} is open on this order; at most ${cents(r.maximumRefundable)} may be refunded until the card issuer decides.`
    case 'PAYOUT_HELD_BY_PAYMENT_DISPUTE':
      return `A chargeback of ${cents(r.disputedAmount)} is open on this order; the payout stays held until the card issuer decides.`
    case 'CHARGEBACK_NOT_HELD':
      return `Chargeback ${r.disputeId} is not open on this order's ledger.`
    case 'PAYOUT_HELD_BY_CASE':
      return 'A case is open on this order; the payout stays held until it closes.'
    case 'LABEL_ALREADY_PAID':
      return `Label ${r.labelId} was already paid (${cents(r.amount)}, by the ${r.paidBy}).`
  }
}
