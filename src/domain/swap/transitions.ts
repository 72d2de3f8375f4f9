import type { Transitions } from '../shared/decider.ts'
import type { SwapLegStatus, SwapStatus } from './state.ts'

/** Legal swap status moves: it completes when both parcels arrive, or fails when one is not shipped in time. */
export const swapTransitions = {
  none: ['linked'],
  linked: ['completed', 'failed'],
  completed: [],
  failed: [],
} as const satisfies Transitions<SwapStatus>

export const swapInitialStatuses = ['none'] as const satisfies readonly SwapStatus[]

export const swapTerminalStatuses = ['completed', 'failed'] as const satisfies readonly SwapStatus[]

/** Legal moves of one parcel. A carrier may report delivery without an earlier scan. */
export const swapLegTransitions = {
  label_issued: ['in_transit', 'delivered'],
  in_transit: ['delivered'],
  delivered: [],
} as const satisfies Transitions<SwapLegStatus>

export const swapLegInitialStatuses = ['label_issued'] as const satisfies readonly SwapLegStatus[]

export const swapLegTerminalStatuses = ['delivered'] as const satisfies readonly SwapLegStatus[]
