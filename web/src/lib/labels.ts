/**
 * Words for the API's snake_case values. Unknown values (a status or reason
 * added on the server later) still read well through humanize().
 */

export const humanize = (value: string): string => {
  const words = value.replaceAll('_', ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const pick = (table: Readonly<Record<string, string>>, value: string): string =>
  table[value] ?? humanize(value)

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted'

const orderStatus: Record<string, [string, Tone]> = {
  awaiting_shipment: ['Awaiting shipment', 'warning'],
  shipped: ['Shipped', 'info'],
  delivered: ['Delivered', 'success'],
  accepted: ['Completed', 'success'],
  cancelled: ['Cancelled', 'muted'],
}
export const orderStatusLabel = (status: string): [string, Tone] =>
  orderStatus[status] ?? [humanize(status), 'neutral']

const cancellationStatus: Record<string, [string, Tone]> = {
  requested: ['Waiting for seller', 'warning'],
  approved: ['Approved', 'success'],
  declined: ['Declined', 'danger'],
  withdrawn: ['Withdrawn', 'muted'],
}
export const cancellationStatusLabel = (status: string): [string, Tone] =>
  cancellationStatus[status] ?? [humanize(status), 'neutral']

/** How the buyer says it, picking a reason. */
const buyerReasonChoice: Record<string, string> = {
  order_mistake: 'I ordered by mistake',
  found_cheaper_price: 'I found it cheaper elsewhere',
  no_longer_needed: 'I no longer need it',
  seller_not_shipped: 'The seller hasn’t shipped',
}
export const reasonChoiceLabel = (reason: string): string =>
  pick({ ...buyerReasonChoice, ...sellerReason }, reason)

/** How anyone else reads it. */
const reasonSummary: Record<string, string> = {
  order_mistake: 'Ordered by mistake',
  found_cheaper_price: 'Found it cheaper',
  no_longer_needed: 'No longer needed',
  seller_not_shipped: 'Seller hasn’t shipped',
}
const sellerReason: Record<string, string> = {
  out_of_stock: 'Out of stock',
  address_issue: 'Can’t ship to the address',
  buyer_asked: 'The buyer asked to cancel',
  pricing_error: 'Pricing error in the listing',
}
export const reasonLabel = (reason: string): string =>
  pick({ ...reasonSummary, ...sellerReason }, reason)

const condition: Record<string, string> = {
  new: 'New',
  new_with_tags: 'New with tags',
  like_new: 'Like new',
  good: 'Good',
  fair: 'Fair',
  used: 'Used',
}
export const conditionLabel = (value: string): string => pick(condition, value)

const paymentMethod: Record<string, string> = {
  card: 'Card',
  marketplace_credit: 'Marketplace credit',
  mixed: 'Card and credit',
}
export const paymentMethodLabel = (value: string): string => pick(paymentMethod, value)

const refundDestination: Record<string, string> = {
  original_payment: 'your original payment method',
  marketplace_credit: 'marketplace credit',
}
export const refundDestinationLabel = (value: string): string =>
  refundDestination[value] ?? humanize(value).toLowerCase()

const roleLabels: Record<string, string> = {
  buyer: 'Buyer',
  seller: 'Seller',
  agent: 'Agent',
  admin: 'Admin',
}
export const roleLabel = (role: string): string => pick(roleLabels, role)

/** What an order's one live deadline means, said to each party. */
export const deadlineLabel = (kind: string, viewer: string): string => {
  switch (kind) {
    case 'ship_by_reminder':
      return viewer === 'seller' ? 'Reminder to ship' : 'Seller is reminded to ship'
    case 'buyer_cancel_right':
      return viewer === 'buyer'
        ? 'You may cancel if still unshipped'
        : 'Buyer may cancel if still unshipped'
    case 'auto_accept':
      return viewer === 'buyer'
        ? 'Accepted automatically'
        : 'Accepted automatically, and your payout released'
    case 'seller_response':
      return viewer === 'seller' ? 'Answer the request' : 'Seller answers by'
    default:
      return humanize(kind)
  }
}

const payout: Record<string, string> = {
  held: 'Held until the buyer accepts',
  frozen: 'Frozen while a case is open',
  released: 'Released to the seller',
  cancelled: 'Cancelled',
}
export const payoutLabel = (value: string): string => pick(payout, value)

export const initials = (name: string): string =>
  name
    .replace(/\(.*?\)/g, '')
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
