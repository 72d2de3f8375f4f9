import type { Decider } from '../shared/decider.ts'
import type { CaseCommand } from './commands.ts'
import { decideCase, type CaseContext } from './decide.ts'
import type { CaseEvent } from './events.ts'
import type { CaseRejection } from './rejections.ts'
import { evolveCase, initialCaseState, type CaseState } from './state.ts'

export const caseDecider = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
} satisfies Decider<CaseCommand, CaseEvent, CaseState, CaseContext, CaseRejection>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './format.ts'
export * from './rejections.ts'
export * from './rules.ts'
export * from './state.ts'
export * from './timeline.ts'
export * from './transitions.ts'
export * from './vocabulary.ts'
