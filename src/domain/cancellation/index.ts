import type { Decider } from '../shared/decider.ts'
import type { CancellationCommand } from './commands.ts'
import { decideCancellation, type CancellationContext } from './decide.ts'
import type { CancellationEvent } from './events.ts'
import type { CancellationRejection } from './rejections.ts'
import { evolveCancellation, initialCancellationState, type CancellationState } from './state.ts'

export const cancellationDecider = {
  initialState: initialCancellationState,
  evolve: evolveCancellation,
  decide: decideCancellation,
} satisfies Decider<
  CancellationCommand,
  CancellationEvent,
  CancellationState,
  CancellationContext,
  CancellationRejection
>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './escalate.ts'
export * from './refund.ts'
export * from './eligibility.ts'
export * from './events.ts'
export * from './rejections.ts'
export * from './state.ts'
export * from './transitions.ts'
