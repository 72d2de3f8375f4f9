/**
 * The words a policy speaks in. Deciders and presets share them, so they live
 * with the policy; every value is a snake_case literal that also appears in
 * SQL, URLs and the UI.
 */

/** Why a buyer asks to cancel. Only the buyer may use these. */
export const BuyerCancelReason = {
  /** Bought by mistake (wrong size, duplicate purchase). eBay `ORDER_MISTAKE`. */
  order_mistake: 'order_mistake',
  /** Found the item cheaper elsewhere. eBay `FOUND_CHEAPER_PRICE`. */
  found_cheaper_price: 'found_cheaper_price',
  /** No longer wants the item. */
  no_longer_needed: 'no_longer_needed',
  /** The seller has not shipped within the policy's days; a right, not a favour. */
  seller_not_shipped: 'seller_not_shipped',
} as const
export type BuyerCancelReason = keyof typeof BuyerCancelReason

/** Why a seller cancels. Only the seller may use these. */
export const SellerCancelReason = {
  /** The item is gone. A seller defect on every marketplace. */
  out_of_stock: 'out_of_stock',
  /** The shipping address cannot be served. eBay `ADDRESS_ISSUES`. */
  address_issue: 'address_issue',
  /** The buyer asked the seller to cancel (off the cancellation flow). eBay `BUYER_ASKED_CANCEL`. */
  buyer_asked: 'buyer_asked',
  /** The listing had the wrong price. */
  pricing_error: 'pricing_error',
} as const
export type SellerCancelReason = keyof typeof SellerCancelReason

/** What a buyer says went wrong when opening a case. */
export const CaseReason = {
  not_received: 'not_received',
  not_as_described: 'not_as_described',
  damaged: 'damaged',
  wrong_item: 'wrong_item',
  defective: 'defective',
  missing_parts: 'missing_parts',
  counterfeit: 'counterfeit',
  changed_mind: 'changed_mind',
  doesnt_fit: 'doesnt_fit',
} as const
export type CaseReason = keyof typeof CaseReason

/** Where money goes back to the buyer. */
export type RefundDestination = 'original_payment' | 'marketplace_credit'

/** Who bears the cost of a refund or a return label. */
export type Funder = 'seller' | 'marketplace' | 'carrier' | 'buyer'

/** Who was at fault, recorded apart from who won (eBay keeps these apart in its close reasons). */
export type Fault = 'seller' | 'buyer' | 'carrier' | 'none' | 'force_majeure'
