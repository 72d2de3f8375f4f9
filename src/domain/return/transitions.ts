import type { Transitions } from '../shared/decider.ts'
import type { ReturnStatus } from './state.ts'

/**
 * Legal return status moves. An inspection that leaves nothing to refund
 * passes through `inspected` to `closed` in one decision, and so does a
 * refund with no deduction to dispute (`refunded` → `closed`). A carrier may
 * report delivery without an earlier scan (`label_issued` → `delivered_to_seller`).
 */
export const returnTransitions = {
  none: ['label_issued'],
  label_issued: ['in_transit', 'delivered_to_seller', 'expired', 'cancelled'],
  in_transit: ['delivered_to_seller', 'cancelled'],
  delivered_to_seller: ['inspected', 'inspection_disputed', 'cancelled'],
  inspected: ['refunded', 'closed'],
  refunded: ['inspection_disputed', 'closed'],
  inspection_disputed: ['inspected', 'closed'],
  closed: [],
  expired: [],
  cancelled: [],
} as const satisfies Transitions<ReturnStatus>

export const returnInitialStatuses = ['none'] as const satisfies readonly ReturnStatus[]

export const returnTerminalStatuses = [
  'closed',
  'expired',
  'cancelled',
] as const satisfies readonly ReturnStatus[]
