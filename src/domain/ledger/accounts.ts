import type { OrderId, UserId } from '../shared/ids.ts'

/**
 * The accounts money moves between. Owner-qualified keys (`order_escrow:<orderId>`)
 * keep one row per owner; the marketplace-wide accounts stand alone.
 *
 * Sign rule: an entry's amount is what the account gains (positive) or gives
 * up (negative), so an account's balance is what it holds. External accounts
 * read the other way round: `buyer_card` is negative by what the card still
 * has paid net of refunds, `carrier_claims` negative by what carriers owe,
 * `marketplace_guarantee` negative by what the marketplace has spent.
 */
export type Account =
  /** The buyer's original payment method for one order (external: the payment provider holds it). */
  | `buyer_card:${string}`
  /** The buyer's marketplace credit balance, spendable across orders (Poshmark's "Posh credit"). */
  | `buyer_credit:${string}`
  /** What the marketplace holds for one order between capture and payout. */
  | `order_escrow:${string}`
  /** A seller's released payouts; negative when the seller was debited after release (`policy.refunds.sellerDebitLimit`). */
  | `seller_payable:${string}`
  /** Card refunds of one order sent to the payment provider and not yet confirmed. */
  | `refunds_in_flight:${string}`
  /** The marketplace's own money: refunds nobody else is at fault for, and sellers' shortfalls it fronts. */
  | 'marketplace_guarantee'
  /** What carriers owe the marketplace after refunds for carrier fault (lost or damaged in transit). */
  | 'carrier_claims'
  /** Return labels bought from carriers. */
  | 'return_shipping'
  /** Marketplace credit that expired unspent (breakage). */
  | 'credit_expired'
  /**
   * Clearing account for credit spent at checkout: a credit debit reported by
   * the integration fills it, the capture of the order that credit paid for
   * draws it. Its balance is credit spent on purchases not (yet) imported.
   */
  | 'credit_redemptions'
  /**
   * Card money the card network pulled back from the marketplace for an open
   * chargeback on one order, until the issuer decides (won: it comes back;
   * lost: it goes to the buyer's card).
   */
  | `chargebacks_held:${string}`
  /** Fees the payment provider charged for chargebacks (less fees it gave back on won ones). */
  | 'dispute_fees'

/** The part of an account key before the owner, e.g. `order_escrow`. */
export type AccountKind =
  | 'buyer_card'
  | 'buyer_credit'
  | 'order_escrow'
  | 'seller_payable'
  | 'refunds_in_flight'
  | 'marketplace_guarantee'
  | 'carrier_claims'
  | 'return_shipping'
  | 'credit_expired'
  | 'credit_redemptions'
  | 'chargebacks_held'
  | 'dispute_fees'

export const buyerCard = (orderId: OrderId): Account => `buyer_card:${orderId}`
export const buyerCredit = (buyerId: UserId): Account => `buyer_credit:${buyerId}`
export const orderEscrow = (orderId: OrderId): Account => `order_escrow:${orderId}`
export const sellerPayable = (sellerId: UserId): Account => `seller_payable:${sellerId}`
export const refundsInFlight = (orderId: OrderId): Account => `refunds_in_flight:${orderId}`
export const marketplaceGuarantee: Account = 'marketplace_guarantee'
export const carrierClaims: Account = 'carrier_claims'
export const returnShipping: Account = 'return_shipping'
export const creditExpired: Account = 'credit_expired'
export const creditRedemptions: Account = 'credit_redemptions'
export const chargebacksHeld = (orderId: OrderId): Account => `chargebacks_held:${orderId}`
export const disputeFees: Account = 'dispute_fees'

/** The kind of an account key (`order_escrow:o-1` → `order_escrow`). */
export const accountKind = (account: Account): AccountKind => {
  const colon = account.indexOf(':')
  return (colon < 0 ? account : account.slice(0, colon)) as AccountKind
}

/** The owner an account key names (an order or user id), or `null` for a marketplace-wide account. */
export const accountOwner = (account: Account): string | null => {
  const colon = account.indexOf(':')
  return colon < 0 ? null : account.slice(colon + 1)
}
