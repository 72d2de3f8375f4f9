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
export const buyerCancelReasons: readonly BuyerCancelReason[] = Object.values(BuyerCancelReason)

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
export const sellerCancelReasons: readonly SellerCancelReason[] = Object.values(SellerCancelReason)

/**
 * What a buyer says went wrong when opening a case. The one list of reasons:
 * the API schemas, the web's labels, the e-mail words and every preset's
 * coverage are derived from it, so a reason added here does not compile until
 * each of them says what it does with it.
 */
export const CaseReason = {
  /** The parcel never came, or tracking says delivered and nothing did (eBay "item not received"). Opens after the estimated delivery date. */
  not_received: 'not_received',
  /** The item differs from the listing snapshot in a way that matters: size, colour, condition, material, an unshown flaw (eBay "not as described"). */
  not_as_described: 'not_as_described',
  /** Broken, torn or stained in transit. */
  damaged: 'damaged',
  /** A different item, size or colour from the one bought; the reason a swap can resolve. */
  wrong_item: 'wrong_item',
  /** It does not work, or works badly. */
  defective: 'defective',
  /** Pieces, accessories or part of a set did not come. */
  missing_parts: 'missing_parts',
  /** Not the genuine brand it was sold as. */
  counterfeit: 'counterfeit',
  /** Nothing is wrong with the item; the buyer no longer wants it. Buyer's remorse. */
  changed_mind: 'changed_mind',
  /** The item matches the listing but not the buyer. Buyer's remorse. */
  doesnt_fit: 'doesnt_fit',
} as const
export type CaseReason = keyof typeof CaseReason
/** Every case reason, in declaration order (the order lists and tables show them in). */
export const caseReasons: readonly CaseReason[] = Object.values(CaseReason)

/** Where money goes back to the buyer. */
export type RefundDestination = 'original_payment' | 'marketplace_credit'

/** Who bears the cost of a refund or a return label. */
export type Funder = 'seller' | 'marketplace' | 'carrier' | 'buyer'

/** Who was at fault, recorded apart from who won (eBay keeps these apart in its close reasons). */
export type Fault = 'seller' | 'buyer' | 'carrier' | 'none' | 'force_majeure'
