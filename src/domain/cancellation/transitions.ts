import type { Transitions } from '../shared/decider.ts'
import type { CancellationStatus } from './state.ts'

/**
 * Legal cancellation status moves. An immediate cancellation passes through
 * `requested` to `approved` within one decision; a seller asking the
 * marketplace passes through `requested` to `escalated`. A declined request
 * may still go to the marketplace within `escalationWindowAfterDecline`.
 */
export const cancellationTransitions = {
  none: ['requested'],
  requested: ['approved', 'declined', 'withdrawn', 'escalated'],
  declined: ['escalated'],
  // The agent asks a party, cancels the order or keeps it.
  escalated: ['awaiting_info', 'approved', 'upheld'],
  // Back to the agent on an answer or the deadline; the agent may decide without the answer.
  awaiting_info: ['escalated', 'approved', 'upheld'],
  approved: [],
  withdrawn: [],
  upheld: [],
} as const satisfies Transitions<CancellationStatus>

export const cancellationInitialStatuses = ['none'] as const satisfies readonly CancellationStatus[]

export const cancellationTerminalStatuses = [
  'approved',
  'withdrawn',
  'upheld',
] as const satisfies readonly CancellationStatus[]
