import type { Instant } from '../../policy/time.ts'
import type { ActorKind } from '../shared/actor.ts'
import type { CancellationId, CaseId, OrderId, OrderLineId } from '../shared/ids.ts'
import type { Payment } from './events.ts'
import type { OrderStatus } from './state.ts'

/** Why the order decider refused a command: a stable code and the data to act on it. */
export type OrderRejection =
  | { readonly code: 'ORDER_NOT_FOUND' }
  | { readonly code: 'ORDER_ALREADY_IMPORTED'; readonly orderId: OrderId }
  | { readonly code: 'ORDER_HAS_NO_LINES' }
  | { readonly code: 'DUPLICATE_LINE'; readonly lineId: OrderLineId }
  | { readonly code: 'INVALID_QUANTITY'; readonly lineId: OrderLineId; readonly quantity: number }
  | { readonly code: 'INVALID_AMOUNT'; readonly field: string; readonly amount: number }
  | { readonly code: 'INVALID_CURRENCY'; readonly currency: string }
  | { readonly code: 'ORDER_TOTAL_MISMATCH'; readonly expected: number; readonly actual: number }
  | { readonly code: 'PAYMENT_MISMATCH'; readonly total: number; readonly paid: number }
  | {
      readonly code: 'PAYMENT_METHOD_MISMATCH'
      readonly method: Payment['method']
      readonly card: number
      readonly credit: number
    }
  | {
      readonly code: 'SHIP_BY_BEFORE_PURCHASE'
      readonly purchasedAt: Instant
      readonly shipBy: Instant
    }
  | {
      readonly code: 'ACTOR_NOT_ALLOWED'
      readonly actorKind: ActorKind
      readonly allowed: readonly ActorKind[]
    }
  | { readonly code: 'NOT_A_PARTY'; readonly required: 'buyer' | 'seller' }
  | { readonly code: 'TRACKING_REQUIRED' }
  | {
      readonly code: 'ORDER_CANCELLED'
      readonly cancelledAt: Instant
      readonly cancellationId: CancellationId
    }
  | { readonly code: 'ALREADY_SHIPPED'; readonly shippedAt: Instant }
  | { readonly code: 'NOT_SHIPPED'; readonly status: OrderStatus }
  | { readonly code: 'ALREADY_DELIVERED'; readonly deliveredAt: Instant }
  | { readonly code: 'ORDER_NOT_DELIVERED'; readonly status: OrderStatus }
  | { readonly code: 'ALREADY_ACCEPTED'; readonly acceptedAt: Instant }
  | { readonly code: 'CASE_OPEN'; readonly caseId: CaseId }
  | { readonly code: 'UNKNOWN_CASE'; readonly caseId: CaseId }

export type OrderRejectionCode = OrderRejection['code']

/** One sentence a buyer, seller or integrator can act on. Tests assert on codes, not on these. */
export const explainOrderRejection = (r: OrderRejection): string => {
  switch (r.code) {
    case 'ORDER_NOT_FOUND':
      return 'There is no such order.'
    case 'ORDER_ALREADY_IMPORTED':
      return `Order ${r.orderId} was already imported.`
    case 'ORDER_HAS_NO_LINES':
      return 'An order needs at least one line.'
    case 'DUPLICATE_LINE':
      return `Line ${r.lineId} appears more than once.`
    case 'INVALID_QUANTITY':
      return `Line ${r.lineId} has quantity ${r.quantity}; quantities are positive whole numbers.`
    case 'INVALID_AMOUNT':
      return `The amount ${r.field} is ${r.amount}; amounts are non-negative whole numbers of minor units.`
    case 'INVALID_CURRENCY':
      return `'${r.currency}' is not an ISO 4217 currency code.`
    case 'ORDER_TOTAL_MISMATCH':
      return `The total is ${r.actual} but lines, shipping and tax add up to ${r.expected}.`
    case 'PAYMENT_MISMATCH':
      return `The payment covers ${r.paid} of a total of ${r.total}.`
    case 'PAYMENT_METHOD_MISMATCH':
      return `A '${r.method}' payment cannot be ${r.card} by card and ${r.credit} in credit.`
    case 'SHIP_BY_BEFORE_PURCHASE':
      return `The ship-by date ${r.shipBy} is before the purchase at ${r.purchasedAt}.`
    case 'ACTOR_NOT_ALLOWED':
      return `A ${r.actorKind} may not do this; only: ${r.allowed.join(', ')}.`
    case 'NOT_A_PARTY':
      return `Only the order's ${r.required} may do this.`
    case 'TRACKING_REQUIRED':
      return 'A shipment needs a carrier and a tracking number.'
    case 'ORDER_CANCELLED':
      return `The order was cancelled at ${r.cancelledAt}.`
    case 'ALREADY_SHIPPED':
      return `The order already shipped at ${r.shippedAt}.`
    case 'NOT_SHIPPED':
      return `The order has not shipped (it is ${r.status}).`
    case 'ALREADY_DELIVERED':
      return `The order was already delivered at ${r.deliveredAt}.`
    case 'ORDER_NOT_DELIVERED':
      return `The order has not been delivered (it is ${r.status}).`
    case 'ALREADY_ACCEPTED':
      return `The order was already accepted at ${r.acceptedAt}.`
    case 'CASE_OPEN':
      return `Case ${r.caseId} is open on this order; it must close first.`
    case 'UNKNOWN_CASE':
      return `Case ${r.caseId} was never opened on this order.`
  }
}
