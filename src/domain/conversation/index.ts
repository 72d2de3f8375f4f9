import { defineDecider } from '../shared/decider.ts'
import { decideConversation } from './decide.ts'
import { evolveConversation, initialConversationState } from './state.ts'

export const conversationDecider = defineDecider({
  initialState: initialConversationState,
  evolve: evolveConversation,
  decide: decideConversation,
})
