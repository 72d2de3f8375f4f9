import type { Decider } from '../shared/decider.ts'
import type { AbuseAppealCommand } from './commands.ts'
import { decideAbuseAppeal, type AbuseAppealContext } from './decide.ts'
import type { AbuseAppealEvent } from './events.ts'
import type { AbuseAppealRejection } from './rejections.ts'
import { evolveAbuseAppeal, initialAbuseAppealState, type AbuseAppealState } from './state.ts'

export const abuseAppealDecider = {
  initialState: initialAbuseAppealState,
  evolve: evolveAbuseAppeal,
  decide: decideAbuseAppeal,
} satisfies Decider<
  AbuseAppealCommand,
  AbuseAppealEvent,
  AbuseAppealState,
  AbuseAppealContext,
  AbuseAppealRejection
>

export * from './actions.ts'
export * from './commands.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './rules.ts'
export * from './state.ts'
export * from './transitions.ts'
