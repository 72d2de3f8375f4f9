/** Builders for conversation tests, on the order fixtures' fixed clock (Monday 2026-11-23 14:00 UTC). */
import { defaultPolicy } from '../../policy/presets.ts'
import type { Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import { buyerId, metaOf, monday, orderId, sellerId } from '../order/fixtures.ts'
import type { Actor } from '../shared/actor.ts'
import { asId, type CaseId, type MessageId, type UserId } from '../shared/ids.ts'
import type { PostMessage } from './commands.ts'
import type { ConversationContext } from './decide.ts'
import type { ConversationEvent, ConversationId, Participant } from './events.ts'

export const conversationId = asId<ConversationId>('conversation-1')
export const messageId = (n: number): MessageId => asId<MessageId>(`message-${n}`)
export const caseOnOrder = asId<CaseId>('case-1')

export const asBuyer: Participant = { role: 'buyer', userId: buyerId }
export const asSeller: Participant = { role: 'seller', userId: sellerId }
export const asAgent: Participant = { role: 'agent', userId: asId<UserId>('agent-1') }

export const threadContext = (
  actor: Actor,
  now: Instant = monday,
  options: { agentsMayJoin?: boolean; closedAt?: Instant | null; policy?: Policy } = {},
): ConversationContext => ({
  meta: metaOf(actor, now),
  conversationId,
  order: { orderId, buyerId, sellerId },
  agentsMayJoin: options.agentsMayJoin ?? false,
  closedAt: options.closedAt ?? null,
  policy: options.policy ?? defaultPolicy,
})

export const post = (n: number, text: string, language = 'en'): PostMessage => ({
  type: 'PostMessage',
  messageId: messageId(n),
  text,
  language,
  languageSource: 'detected',
  attachments: [],
})

export const started = (at: Instant = monday): ConversationEvent => ({
  type: 'ConversationStarted',
  data: { conversationId, orderId, buyerId, sellerId, at },
})

export const posted = (
  n: number,
  by: Participant,
  text: string,
  options: { at?: Instant; language?: string; flagged?: boolean } = {},
): ConversationEvent => ({
  type: 'MessagePosted',
  data: {
    messageId: messageId(n),
    seq: n,
    by,
    at: options.at ?? monday,
    text,
    language: options.language ?? 'en',
    languageSource: 'detected',
    caseId: null,
    attachments: [],
    moderation: options.flagged
      ? { findings: [{ kind: 'phone', start: 0, end: text.length }], redacted: '[•••]' }
      : { findings: [], redacted: null },
  },
})
