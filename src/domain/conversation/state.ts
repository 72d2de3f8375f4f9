import type { Instant } from '../../policy/time.ts'
import type { MessageId, OrderId, UserId } from '../shared/ids.ts'
import type { ConversationEvent, ConversationId, ParticipantRole, ReviewVerdict } from './events.ts'

/**
 * A thread is `none` until its first message or read, then `open` for good:
 * it locks by time (`policy.messaging.lockAfterClose` after the order and its
 * cases close), which `decide` checks on every post rather than a status.
 */
export type ConversationStatus = 'none' | 'open'

/** What the decider keeps of each message: enough for receipts, translations and reviews, not the text. */
export interface MessageRecord {
  readonly messageId: MessageId
  readonly seq: number
  readonly role: ParticipantRole
  readonly userId: UserId
  readonly language: string
  readonly translatedInto: readonly string[]
  readonly flagged: boolean
  readonly review: ReviewVerdict | null
}

export interface ReadMark {
  readonly upToSeq: number
  readonly at: Instant
}

export interface Conversation {
  readonly status: 'open'
  readonly conversationId: ConversationId
  readonly orderId: OrderId
  readonly buyerId: UserId
  readonly sellerId: UserId
  readonly startedAt: Instant
  readonly messages: readonly MessageRecord[]
  /** How far each party has read; agents' reads are not receipts. */
  readonly reads: { readonly buyer: ReadMark | null; readonly seller: ReadMark | null }
}

export type ConversationState = { readonly status: 'none' } | Conversation

export const initialConversationState: ConversationState = { status: 'none' }

export const lastSeq = (c: Conversation): number => c.messages.at(-1)?.seq ?? 0

const updateMessage = (
  c: Conversation,
  messageId: MessageId,
  update: (m: MessageRecord) => MessageRecord,
): Conversation => ({
  ...c,
  messages: c.messages.map((m) => (m.messageId === messageId ? update(m) : m)),
})

/**
 * Folds one fact into the thread. Total: it never throws while replaying
 * history; a fact that cannot apply leaves the state as it is.
 */
export const evolveConversation = (
  state: ConversationState,
  event: ConversationEvent,
): ConversationState => {
  if (state.status === 'none') {
    if (event.type !== 'ConversationStarted') return state
    return {
      status: 'open',
      conversationId: event.data.conversationId,
      orderId: event.data.orderId,
      buyerId: event.data.buyerId,
      sellerId: event.data.sellerId,
      startedAt: event.data.at,
      messages: [],
      reads: { buyer: null, seller: null },
    }
  }
  switch (event.type) {
    case 'ConversationStarted':
      return state
    case 'MessagePosted': {
      const d = event.data
      return {
        ...state,
        messages: [
          ...state.messages,
          {
            messageId: d.messageId,
            seq: d.seq,
            role: d.by.role,
            userId: d.by.userId,
            language: d.language,
            translatedInto: [],
            flagged: d.moderation.findings.length > 0,
            review: null,
          },
        ],
      }
    }
    case 'MessageTranslated':
      return updateMessage(state, event.data.messageId, (m) =>
        m.translatedInto.includes(event.data.language)
          ? m
          : { ...m, translatedInto: [...m.translatedInto, event.data.language] },
      )
    case 'MessagesRead': {
      const { by, upToSeq, at } = event.data
      if (by.role === 'agent') return state
      return { ...state, reads: { ...state.reads, [by.role]: { upToSeq, at } } }
    }
    case 'MessageReviewed':
      return updateMessage(state, event.data.messageId, (m) => ({
        ...m,
        review: event.data.verdict,
      }))
  }
}
