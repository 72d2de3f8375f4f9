import { defineDecider } from '../shared/decider.ts'
import { decideOrder } from './decide.ts'
import { evolveOrder, initialOrderState } from './state.ts'

export const orderDecider = defineDecider({
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
})
