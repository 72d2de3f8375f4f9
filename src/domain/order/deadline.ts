import type { Policy } from '../../policy/types.ts'
import { addDuration, isBefore, subtractDuration, type Instant } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import type { Order, OrderState } from './state.ts'

/**
 * - `ship_by_reminder`: the seller is reminded before the ship-by date.
 * - `buyer_cancel_right`: the order is still unshipped N days after purchase; the buyer may cancel outright.
 * - `auto_accept`: the acceptance window after delivery passed; the sale becomes final.
 * - `late_shipment`: the ship-by date passed unshipped; seller and buyer are nudged once.
 * - `late_delivery`: the estimated delivery date passed undelivered; seller and buyer are nudged once.
 */
export type OrderDeadlineKind =
  'ship_by_reminder' | 'buyer_cancel_right' | 'auto_accept' | 'late_shipment' | 'late_delivery'

/** When the seller is reminded: `shipBy − policy.order.shipByReminderBefore`. */
export const shipByReminderAt = (order: Order, policy: Policy): Instant =>
  subtractDuration(order.shipBy, policy.order.shipByReminderBefore, policy.calendar)

/**
 * From when the buyer may cancel an unshipped order outright (Poshmark: 7 days
 * after purchase): `purchasedAt + policy.cancellation.buyerRightAfterUnshipped`,
 * or `null` when the policy grants no such right.
 */
export const buyerCancelRightFrom = (order: Order, policy: Policy): Instant | null =>
  policy.cancellation.buyerRightAfterUnshipped === null
    ? null
    : addDuration(order.purchasedAt, policy.cancellation.buyerRightAfterUnshipped, policy.calendar)

/**
 * When a delivered order is accepted automatically: `deliveredAt +
 * policy.order.autoAcceptAfterDelivery`. Always counted from delivery, so
 * after a case closes a window that already passed fires at once.
 */
export const autoAcceptAt = (order: Order, policy: Policy): Instant | null =>
  order.deliveredAt === null
    ? null
    : addDuration(order.deliveredAt, policy.order.autoAcceptAfterDelivery, policy.calendar)

/** Every deadline the order is waiting for, in no particular order. */
export const pendingOrderDeadlines = (
  state: OrderState,
  policy: Policy,
): Deadline<OrderDeadlineKind>[] => {
  switch (state.status) {
    case 'none':
    case 'accepted':
    case 'cancelled':
      return []
    case 'awaiting_shipment': {
      const pending: Deadline<OrderDeadlineKind>[] = []
      if (!state.shipByReminderSent) {
        pending.push({ kind: 'ship_by_reminder', dueAt: shipByReminderAt(state, policy) })
      }
      const rightFrom = buyerCancelRightFrom(state, policy)
      if (rightFrom !== null && !state.buyerCancelRightOpen) {
        pending.push({ kind: 'buyer_cancel_right', dueAt: rightFrom })
      }
      if (state.lateShipmentNudged !== true) {
        pending.push({ kind: 'late_shipment', dueAt: state.shipBy })
      }
      return pending
    }
    case 'shipped':
      // Nothing is delivered yet: once the estimated delivery date passes, both sides hear it once.
      return state.lateDeliveryNudged === true
        ? []
        : [{ kind: 'late_delivery', dueAt: state.estimatedDeliveryAt }]
    case 'delivered': {
      // An open case holds acceptance (and the payout) until it closes.
      const at = autoAcceptAt(state, policy)
      return state.openCaseId === null && at !== null ? [{ kind: 'auto_accept', dueAt: at }] : []
    }
  }
}

/** The one live deadline: the earliest pending one (the first listed on a tie), or `null`. */
export const activeOrderDeadline = (
  state: OrderState,
  policy: Policy,
): Deadline<OrderDeadlineKind> | null =>
  pendingOrderDeadlines(state, policy).reduce<Deadline<OrderDeadlineKind> | null>(
    (best, d) => (best === null || isBefore(d.dueAt, best.dueAt) ? d : best),
    null,
  )
