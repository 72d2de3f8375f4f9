import type { Instant } from '../../policy/time.ts'
import type { Funder, RefundDestination } from '../../policy/vocabulary.ts'
import type { OrderId, OrderLineId, RefundId, UserId } from '../shared/ids.ts'
import type { Currency, Minor } from '../shared/money.ts'
import type { RefundFunder } from './funding.ts'
import type { Entry, Posting } from './postings.ts'

/** Why money goes back to the buyer: the process that made it due. */
export type RefundReason =
  /** An approved cancellation (`CancellationApproved.refundDue`). */
  | 'cancellation'
  /** A case outcome: the seller accepted the claim, an offer was accepted, or an agent decided. */
  | 'case'
  /** A return completed its inspection (or the inspection deadline passed). */
  | 'return'
  /** A replacement never arrived (`policy.returns.replacementDeliveryTime`). */
  | 'replacement_failed'
  /** An agent's correction outside any case outcome. */
  | 'agent_adjustment'

/**
 * How a refund splits over the claimed lines, shipping and tax. The same shape
 * as the case's `RefundAllocation`, so `RefundDue.allocation` passes straight through.
 */
export interface RefundAllocation {
  readonly lines: readonly { readonly lineId: OrderLineId; readonly amount: Minor }[]
  readonly shipping: Minor
  readonly tax: Minor
}

/**
 * Marketplace credit a posting put on the buyer's balance: the app mirrors it
 * on the buyer's credit account (`GrantCredit` with `grantKey`) so that
 * spending and expiry can be tracked across orders.
 */
export interface CreditGrant {
  readonly buyerId: UserId
  readonly grantKey: string
  readonly amount: Minor
  readonly currency: Currency
  /** `policy.refunds.creditExpiry` after the grant; `null`: never expires. */
  readonly expiresAt: Instant | null
}

