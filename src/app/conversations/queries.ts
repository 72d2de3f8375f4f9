import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { Case } from '../../domain/case/state.ts'
import {
  availableConversationActions,
  type ConversationAction,
} from '../../domain/conversation/actions.ts'
import type { ConversationContext } from '../../domain/conversation/decide.ts'
import type { Attachment, ConversationId, Finding } from '../../domain/conversation/events.ts'
import { threadClosedAt, threadLocksAt } from '../../domain/conversation/lock.ts'
import type { ReadMark } from '../../domain/conversation/state.ts'
import type { Order } from '../../domain/order/state.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import { asId, type UserId } from '../../domain/shared/ids.ts'
import type { Instant } from '../../policy/time.ts'
import { isAtOrAfter } from '../../policy/time.ts'
import type { Policy } from '../../policy/types.ts'
import type { Queryable } from '../../store/database.ts'
import { fromDbTime, loadAggregate } from '../../store/event-store.ts'
import { aggregates, conversationMessages, messageAttachments } from '../../store/schema.ts'
import { fileContent, fileInfo, type FileRecord } from '../../integrations/files.ts'
import { primaryLanguage } from '../../integrations/translation.ts'
import { conversationAggregate, orderAggregate } from '../aggregates.ts'
import { recipientOf } from '../notifications/queries.ts'
import type { PolicyBook } from '../policies/commands.ts'

const CONVERSATION_NAMESPACE = '0d4a8f5e-2b7c-4c1e-9f3a-6e5d7b8c9a01'

/** One thread per order: its id is derived from the order's, so every writer finds the same stream. */
export const conversationIdFor = (orderId: string): ConversationId =>
  uuidv5(orderId, CONVERSATION_NAMESPACE) as ConversationId

/** Who is reading: a participant, or staff reading the record. */
export type ReaderRole = 'buyer' | 'seller' | 'agent' | 'admin'

export interface MessageView {
  readonly id: string
  readonly seq: number
  readonly author: { readonly role: string; readonly id: string }
  readonly postedAt: Instant
  readonly caseId: string | null
  /** The language it was written in, and whether that was detected or assumed from the author's profile. */
  readonly language: string
  readonly languageSource: string
  /** What this reader sees: a machine translation into their language when there is one. */
  readonly text: string
  readonly textLanguage: string
  /** Set when `text` is a machine translation: which engine, from and into what. */
  readonly translation: {
    readonly label: 'machine_translation'
    readonly engine: string
    readonly quality: string
    readonly from: string
    readonly to: string
  } | null
  /** The message in its own language, as this reader may see it (contact details hidden from the counterparty): the "see original" view. */
  readonly untranslated: string
  /** Exactly as written: only for its author and for agents. */
  readonly original?: string
  readonly moderation: {
    /** Something was hidden from the counterparty. */
    readonly redacted: boolean
    /** For the author and agents: what was hidden (offsets into `original`). */
    readonly findings?: readonly Finding[]
    /** For agents: flagged for review, and the review if there was one. */
    readonly flagged?: boolean
    readonly review?: string | null
  }
  readonly attachments: readonly (Attachment & { readonly url: string })[]
}

export interface ConversationView {
  readonly id: string
  readonly orderId: string
  readonly you: { readonly role: ReaderRole; readonly language: string }
  readonly buyerId: string
  readonly sellerId: string
  /** Agents take part once a case on the order is escalated. */
  readonly agentsJoined: boolean
  /** `policy.messaging.lockAfterClose` after the order and its cases closed; `null` while any is open. */
  readonly locksAt: Instant | null
  readonly locked: boolean
  readonly readReceipts: { readonly buyer: ReadMark | null; readonly seller: ReadMark | null }
  /** Messages from the other side the caller has not marked read. */
  readonly unreadCount: number
  readonly messages: readonly MessageView[]
  /** `afterSeq` for the next page, or `null`. */
  readonly nextCursor: number | null
  readonly availableActions: readonly ConversationAction[]
}

