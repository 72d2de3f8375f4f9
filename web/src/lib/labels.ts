import type { CaseReason, DecisionOutcome, DesiredOutcome } from '../api/types.ts'
import type { BuyerCancelReason, SellerCancelReason } from '../../../src/policy/vocabulary.ts'

/**
 * Words for the API's snake_case values. The tables for the vocabularies the
 * server declares (case reasons, outcomes, cancellation reasons) are typed on
 * them, so a value added on the server does not compile here until it has
 * words; other unknown values still read well through humanize().
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
const buyerReasonChoice: Record<BuyerCancelReason, string> = {
  order_mistake: 'I ordered by mistake',
  found_cheaper_price: 'I found it cheaper elsewhere',
  no_longer_needed: 'I no longer need it',
  seller_not_shipped: 'The seller hasn’t shipped',
}
export const reasonChoiceLabel = (reason: string): string =>
  pick({ ...buyerReasonChoice, ...sellerReason }, reason)

/** How anyone else reads it. */
const reasonSummary: Record<BuyerCancelReason, string> = {
  order_mistake: 'Ordered by mistake',
  found_cheaper_price: 'Found it cheaper',
  no_longer_needed: 'No longer needed',
  seller_not_shipped: 'Seller hasn’t shipped',
}
const sellerReason: Record<SellerCancelReason, string> = {
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
    case 'late_shipment':
      return viewer === 'seller' ? 'Ship by (then it is late)' : 'Due to ship by'
    case 'late_delivery':
      return viewer === 'buyer' ? 'Expected by' : 'Expected delivery by'
    case 'seller_response':
      return viewer === 'seller' ? 'Answer the request' : 'Seller answers by'
    case 'agent_decision_sla':
      return viewer === 'agent' ? 'Decide by' : 'The marketplace decides by'
    case 'information_request':
      return 'Answer the agent by'
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

// ---------- cases ----------

const caseStatus: Record<string, [string, Tone]> = {
  awaiting_seller: ['Waiting for the seller', 'warning'],
  awaiting_buyer: ['Waiting for the buyer', 'warning'],
  escalated: ['With Recourse', 'info'],
  awaiting_info: ['Information requested', 'warning'],
  decided: ['Decided', 'success'],
  appealed: ['Appealed', 'info'],
  awaiting_follow_up: ['Return or replacement under way', 'info'],
  closed: ['Closed', 'muted'],
}
export const caseStatusLabel = (status: string): [string, Tone] =>
  caseStatus[status] ?? [humanize(status), 'neutral']

const agentCaseStatus: Record<string, [string, Tone]> = {
  escalated: ['Escalated', 'info'],
  awaiting_info: ['Waiting for information', 'warning'],
  appealed: ['Appealed', 'info'],
}

/** The same statuses, said to one side: whose move it is matters most. */
export const caseStatusFor = (status: string, viewer: string): [string, Tone] => {
  if (viewer === 'agent' || viewer === 'admin')
    return agentCaseStatus[status] ?? caseStatusLabel(status)
  if (status === 'awaiting_seller')
    return viewer === 'seller' ? ['Your move', 'warning'] : ['Waiting for the seller', 'info']
  if (status === 'awaiting_buyer')
    return viewer === 'buyer' ? ['Your move', 'warning'] : ['Waiting for the buyer', 'info']
  return caseStatusLabel(status)
}

/**
 * The keys of a table typed on a vocabulary, in the table's order. The type
 * leaves no value out, so this is every value of the vocabulary.
 */
const keysOf = <K extends string>(table: Readonly<Record<K, unknown>>): K[] =>
  Object.keys(table) as K[]

/** How the buyer says it, picking a reason, in the order a buyer thinks of them; and what it needs as proof. */
export const caseReasonChoice: Record<CaseReason, { label: string; hint: string }> = {
  not_received: {
    label: 'It never arrived',
    hint: 'Tracking stalled, or it says delivered but nothing came.',
  },
  not_as_described: {
    label: 'It isn’t as described',
    hint: 'Size, colour, condition or details differ from the listing.',
  },
  damaged: { label: 'It arrived damaged', hint: 'Broken, torn or stained in transit.' },
  wrong_item: {
    label: 'I received the wrong item',
    hint: 'A different item, size or colour than you bought.',
  },
  defective: { label: 'It doesn’t work', hint: 'It powers on badly, or not at all.' },
  missing_parts: {
    label: 'Parts are missing',
    hint: 'Pieces, accessories or part of a set didn’t come.',
  },
  counterfeit: { label: 'I think it’s counterfeit', hint: 'Not the genuine brand it was sold as.' },
  doesnt_fit: { label: 'It doesn’t fit', hint: 'Matches the listing, but not you.' },
  changed_mind: {
    label: 'I changed my mind',
    hint: 'Nothing is wrong with it; you’d rather not keep it.',
  },
}
/** Every case reason, in the order a buyer thinks of them (the form's order). */
export const caseReasonChoices: readonly CaseReason[] = keysOf(caseReasonChoice)
export const caseReasonChoiceLabel = (reason: string): string => {
  const byAnyReason: Readonly<Record<string, { label: string } | undefined>> = caseReasonChoice
  return byAnyReason[reason]?.label ?? humanize(reason)
}

const caseReason: Record<CaseReason, string> = {
  not_received: 'Not received',
  not_as_described: 'Not as described',
  damaged: 'Damaged',
  wrong_item: 'Wrong item',
  defective: 'Defective',
  missing_parts: 'Missing parts',
  counterfeit: 'Counterfeit',
  changed_mind: 'Changed mind',
  doesnt_fit: 'Doesn’t fit',
}
export const caseReasonLabel = (reason: string): string => pick(caseReason, reason)
/** Every case reason, in the order the queue's filter offers them. */
export const caseReasons: readonly CaseReason[] = keysOf(caseReason)

/** What the buyer may ask for, in the order the form offers them. */
const desiredOutcome: Record<DesiredOutcome, string> = {
  full_refund: 'A full refund',
  return_and_refund: 'Return it for a refund',
  partial_refund_keep_item: 'A partial refund, keeping the item',
  replacement: 'A replacement',
}
export const desiredOutcomeLabel = (value: string): string => pick(desiredOutcome, value)
export const desiredOutcomeChoices: readonly DesiredOutcome[] = keysOf(desiredOutcome)

const offerKind: Record<string, string> = {
  partial_refund: 'Partial refund, keep the item',
  full_refund_keep_item: 'Full refund, keep the item',
  return_and_refund: 'Return the item, then a full refund',
  replacement: 'Send a replacement',
}
export const offerKindLabel = (kind: string): string => pick(offerKind, kind)

const offerStatus: Record<string, [string, Tone]> = {
  pending: ['Waiting for an answer', 'warning'],
  accepted: ['Accepted', 'success'],
  declined: ['Declined', 'muted'],
  lapsed: ['Lapsed', 'muted'],
}
export const offerStatusLabel = (status: string): [string, Tone] =>
  offerStatus[status] ?? [humanize(status), 'neutral']

const decisionOutcome: Record<DecisionOutcome, string> = {
  refund_full: 'Full refund to the buyer',
  refund_partial: 'Partial refund to the buyer',
  return_required: 'Return, then refund',
  replacement: 'Replacement',
  seller_favor: 'In the seller’s favour',
}
export const decisionOutcomeLabel = (value: string): string => pick(decisionOutcome, value)

const fault: Record<string, string> = {
  seller: 'The seller',
  buyer: 'The buyer',
  carrier: 'The carrier',
  none: 'Nobody',
  force_majeure: 'Force majeure',
}
export const faultLabel = (value: string): string => pick(fault, value)

const funder: Record<string, string> = {
  seller: 'The seller',
  marketplace: 'The marketplace',
  carrier: 'The carrier (claim)',
  buyer: 'The buyer',
}
export const funderLabel = (value: string): string => pick(funder, value)

const closeReason: Record<string, string> = {
  settled: 'Settled between buyer and seller',
  withdrawn: 'Withdrawn by the buyer',
  not_escalated: 'Not escalated in time',
  decided: 'Decided; the decision is final',
  appeal_decided: 'Appeal decided; final',
  auto_granted: 'Refunded automatically: the seller didn’t respond',
  return_not_shipped: 'The return wasn’t shipped in time',
  follow_up_completed: 'Return or replacement completed',
  replacement_failed: 'The replacement never arrived; refunded',
  swapped: 'Swapped orders: each buyer received the item they bought',
  payment_dispute: 'Closed: the buyer filed a chargeback with the card issuer',
}
export const closeReasonLabel = (value: string): string => pick(closeReason, value)

const reputationReason: Record<string, string> = {
  settled_in_grace: 'settled within the grace window',
  buyer_remorse: 'the buyer changed their mind',
  carrier_fault: 'the carrier was at fault',
  force_majeure: 'force majeure',
  decided_for_seller: 'decided in the seller’s favour',
  no_seller_fault: 'the seller was not at fault',
  withdrawn: 'the buyer withdrew',
  not_escalated: 'the buyer didn’t escalate',
  return_not_shipped: 'the buyer didn’t ship the return',
  seller_fault: 'the seller was at fault',
  settled: 'settled after the grace window',
  auto_granted: 'the seller didn’t respond',
  payment_dispute: 'the buyer filed a chargeback instead',
}
export const reputationReasonLabel = (value: string): string =>
  reputationReason[value] ?? humanize(value).toLowerCase()

const escalationReason: Record<string, string> = {
  buyer_requested: 'The buyer asked Recourse to step in',
  seller_requested: 'The seller asked Recourse to step in',
  seller_response_overdue: 'The seller didn’t respond in time',
  swap_failed: 'A swapped parcel wasn’t shipped in time',
}
export const escalationReasonLabel = (value: string): string => pick(escalationReason, value)

/** What a case's one live deadline means, said to each viewer. */
export const caseDeadlineLabel = (
  kind: string,
  viewer: string,
  /** For `information_request`: the party the agent asked. */
  asked?: string,
): string => {
  const mine = (party: string): boolean => viewer === party
  switch (kind) {
    case 'seller_response':
      return mine('seller') ? 'Respond to the claim by' : 'The seller responds by'
    case 'seller_offer_response':
      return mine('seller') ? 'Answer the buyer’s offer by' : 'The seller answers your offer by'
    case 'buyer_offer_response':
      return mine('buyer') ? 'Answer the offer by' : 'The buyer answers by'
    case 'escalation_window':
      return mine('buyer')
        ? 'You can ask Recourse to step in until'
        : 'The buyer can escalate until'
    case 'agent_decision_sla':
      return viewer === 'agent' ? 'Decide by' : 'Recourse decides by'
    case 'information_request':
      return asked === viewer
        ? 'Answer the agent by'
        : `The ${asked ?? 'party asked'} answers the agent by`
    case 'appeal_window':
      return 'Either side can appeal until'
    case 'replacement_delivery':
      return 'The replacement arrives by'
    default:
      return humanize(kind)
  }
}