export type LedgerEvent =
  /**
   * The marketplace captured the buyer's payment for an order (card, credit
   * or both): the money sits in the order's escrow until the seller's payout
   * is released. Opens the order's ledger.
   */
  | {
      readonly type: 'PaymentCaptured'
      readonly data: {
        readonly orderId: OrderId
        readonly buyerId: UserId
        readonly sellerId: UserId
        readonly currency: Currency
        readonly card: Minor
        readonly credit: Minor
        readonly total: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /**
   * The ledger accepted a refund and reserved it against what the order can
   * still refund. `toCredit` lands on the buyer's credit balance at once;
   * `toCard` moves to refunds in flight and waits for the payment provider
   * (the app sends `refund.requested` through the outbox). An
   * `original_payment` refund goes back the way the buyer paid: card first,
   * the rest as credit.
   */
  | {
      readonly type: 'RefundRequested'
      readonly data: {
        readonly orderId: OrderId
        readonly refundId: RefundId
        /** The decision, offer or cancellation that made the refund due; unique per refund. */
        readonly refundKey: string
        readonly amount: Minor
        readonly currency: Currency
        readonly destination: RefundDestination
        readonly funding: RefundFunder
        readonly reason: RefundReason
        readonly allocation: RefundAllocation | null
        readonly toCard: Minor
        readonly toCredit: Minor
        /** The legs that fund `toCard` (negative amounts); reversed if the card refund fails. */
        readonly cardFunding: readonly Entry[]
        readonly credit: CreditGrant | null
        /**
         * The part of a seller-funded refund the marketplace guarantee fronted
         * because the seller's payable hit `policy.refunds.sellerDebitLimit`.
         */
        readonly advancedByMarketplace: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /** The payment provider confirmed the card refund: the money is back on the buyer's card. */
  | {
      readonly type: 'RefundSucceeded'
      readonly data: {
        readonly orderId: OrderId
        readonly refundId: RefundId
        readonly attempt: number
        readonly amount: Minor
        readonly providerReference: string
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /**
   * The payment provider could not refund the card (closed card, expired
   * authorisation). The funding is reversed and the amount stays owed to the
   * buyer: an agent retries or switches it to credit.
   */
  | {
      readonly type: 'RefundFailed'
      readonly data: {
        readonly orderId: OrderId
        readonly refundId: RefundId
        readonly attempt: number
        readonly amount: Minor
        readonly providerReference: string
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /** An agent sent a failed card refund to the payment provider again, as attempt `attempt`. */
  | {
      readonly type: 'RefundRetried'
      readonly data: {
        readonly orderId: OrderId
        readonly refundId: RefundId
        readonly attempt: number
        readonly amount: Minor
        /** The legs that fund this attempt (negative amounts); reversed if it fails too. */
        readonly cardFunding: readonly Entry[]
        readonly advancedByMarketplace: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /** An agent gave up on the card and paid the failed refund as marketplace credit instead. */
  | {
      readonly type: 'RefundSwitchedToCredit'
      readonly data: {
        readonly orderId: OrderId
        readonly refundId: RefundId
        readonly amount: Minor
        readonly credit: CreditGrant
        readonly advancedByMarketplace: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /**
   * The sale is final and no case holds the money: what is left in escrow
   * goes to the seller's payable (`payout.released` for the integration).
   * `posting` is `null` when nothing was left to release.
   */
  | {
      readonly type: 'PayoutReleased'
      readonly data: {
        readonly orderId: OrderId
        readonly sellerId: UserId
        readonly amount: Minor
        readonly at: Instant
        readonly posting: Posting | null
      }
    }
  /**
   * A return label was paid for. `paidBy` follows the policy and the reason:
   * the seller or marketplace for covered reasons, the buyer for remorse. A
   * buyer never pays from the card here: `chargedToBuyer` is deducted from
   * what the order can still refund, and `frontedBy` (who funds the refund)
   * pays the carrier meanwhile.
   */
  | {
      readonly type: 'ReturnShippingPaid'
      readonly data: {
        readonly orderId: OrderId
        readonly labelId: string
        readonly amount: Minor
        readonly paidBy: Funder
        readonly frontedBy: RefundFunder
        readonly chargedToBuyer: Minor
        readonly advancedByMarketplace: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /**
   * The marketplace guarantee paid the seller back for refunds or labels the
   * seller funded on this order, after a final decision lifted the cost from
   * it. The money goes where the seller's share is: into escrow while the
   * payout is held (it is released with it), else to the seller's payable.
   * `amount` is `requested` capped at what the seller actually paid on the
   * order (what the marketplace fronted past the debit limit is not the
   * seller's to get back); nothing is posted when the seller paid nothing.
   */
  | {
      readonly type: 'SellerReimbursed'
      readonly data: {
        readonly orderId: OrderId
        readonly sellerId: UserId
        readonly reimbursementKey: string
        readonly requested: Minor
        readonly amount: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }

  /**
   * A chargeback opened: the card network pulled `amount` back and the
   * provider charged `fee`; the marketplace guarantee fronts both. `reserved`
   * is the part of the amount the order could still have refunded: it stops
   * being refundable until the issuer decides. Less than `amount` when the
   * order had refunded already (the buyer would be paid twice).
   */
  | {
      readonly type: 'ChargebackHeld'
      readonly data: {
        readonly orderId: OrderId
        readonly disputeId: string
        readonly amount: Minor
        readonly fee: Minor
        readonly reserved: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }
  /**
   * The issuer decided a chargeback. Won or an inquiry closed: the amount and
   * `feeReturned` come back to the guarantee and the reserve is refundable
   * again. Lost: the amount goes to the buyer's card for good and `bearer`
   * pays the amount and the fee (`advancedByMarketplace`: what the guarantee
   * fronted for a seller past its debit limit).
   */
  | {
      readonly type: 'ChargebackSettled'
      readonly data: {
        readonly orderId: OrderId
        readonly disputeId: string
        readonly outcome: 'won' | 'lost' | 'warning_closed'
        readonly amount: Minor
        readonly fee: Minor
        readonly feeReturned: Minor
        readonly reserved: Minor
        readonly bearer: 'seller' | 'marketplace' | null
        readonly advancedByMarketplace: Minor
        readonly at: Instant
        readonly posting: Posting
      }
    }

export type LedgerEventType = LedgerEvent['type']

/** The event of a given type, e.g. `LedgerEventOf<'RefundRequested'>['data']`. */
export type LedgerEventOf<T extends LedgerEventType> = Extract<LedgerEvent, { readonly type: T }>

/** The posting a ledger event made, if any. */
export const postingOf = (event: LedgerEvent): Posting | null => event.data.posting
