import type { Decider } from '../shared/decider.ts'
import type { LedgerCommand } from './commands.ts'
import { decideLedger, type LedgerContext } from './decide.ts'
import type { LedgerEvent } from './events.ts'
import type { LedgerRejection } from './rejections.ts'
import { evolveLedger, initialLedgerState, type LedgerState } from './state.ts'

export const ledgerDecider = {
  initialState: initialLedgerState,
  evolve: evolveLedger,
  decide: decideLedger,
} satisfies Decider<LedgerCommand, LedgerEvent, LedgerState, LedgerContext, LedgerRejection>

export * from './accounts.ts'
export * from './actions.ts'
export * from './commands.ts'
export * from './credit-account.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './funding.ts'
export * from './postings.ts'
export * from './rejections.ts'
export * from './state.ts'
export * from './transitions.ts'
