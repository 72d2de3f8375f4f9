import { isAtOrAfter, type Instant } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { CommandMeta, Decision } from '../shared/decider.ts'
import { byCommandType, reject } from '../shared/decider.ts'
import type { CaseId, MessageId, OrderId, UserId } from '../shared/ids.ts'
import type {
  ConversationCommand,
  MarkRead,
  PostMessage,
  RecordCaseMessage,
  RecordTranslation,
  ReviewMessage,
} from './commands.ts'
import type {
  Attachment,
  ConversationEvent,
  ConversationId,
  LanguageSource,
  Participant,
} from './events.ts'
import { threadLocksAt } from './lock.ts'
import { moderate } from './moderation.ts'
import type { ConversationRejection } from './rejections.ts'
import { evolveConversation, lastSeq, type Conversation, type ConversationState } from './state.ts'

/** The longest message, in characters: long enough for a claim's story, short enough to read on a phone. */
export const MAX_MESSAGE_LENGTH = 4000
/** Files one message may carry (each follows the evidence file rules). */
export const MAX_ATTACHMENTS = 5
/** A thread this long has stopped being a negotiation; the parties should escalate. */
export const MAX_MESSAGES = 1000

/**
 * What `decide` needs besides the command: time and actor, the thread's
 * order, whether agents may take part, and when the order's business ended.
 */
export interface ConversationContext {
  readonly meta: CommandMeta
  readonly conversationId: ConversationId
  readonly order: {
    readonly orderId: OrderId
    readonly buyerId: UserId
    readonly sellerId: UserId
  }
  /** A case on the order was escalated: agents join the thread. */
  readonly agentsMayJoin: boolean
  /** `threadClosedAt(…)`: when the order and its cases ended; `null` while any is open. */
  readonly closedAt: Instant | null
  /** The order's policy: `messaging` (lock, redaction) and the calendar its durations count in. */
  readonly policy: Pick<Policy, 'messaging' | 'calendar'>
}

type ConversationDecision = Decision<ConversationEvent, ConversationRejection>

const refuse = (r: ConversationRejection): ConversationDecision => reject(r)

/** The caller as a participant of the thread, or why not. */
export const participantOf = (ctx: ConversationContext): Participant | ConversationRejection => {
  const { actor } = ctx.meta
  switch (actor.kind) {
    case 'buyer':
      return actor.id === ctx.order.buyerId
        ? { role: 'buyer', userId: actor.id }
        : { code: 'NOT_A_PARTICIPANT' }
    case 'seller':
      return actor.id === ctx.order.sellerId
        ? { role: 'seller', userId: actor.id }
        : { code: 'NOT_A_PARTICIPANT' }
    case 'agent':
      return ctx.agentsMayJoin ? { role: 'agent', userId: actor.id } : { code: 'NOT_A_PARTICIPANT' }
    case 'admin':
    case 'integration':
    case 'system':
      return { code: 'ROLE_NOT_ALLOWED', allowed: ['buyer', 'seller', 'agent'] }
  }
}

const isRejection = (v: Participant | ConversationRejection): v is ConversationRejection =>
  'code' in v

/** The thread's facts start with `ConversationStarted` the first time anything happens in it. */
const opened = (
  state: ConversationState,
  ctx: ConversationContext,
): { thread: Conversation; started: ConversationEvent[] } => {
  if (state.status === 'open') return { thread: state, started: [] }
  const started: ConversationEvent = {
    type: 'ConversationStarted',
    data: {
      conversationId: ctx.conversationId,
      orderId: ctx.order.orderId,
      buyerId: ctx.order.buyerId,
      sellerId: ctx.order.sellerId,
      at: ctx.meta.now,
    },
  }
  return { thread: evolveConversation(state, started) as Conversation, started: [started] }
}

const messageFacts = (
  state: ConversationState,
  ctx: ConversationContext,
  m: {
    messageId: MessageId
    by: Participant
    text: string
    language: string
    languageSource: LanguageSource
    caseId: CaseId | null
    attachments: readonly Attachment[]
  },
): ConversationDecision => {
  const { thread, started } = opened(state, ctx)
  if (thread.messages.some((r) => r.messageId === m.messageId)) {
    return refuse({ code: 'MESSAGE_ALREADY_POSTED', messageId: m.messageId })
  }
  // A case's message is never lost for want of room: only the thread's own posts are capped.
  if (m.caseId === null && thread.messages.length >= MAX_MESSAGES) {
    return refuse({ code: 'CONVERSATION_FULL', maxMessages: MAX_MESSAGES })
  }
  const text = m.text.trim()
  return [
    ...started,
    {
      type: 'MessagePosted',
      data: {
        messageId: m.messageId,
        seq: lastSeq(thread) + 1,
        by: m.by,
        at: ctx.meta.now,
        text,
        language: m.language,
        languageSource: m.languageSource,
        caseId: m.caseId,
        attachments: m.attachments,
        moderation: moderate(text, ctx.policy.messaging.redact),
      },
    },
  ]
}

