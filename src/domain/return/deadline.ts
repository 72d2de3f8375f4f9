import { isBefore } from '../../policy/time.ts'
import type { Deadline } from '../shared/decider.ts'
import { reminderAt } from '../shared/reminder.ts'
import type { ReturnState } from './state.ts'

/**
 * The deadlines a return waits for; at most one is live.
 *
 * - `buyer_ship_by`: the buyer ships by then (`policy.returns.buyerShipBy`) or the return expires.
 * - `inspection`: the seller inspects by then (`policy.returns.sellerInspectionTime`) or the buyer is refunded in full.
 * - `dispute_window`: the buyer may dispute a deduction until then (`policy.returns.deductionDisputeWindow`); then the return closes.
 * - `buyer_ship_by_reminder`: the buyer who has not shipped yet is reminded before `buyer_ship_by` (`reminderAt`).
 */
export type ReturnDeadlineKind =
  'buyer_ship_by' | 'inspection' | 'dispute_window' | 'buyer_ship_by_reminder'

/** The one live deadline, from the due times fixed on the return's facts. */
export const activeReturnDeadline = (state: ReturnState): Deadline<ReturnDeadlineKind> | null => {
  switch (state.status) {
    case 'label_issued':
      return { kind: 'buyer_ship_by', dueAt: state.shipBy }
    case 'delivered_to_seller':
      return state.inspectBy === null ? null : { kind: 'inspection', dueAt: state.inspectBy }
    case 'refunded':
      return state.disputeBy === null ? null : { kind: 'dispute_window', dueAt: state.disputeBy }
    case 'none':
    case 'in_transit':
    case 'inspected':
    case 'inspection_disputed':
    case 'closed':
    case 'expired':
    case 'cancelled':
      return null
  }
}

/** The ship-by reminder while the buyer has not shipped and was not reminded yet; sent once. */
export const pendingReturnReminder = (state: ReturnState): Deadline<ReturnDeadlineKind> | null => {
  if (state.status !== 'label_issued' || state.shipByReminded === true) return null
  const at = reminderAt(state.createdAt, state.shipBy)
  return at === null ? null : { kind: 'buyer_ship_by_reminder', dueAt: at }
}

/** The deadline row the scheduler keeps: the pending reminder while it comes first, else the live deadline. */
export const scheduledReturnDeadline = (
  state: ReturnState,
): Deadline<ReturnDeadlineKind> | null => {
  const live = activeReturnDeadline(state)
  const reminder = pendingReturnReminder(state)
  if (reminder === null) return live
  return live === null || isBefore(reminder.dueAt, live.dueAt) ? reminder : live
}
