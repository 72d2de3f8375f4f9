import type { Transitions } from '../shared/decider.ts'
import type { ConversationStatus } from './state.ts'

/**
 * Legal thread status moves. `open` has no exit: a thread never closes, it
 * locks by time after its order and cases close (`lock.ts`).
 */
export const conversationTransitions = {
  none: ['open'],
  open: [],
} as const satisfies Transitions<ConversationStatus>

export const conversationInitialStatuses = ['none'] as const satisfies readonly ConversationStatus[]

export const conversationTerminalStatuses = [
  'open',
] as const satisfies readonly ConversationStatus[]