/** Everything about a thread's order that access, the lock and the decider need. */
export interface Thread {
  readonly conversationId: ConversationId
  readonly order: Order
  readonly policy: Policy
  readonly cases: readonly Pick<Case, 'caseId' | 'status' | 'closedAt' | 'escalatedAt'>[]
  readonly agentsMayJoin: boolean
  readonly closedAt: Instant | null
}

export type MessageRow = typeof conversationMessages.$inferSelect
export type StoredTranslations = Readonly<
  Record<string, { text: string; engine: string; quality: string; at: string }>
>

/** Order threads as their participants read them, and the agents' moderation queue. */
export class ConversationQueries {
  constructor(protected readonly policies: PolicyBook) {}

  protected async thread(q: Queryable, orderId: string): Promise<Thread | null> {
    const order = await loadAggregate(q, orderAggregate, orderId)
    if (order.state.status === 'none') return null
    const o = order.state
    const caseRows = await q
      .select({ state: aggregates.state })
      .from(aggregates)
      .where(and(eq(aggregates.type, 'case'), eq(aggregates.orderId, orderId)))
    const cases = caseRows.map((r) => r.state as Case)
    const orderClosedAt =
      o.status === 'accepted' ? o.acceptedAt : o.status === 'cancelled' ? o.cancelledAt : null
    return {
      conversationId: conversationIdFor(orderId),
      order: o,
      policy: await this.policies.get(q, o.policyVersionId),
      cases,
      agentsMayJoin: cases.some((c) => c.escalatedAt !== null),
      closedAt: threadClosedAt({ orderClosedAt, cases }),
    }
  }

  /** How the caller reads this thread, or `null`: not theirs to see (a 404). */
  protected readerRole(actor: Actor, t: Thread): ReaderRole | null {
    switch (actor.kind) {
      case 'buyer':
        return actor.id === t.order.buyerId ? 'buyer' : null
      case 'seller':
        return actor.id === t.order.sellerId ? 'seller' : null
      case 'agent':
        // Agents read a thread once a case on its order is escalated, never before.
        return t.agentsMayJoin ? 'agent' : null
      case 'admin':
        return 'admin'
      case 'integration':
      case 'system':
        return null
    }
  }

  protected context(t: Thread, actor: Actor, now: Instant): ConversationContext {
    return {
      meta: { actor, now },
      conversationId: t.conversationId,
      order: { orderId: t.order.orderId, buyerId: t.order.buyerId, sellerId: t.order.sellerId },
      agentsMayJoin: t.agentsMayJoin,
      closedAt: t.closedAt,
      policy: t.policy,
    }
  }

  async get(
    q: Queryable,
    actor: Actor,
    orderId: string,
    query: { afterSeq?: number | undefined; limit: number },
    now: Instant,
  ): Promise<ConversationView | null> {
    const t = await this.thread(q, orderId)
    if (!t) return null
    const role = this.readerRole(actor, t)
    if (!role) return null
    const loaded = await loadAggregate(q, conversationAggregate, t.conversationId)
    const language = primaryLanguage((await recipientOf(q, actor.id)).locale)
    const rows = await q
      .select()
      .from(conversationMessages)
      .where(
        and(
          eq(conversationMessages.conversationId, t.conversationId),
          gt(conversationMessages.seq, query.afterSeq ?? 0),
        ),
      )
      .orderBy(asc(conversationMessages.seq))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    const state = loaded.state
    const reads = state.status === 'open' ? state.reads : { buyer: null, seller: null }
    const mine = role === 'buyer' || role === 'seller' ? reads[role] : null
    const unreadCount =
      state.status === 'open' && (role === 'buyer' || role === 'seller')
        ? state.messages.filter((m) => m.seq > (mine?.upToSeq ?? 0) && m.userId !== actor.id).length
        : 0
    const locksAt = threadLocksAt(t.closedAt, t.policy)
    const ctx = this.context(t, actor, now)
    return {
      id: t.conversationId,
      orderId,
      you: { role, language },
      buyerId: t.order.buyerId,
      sellerId: t.order.sellerId,
      agentsJoined: t.agentsMayJoin,
      locksAt,
      locked: locksAt !== null && isAtOrAfter(now, locksAt),
      readReceipts: reads,
      unreadCount,
      messages: page.map((r) => this.messageView(r, actor, role, language)),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
      availableActions: availableConversationActions(actor, { ...ctx, now }),
    }
  }

