import type { Decider } from '../shared/decider.ts'
import type { ReturnCommand } from './commands.ts'
import { decideReturn, type ReturnContext } from './decide.ts'
import type { ReturnEvent } from './events.ts'
import type { ReturnRejection } from './rejections.ts'
import { evolveReturn, initialReturnState, type ReturnState } from './state.ts'

export const returnDecider = {
  initialState: initialReturnState,
  evolve: evolveReturn,
  decide: decideReturn,
} satisfies Decider<ReturnCommand, ReturnEvent, ReturnState, ReturnContext, ReturnRejection>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './rules.ts'
export * from './state.ts'
export * from './transitions.ts'
