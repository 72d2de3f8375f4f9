import type { Deadline } from '../shared/decider.ts'
import type { ReturnState } from './state.ts'

/**
 * The deadlines a return waits for; at most one is live.
 *
 * - `buyer_ship_by`: the buyer ships by then (`policy.returns.buyerShipBy`) or the return expires.
 * - `inspection`: the seller inspects by then (`policy.returns.sellerInspectionTime`) or the buyer is refunded in full.
 * - `dispute_window`: the buyer may dispute a deduction until then (`policy.returns.deductionDisputeWindow`); then the return closes.
 */
export type ReturnDeadlineKind = 'buyer_ship_by' | 'inspection' | 'dispute_window'

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
