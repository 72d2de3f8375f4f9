import type { Transitions } from '../shared/decider.ts'
import type { OrderStatus } from './state.ts'

/** Legal order status moves. An order starts `awaiting_shipment` when imported. */
export const orderTransitions = {
  awaiting_shipment: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['accepted'],
  accepted: [],
  cancelled: [],
} as const satisfies Transitions<OrderStatus>

export const orderInitialStatuses = ['awaiting_shipment'] as const satisfies readonly OrderStatus[]

/** The sale is final or it never happened; a case may still be noted on an accepted order. */
export const orderTerminalStatuses = [
  'accepted',
  'cancelled',
] as const satisfies readonly OrderStatus[]
