import type { Transitions } from '../shared/decider.ts'
import type { CancellationStatus } from './state.ts'

/**
 * Legal cancellation status moves. An immediate cancellation passes through
 * `requested` to `approved` within one decision.
 */
export const cancellationTransitions = {
  none: ['requested'],
  requested: ['approved', 'declined', 'withdrawn'],
  approved: [],
  declined: [],
  withdrawn: [],
} as const satisfies Transitions<CancellationStatus>

export const cancellationInitialStatuses = ['none'] as const satisfies readonly CancellationStatus[]

export const cancellationTerminalStatuses = [
  'approved',
  'declined',
  'withdrawn',
] as const satisfies readonly CancellationStatus[]
