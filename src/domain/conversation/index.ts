import type { Decider } from '../shared/decider.ts'
import type { ConversationCommand } from './commands.ts'
import { decideConversation, type ConversationContext } from './decide.ts'
import type { ConversationEvent } from './events.ts'
import type { ConversationRejection } from './rejections.ts'
import { evolveConversation, initialConversationState, type ConversationState } from './state.ts'

export const conversationDecider = {
  initialState: initialConversationState,
  evolve: evolveConversation,
  decide: decideConversation,
} satisfies Decider<
  ConversationCommand,
  ConversationEvent,
  ConversationState,
  ConversationContext,
  ConversationRejection
>

export * from './actions.ts'
export * from './commands.ts'
export * from './deadline.ts'
export * from './decide.ts'
export * from './events.ts'
export * from './lock.ts'
export * from './moderation.ts'
export * from './rejections.ts'
export * from './state.ts'
export * from './transitions.ts'