const postMessage = (
  cmd: PostMessage,
  state: ConversationState,
  ctx: ConversationContext,
): ConversationDecision => {
  const by = participantOf(ctx)
  if (isRejection(by)) return refuse(by)
  // `policy.messaging.lockAfterClose`: the thread stops taking posts after its business ended.
  const locksAt = threadLocksAt(ctx.closedAt, ctx.policy)
  if (locksAt !== null && isAtOrAfter(ctx.meta.now, locksAt)) {
    return refuse({ code: 'CONVERSATION_LOCKED', lockedAt: locksAt })
  }
  const length = cmd.text.trim().length
  if (length === 0 && cmd.attachments.length === 0) return refuse({ code: 'MESSAGE_EMPTY' })
  if (length > MAX_MESSAGE_LENGTH) {
    return refuse({ code: 'MESSAGE_TOO_LONG', maxLength: MAX_MESSAGE_LENGTH, length })
  }
  if (cmd.attachments.length > MAX_ATTACHMENTS) {
    return refuse({ code: 'TOO_MANY_ATTACHMENTS', max: MAX_ATTACHMENTS })
  }
  return messageFacts(state, ctx, { ...cmd, by, caseId: null })
}

const recordCaseMessage = (
  cmd: RecordCaseMessage,
  state: ConversationState,
  ctx: ConversationContext,
): ConversationDecision => {
  const thread = state.status === 'open' ? state : null
  // A retried mirror of the same case message changes nothing.
  if (thread?.messages.some((m) => m.messageId === cmd.messageId)) return []
  return messageFacts(state, ctx, { ...cmd, attachments: [] })
}

const recordTranslation = (
  cmd: RecordTranslation,
  state: ConversationState,
  ctx: ConversationContext,
): ConversationDecision => {
  if (state.status === 'none')
    return refuse({ code: 'MESSAGE_NOT_FOUND', messageId: cmd.messageId })
  const message = state.messages.find((m) => m.messageId === cmd.messageId)
  if (!message) return refuse({ code: 'MESSAGE_NOT_FOUND', messageId: cmd.messageId })
  // A retried job, or a translation into the message's own language, adds nothing.
  if (message.language === cmd.language || message.translatedInto.includes(cmd.language)) return []
  return [
    {
      type: 'MessageTranslated',
      data: {
        messageId: cmd.messageId,
        language: cmd.language,
        text: cmd.text,
        engine: cmd.engine,
        quality: cmd.quality,
        at: ctx.meta.now,
      },
    },
  ]
}

const markRead = (
  cmd: MarkRead,
  state: ConversationState,
  ctx: ConversationContext,
): ConversationDecision => {
  const by = participantOf(ctx)
  if (isRejection(by)) return refuse(by)
  const { thread, started } = opened(state, ctx)
  const latest = lastSeq(thread)
  const upToSeq = cmd.upToSeq ?? latest
  if (upToSeq > latest || upToSeq < 0) return refuse({ code: 'MESSAGE_NOT_FOUND', seq: upToSeq })
  const current = by.role === 'agent' ? null : thread.reads[by.role]
  // Reading back never moves a receipt backwards; agents leave no receipt.
  if (by.role === 'agent' || upToSeq === 0 || (current && current.upToSeq >= upToSeq)) return []
  return [...started, { type: 'MessagesRead', data: { by, upToSeq, at: ctx.meta.now } }]
}

const reviewMessage = (
  cmd: ReviewMessage,
  state: ConversationState,
  ctx: ConversationContext,
): ConversationDecision => {
  const { actor } = ctx.meta
  if (actor.kind !== 'agent') return refuse({ code: 'ROLE_NOT_ALLOWED', allowed: ['agent'] })
  if (state.status === 'none')
    return refuse({ code: 'MESSAGE_NOT_FOUND', messageId: cmd.messageId })
  const message = state.messages.find((m) => m.messageId === cmd.messageId)
  if (!message) return refuse({ code: 'MESSAGE_NOT_FOUND', messageId: cmd.messageId })
  if (!message.flagged) return refuse({ code: 'MESSAGE_NOT_FLAGGED', messageId: cmd.messageId })
  if (message.review === cmd.verdict) return []
  return [
    {
      type: 'MessageReviewed',
      data: {
        messageId: cmd.messageId,
        by: { role: 'agent', userId: actor.id },
        verdict: cmd.verdict,
        at: ctx.meta.now,
      },
    },
  ]
}

export const decideConversation: (
  command: ConversationCommand,
  state: ConversationState,
  ctx: ConversationContext,
) => ConversationDecision = byCommandType({
  PostMessage: postMessage,
  RecordCaseMessage: recordCaseMessage,
  RecordTranslation: recordTranslation,
  MarkRead: markRead,
  ReviewMessage: reviewMessage,
})
