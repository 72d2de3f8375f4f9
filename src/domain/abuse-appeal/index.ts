import { defineDecider } from '../shared/decider.ts'
import { decideAbuseAppeal } from './decide.ts'
import { evolveAbuseAppeal, initialAbuseAppealState } from './state.ts'

export const abuseAppealDecider = defineDecider({
  initialState: initialAbuseAppealState,
  evolve: evolveAbuseAppeal,
  decide: decideAbuseAppeal,
})
