import type { Decider } from '../shared/decider.ts'
import type { SwapCommand } from './commands.ts'
import { decideSwap, type SwapContext } from './decide.ts'
import type { SwapEvent } from './events.ts'
import type { SwapRejection } from './rejections.ts'
import { evolveSwap, initialSwapState, type SwapState } from './state.ts'

export const swapDecider = {
  initialState: initialSwapState,
  evolve: evolveSwap,
  decide: decideSwap,
} satisfies Decider<SwapCommand, SwapEvent, SwapState, SwapContext, SwapRejection>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './rules.ts'
export * from './state.ts'
export * from './transitions.ts'
