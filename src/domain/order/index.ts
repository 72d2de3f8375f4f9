import type { Decider } from '../shared/decider.ts'
import type { OrderCommand } from './commands.ts'
import { decideOrder, type OrderContext } from './decide.ts'
import type { OrderEvent } from './events.ts'
import type { OrderRejection } from './rejections.ts'
import { evolveOrder, initialOrderState, type OrderState } from './state.ts'

export const orderDecider = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
} satisfies Decider<OrderCommand, OrderEvent, OrderState, OrderContext, OrderRejection>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './state.ts'
export * from './transitions.ts'