  protected messageView(
    r: MessageRow,
    actor: Actor,
    role: ReaderRole,
    language: string,
  ): MessageView {
    const isAuthor = r.authorId === actor.id && r.authorRole === role
    const staff = role === 'agent' || role === 'admin'
    const seesOriginal = isAuthor || staff
    const untranslated = seesOriginal ? r.original : (r.redacted ?? r.original)
    const translations = r.translations as StoredTranslations
    // The author reads their own words; everyone else gets their language when a translation exists.
    const translated = isAuthor || language === r.language ? undefined : translations[language]
    const findings = r.findings as Finding[]
    return {
      id: r.messageId,
      seq: r.seq,
      author: { role: r.authorRole, id: r.authorId },
      postedAt: fromDbTime(r.postedAt),
      caseId: r.caseId,
      language: r.language,
      languageSource: r.languageSource,
      text: translated?.text ?? untranslated,
      textLanguage: translated ? language : r.language,
      translation: translated
        ? {
            label: 'machine_translation',
            engine: translated.engine,
            quality: translated.quality,
            from: r.language,
            to: language,
          }
        : null,
      untranslated,
      ...(seesOriginal ? { original: r.original } : {}),
      moderation: {
        redacted: r.redacted !== null,
        ...(seesOriginal ? { findings } : {}),
        ...(staff ? { flagged: r.flagged, review: r.reviewedAt ? 'reviewed' : null } : {}),
      },
      attachments: (r.attachments as Attachment[]).map((a) => ({
        ...a,
        url: `/v1/orders/${r.orderId}/conversation/attachments/${a.fileId}`,
      })),
    }
  }

  /** A file attached to a message of this thread, if the caller may read the thread. */
  async attachment(
    q: Queryable,
    actor: Actor,
    orderId: string,
    fileId: string,
  ): Promise<{ file: FileRecord; content: Buffer } | null> {
    const t = await this.thread(q, orderId)
    if (!t || !this.readerRole(actor, t)) return null
    const rows = await q
      .select()
      .from(messageAttachments)
      .where(
        and(
          eq(messageAttachments.fileId, fileId),
          eq(messageAttachments.conversationId, t.conversationId),
        ),
      )
    if (rows.length === 0) return null
    const file = await fileInfo(q, fileId)
    const content = await fileContent(q, fileId)
    return file && content ? { file, content } : null
  }

  /** Flagged messages not yet reviewed, oldest first: the agents' moderation queue. */
  async flagged(
    q: Queryable,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: (MessageView & { orderId: string })[]; nextCursor: string | null }> {
    const conditions: SQL[] = [
      eq(conversationMessages.flagged, true),
      sql`${conversationMessages.reviewedAt} is null`,
    ]
    if (query.cursor) conditions.push(gt(conversationMessages.messageId, query.cursor))
    const rows = await q
      .select()
      .from(conversationMessages)
      .where(and(...conditions))
      .orderBy(asc(conversationMessages.messageId))
      .limit(query.limit + 1)
    const page = rows.slice(0, query.limit)
    const agent: Actor = { kind: 'agent', id: asId<UserId>('moderation') }
    return {
      items: page.map((r) => ({
        ...this.messageView(r, agent, 'agent', r.language),
        orderId: r.orderId,
      })),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.messageId ?? null) : null,
    }
  }

  protected async row(q: Queryable, messageId: string): Promise<MessageRow> {
    const rows = await q
      .select()
      .from(conversationMessages)
      .where(eq(conversationMessages.messageId, messageId))
    const row = rows[0]
    if (!row) throw new Error(`message ${messageId} has no row`)
    return row
  }
}
