import type { RefundDestination } from '../../policy/vocabulary.ts'
import { minor } from '../shared/money.ts'
import type { Order } from '../order/state.ts'
import type { RefundDue } from './events.ts'

/**
 * A cancelled order refunds its whole total. `marketplace_credit` (Poshmark's
 * `cancellation.refundDestination`, and `forcedRefundDestination` when an
 * agent cancels) puts everything on the buyer's credit balance;
 * `original_payment` returns the card part to the card and the credit part
 * to credit.
 */
export const cancellationRefundDue = (order: Order, destination: RefundDestination): RefundDue => {
  const toOriginalPayment = destination === 'marketplace_credit' ? 0 : order.payment.card
  return {
    currency: order.currency,
    total: order.total,
    toOriginalPayment: minor(toOriginalPayment),
    toCredit: minor(order.total - toOriginalPayment),
    destination,
  }
}
