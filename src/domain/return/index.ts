import { defineDecider } from '../shared/decider.ts'
import { decideReturn } from './decide.ts'
import { evolveReturn, initialReturnState } from './state.ts'

export const returnDecider = defineDecider({
  initialState: initialReturnState,
  evolve: evolveReturn,
  decide: decideReturn,
})
