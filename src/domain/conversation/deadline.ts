import type { Deadline } from '../shared/decider.ts'
import type { ConversationState } from './state.ts'

/**
 * A thread has no live deadline: its lock is a moment computed from the
 * order and its cases (`threadLocksAt`) and checked when someone posts, so
 * nothing needs to fire.
 */
export const activeConversationDeadline = (_state: ConversationState): Deadline | null => null
