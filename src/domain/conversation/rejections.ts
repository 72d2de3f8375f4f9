import type { Instant } from '../../policy/time.ts'
import type { MessageId } from '../shared/ids.ts'

/** Why the thread refused a command: a stable code with the data to act on it. */
export type ConversationRejection =
  /** The caller is not the order's buyer or seller, nor an agent on an escalated case. */
  | { readonly code: 'NOT_A_PARTICIPANT' }
  /** Admins and integrations read threads; they do not write in them. */
  | { readonly code: 'ROLE_NOT_ALLOWED'; readonly allowed: readonly string[] }
  | { readonly code: 'CONVERSATION_LOCKED'; readonly lockedAt: Instant }
  | { readonly code: 'MESSAGE_EMPTY' }
  | { readonly code: 'MESSAGE_TOO_LONG'; readonly maxLength: number; readonly length: number }
  | { readonly code: 'TOO_MANY_ATTACHMENTS'; readonly max: number }
  | { readonly code: 'CONVERSATION_FULL'; readonly maxMessages: number }
  | { readonly code: 'MESSAGE_NOT_FOUND'; readonly messageId?: MessageId; readonly seq?: number }
  | { readonly code: 'MESSAGE_ALREADY_POSTED'; readonly messageId: MessageId }
  | { readonly code: 'MESSAGE_NOT_FLAGGED'; readonly messageId: MessageId }

export type ConversationRejectionCode = ConversationRejection['code']

/** One sentence a person can act on. Tests assert on codes, not on these. */
export const explainConversationRejection = (r: ConversationRejection): string => {
  switch (r.code) {
    case 'NOT_A_PARTICIPANT':
      return "Only the order's buyer and seller, and agents once a case is escalated, take part in this conversation."
    case 'ROLE_NOT_ALLOWED':
      return `Only ${r.allowed.join(', ')} may do this.`
    case 'CONVERSATION_LOCKED':
      return `The conversation locked at ${r.lockedAt}, after the order and its cases closed.`
    case 'MESSAGE_EMPTY':
      return 'Write something or attach a file.'
    case 'MESSAGE_TOO_LONG':
      return `Messages hold at most ${r.maxLength} characters; this one has ${r.length}.`
    case 'TOO_MANY_ATTACHMENTS':
      return `A message carries at most ${r.max} files.`
    case 'CONVERSATION_FULL':
      return `The conversation reached its ${r.maxMessages} messages; ask for an agent.`
    case 'MESSAGE_NOT_FOUND':
      return 'There is no such message in this conversation.'
    case 'MESSAGE_ALREADY_POSTED':
      return `Message ${r.messageId} is already in the conversation.`
    case 'MESSAGE_NOT_FLAGGED':
      return `Message ${r.messageId} was not flagged by moderation.`
  }
}
