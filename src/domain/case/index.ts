import { defineDecider } from '../shared/decider.ts'
import { decideCase } from './decide.ts'
import { evolveCase, initialCaseState } from './state.ts'

export const caseDecider = defineDecider({
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
})
