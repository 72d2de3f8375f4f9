import { defineDecider } from '../shared/decider.ts'
import { decideSwap } from './decide.ts'
import { evolveSwap, initialSwapState } from './state.ts'

export const swapDecider = defineDecider({
  initialState: initialSwapState,
  evolve: evolveSwap,
  decide: decideSwap,
})
