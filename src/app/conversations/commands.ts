import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { CaseEventOf } from '../domain/case/events.ts'
import type { Case } from '../domain/case/state.ts'
import {
  availableConversationActions,
  type ConversationAction,
} from '../domain/conversation/actions.ts'
import type { ConversationCommand } from '../domain/conversation/commands.ts'
import { decideConversation, type ConversationContext } from '../domain/conversation/decide.ts'
import type {
  Attachment,
  ConversationEvent,
  ConversationEventOf,
  ConversationId,
  Finding,
  Participant,
  ReviewVerdict,
} from '../domain/conversation/events.ts'
import { threadClosedAt, threadLocksAt } from '../domain/conversation/lock.ts'
import {
  evolveConversation,
  initialConversationState,
  type ConversationState,
  type ReadMark,
} from '../domain/conversation/state.ts'
import type { Order } from '../domain/order/state.ts'
import type { Actor } from '../domain/shared/actor.ts'
import { systemActor } from '../domain/shared/actor.ts'
import { isRefused } from '../domain/shared/decider.ts'
import { asId, type CaseId, type MessageId, type UserId } from '../domain/shared/ids.ts'
import type { Instant } from '../policy/time.ts'
import { isAtOrAfter } from '../policy/time.ts'
import type { Policy } from '../policy/types.ts'
import type { Database, Queryable } from '../store/database.ts'
import type { AggregateType, Reactor, UnitOfWork } from '../store/event-store.ts'
import { fromDbTime, loadAggregate } from '../store/event-store.ts'
import { aggregates, conversationMessages, messageAttachments } from '../store/schema.ts'
import { fileContent, fileInfo, type FileRecord } from '../integrations/files.ts'
import { mailerFromEnv, type Mailer } from '../integrations/email.ts'
import {
  detectLanguage,
  primaryLanguage,
  translatorFromEnv,
  type Translation,
  type Translator,
} from '../integrations/translation.ts'
import {
  publishedSources,
  toPublicEvent,
  type EventEnvelope,
} from '../integrations/webhooks-catalog.ts'
import { OutboxRunner, type OutboxResult, type OutboxTopic } from '../scheduler/outbox-runner.ts'
import { orderAggregate } from './aggregates.ts'
import type { Clock } from './clock.ts'
import type { CommandRunner, Outcome } from './command-runner.ts'
import { done, refused } from './command-runner.ts'
import { newId } from './ids.ts'
import { NotificationService, recipientOf, type PublishedEvent } from './notifications.ts'
import type { PolicyBook } from './policies.ts'
import { OrderRefCache, WebhookService } from './webhooks.ts'

const CONVERSATION_NAMESPACE = '0d4a8f5e-2b7c-4c1e-9f3a-6e5d7b8c9a01'

/** One thread per order: its id is derived from the order's, so every writer finds the same stream. */
export const conversationIdFor = (orderId: string): ConversationId =>
  uuidv5(orderId, CONVERSATION_NAMESPACE) as ConversationId

/** How threads are stored: listed by their order's parties; they have no deadline (`lock.ts`). */
export const conversationAggregate: AggregateType<ConversationState, ConversationEvent, unknown> = {
  type: 'conversation',
  initialState: initialConversationState,
  evolve: evolveConversation,
  index: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : { status: s.status, orderId: s.orderId, buyerId: s.buyerId, sellerId: s.sellerId },
  deadline: () => null,
}

/** Who is reading: a participant, or staff reading the record. */
type ReaderRole = 'buyer' | 'seller' | 'agent' | 'admin'

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
interface Thread {
  readonly conversationId: ConversationId
  readonly order: Order
  readonly policy: Policy
  readonly cases: readonly Pick<Case, 'caseId' | 'status' | 'closedAt' | 'escalatedAt'>[]
  readonly agentsMayJoin: boolean
  readonly closedAt: Instant | null
}

type MessageRow = typeof conversationMessages.$inferSelect
type StoredTranslations = Readonly<
  Record<string, { text: string; engine: string; quality: string; at: string }>
>

export interface ConversationSettings {
  /** How long one translation may take before the job gives up and retries later. @default 10000 */
  readonly translateTimeoutMs: number
}

/** Translation retries: the engine may be restarting; the message is readable in its original meanwhile. */
export const TRANSLATE_BACKOFF_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]

/**
 * Order threads: buyer and seller (and agents once a case is escalated)
 * write; each message keeps its original, detected language and
 * moderation's verdict; translations into each reader's language arrive
 * from the outbox; read receipts; attachments by file id.
 */
export class ConversationService {
  constructor(
    private readonly policies: PolicyBook,
    private readonly translator: Translator,
    private readonly runner: CommandRunner,
    private readonly db: Queryable,
    private readonly settings: ConversationSettings,
  ) {}

  // ── Access ───────────────────────────────────────────────────────────────

  private async thread(q: Queryable, orderId: string): Promise<Thread | null> {
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
  private readerRole(actor: Actor, t: Thread): ReaderRole | null {
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

  private context(t: Thread, actor: Actor, now: Instant): ConversationContext {
    return {
      meta: { actor, now },
      conversationId: t.conversationId,
      order: { orderId: t.order.orderId, buyerId: t.order.buyerId, sellerId: t.order.sellerId },
      agentsMayJoin: t.agentsMayJoin,
      closedAt: t.closedAt,
      policy: t.policy,
    }
  }

  // ── Reading ──────────────────────────────────────────────────────────────

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

  private messageView(
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

  // ── Writing ──────────────────────────────────────────────────────────────

  private async decideAndStore(
    uow: UnitOfWork,
    t: Thread,
    command: ConversationCommand,
    actor: Actor,
  ): Promise<Outcome<ConversationEvent[]>> {
    const loaded = await uow.load(conversationAggregate, t.conversationId)
    const decision = decideConversation(command, loaded.state, this.context(t, actor, uow.now))
    if (isRefused(decision)) return refused(decision.refused)
    await uow.append(conversationAggregate, t.conversationId, loaded, decision, null)
    await this.project(uow, t, decision)
    return done([...decision])
  }

  /** The read model rows, written in the command's transaction. */
  private async project(
    uow: UnitOfWork,
    t: Thread,
    facts: readonly ConversationEvent[],
  ): Promise<void> {
    for (const e of facts) {
      switch (e.type) {
        case 'MessagePosted': {
          const d = e.data
          await uow.tx.insert(conversationMessages).values({
            messageId: d.messageId,
            conversationId: t.conversationId,
            orderId: t.order.orderId,
            seq: d.seq,
            caseId: d.caseId,
            authorRole: d.by.role,
            authorId: d.by.userId,
            original: d.text,
            redacted: d.moderation.redacted,
            language: d.language,
            languageSource: d.languageSource,
            findings: d.moderation.findings,
            flagged: d.moderation.findings.length > 0,
            attachments: d.attachments,
            translations: {},
            postedAt: d.at,
          })
          await this.queueTranslations(uow, t, d)
          break
        }
        case 'MessageTranslated': {
          const d = e.data
          const entry = JSON.stringify({
            [d.language]: { text: d.text, engine: d.engine, quality: d.quality, at: d.at },
          })
          await uow.tx
            .update(conversationMessages)
            .set({ translations: sql`${conversationMessages.translations} || ${entry}::jsonb` })
            .where(eq(conversationMessages.messageId, d.messageId))
          break
        }
        case 'MessageReviewed':
          await uow.tx
            .update(conversationMessages)
            .set({ reviewedAt: e.data.at, reviewedBy: e.data.by.userId })
            .where(eq(conversationMessages.messageId, e.data.messageId))
          break
        case 'ConversationStarted':
        case 'MessagesRead':
          break
      }
    }
  }

  /**
   * One `translate` job per reader language the message is not written in:
   * the buyer's and the seller's profile languages. With the `none`
   * translator there is nothing to queue: readers get the original.
   */
  private async queueTranslations(
    uow: UnitOfWork,
    t: Thread,
    d: ConversationEventOf<'MessagePosted'>['data'],
  ): Promise<void> {
    if (this.translator.name === 'none' || d.text.length === 0) return
    const readers = await Promise.all(
      [t.order.buyerId, t.order.sellerId].map((id) => recipientOf(uow.tx, id)),
    )
    const targets = new Set(readers.map((r) => primaryLanguage(r.locale)))
    targets.delete(d.language)
    for (const to of targets) {
      await uow.enqueue('translate', { orderId: t.order.orderId, messageId: d.messageId, to })
    }
  }

  /** The caller writes in the order's thread. */
  async post(
    uow: UnitOfWork,
    orderId: string,
    input: { text: string; attachments?: readonly string[] | undefined },
  ): Promise<Outcome<MessageView>> {
    const t = await this.thread(uow.tx, orderId)
    const role = t ? this.readerRole(uow.actor, t) : null
    if (!t || !role) return refused({ code: 'NOT_FOUND', resource: 'conversation' })
    const attachments: Attachment[] = []
    for (const fileId of new Set(input.attachments ?? [])) {
      const file = await fileInfo(uow.tx, fileId)
      const taken = await uow.tx
        .select({ fileId: messageAttachments.fileId })
        .from(messageAttachments)
        .where(eq(messageAttachments.fileId, fileId))
      // Only the caller's own upload that is not already evidence or another message's file.
      if (!file || file.uploadedBy !== uow.actor.id || file.caseId !== null || taken.length > 0) {
        return refused({ code: 'FILE_NOT_FOUND', fileId })
      }
      attachments.push({
        fileId,
        name: file.name,
        mediaType: file.mediaType,
        size: file.size,
        sha256: file.sha256,
      })
    }
    const author = await recipientOf(uow.tx, uow.actor.id)
    const { language, source } = await detectLanguage(input.text, author.locale)
    const messageId = newId<MessageId>()
    const stored = await this.decideAndStore(
      uow,
      t,
      {
        type: 'PostMessage',
        messageId,
        text: input.text,
        language,
        languageSource: source,
        attachments,
      },
      uow.actor,
    )
    if (!stored.ok) return stored
    for (const a of attachments) {
      await uow.tx
        .insert(messageAttachments)
        .values({ fileId: a.fileId, conversationId: t.conversationId, messageId })
    }
    const row = await this.row(uow.tx, messageId)
    return done(this.messageView(row, uow.actor, role, primaryLanguage(author.locale)))
  }

  private async row(q: Queryable, messageId: string): Promise<MessageRow> {
    const rows = await q
      .select()
      .from(conversationMessages)
      .where(eq(conversationMessages.messageId, messageId))
    const row = rows[0]
    if (!row) throw new Error(`message ${messageId} has no row`)
    return row
  }

  /** The caller has read up to `upToSeq` (default: everything). */
  async markRead(
    uow: UnitOfWork,
    orderId: string,
    upToSeq?: number,
  ): Promise<Outcome<{ readReceipts: ConversationView['readReceipts'] }>> {
    const t = await this.thread(uow.tx, orderId)
    if (!t || !this.readerRole(uow.actor, t)) {
      return refused({ code: 'NOT_FOUND', resource: 'conversation' })
    }
    const stored = await this.decideAndStore(
      uow,
      t,
      { type: 'MarkRead', ...(upToSeq === undefined ? {} : { upToSeq }) },
      uow.actor,
    )
    if (!stored.ok) return stored
    const loaded = await uow.load(conversationAggregate, t.conversationId)
    return done({
      readReceipts:
        loaded.state.status === 'open' ? loaded.state.reads : { buyer: null, seller: null },
    })
  }

  /** An agent clears or confirms a flagged message. */
  async review(
    uow: UnitOfWork,
    orderId: string,
    messageId: string,
    verdict: ReviewVerdict,
  ): Promise<Outcome<MessageView>> {
    const t = await this.thread(uow.tx, orderId)
    const role = t ? this.readerRole(uow.actor, t) : null
    if (!t || !role) return refused({ code: 'NOT_FOUND', resource: 'conversation' })
    const stored = await this.decideAndStore(
      uow,
      t,
      { type: 'ReviewMessage', messageId: asId<MessageId>(messageId), verdict },
      uow.actor,
    )
    if (!stored.ok) return stored
    const language = primaryLanguage((await recipientOf(uow.tx, uow.actor.id)).locale)
    return done(this.messageView(await this.row(uow.tx, messageId), uow.actor, role, language))
  }

  /** A case's message joins its order's thread (called when `CaseMessagePosted` is published). */
  async recordCaseMessage(
    uow: UnitOfWork,
    orderId: string,
    caseId: string,
    data: CaseEventOf<'CaseMessagePosted'>['data'],
  ): Promise<void> {
    const t = await this.thread(uow.tx, orderId)
    if (!t) return
    const author = await recipientOf(uow.tx, data.by.userId)
    const { language, source } = await detectLanguage(data.body, author.locale)
    const by: Participant = { role: data.by.role, userId: data.by.userId }
    const stored = await this.decideAndStore(
      uow,
      t,
      {
        type: 'RecordCaseMessage',
        messageId: data.messageId,
        caseId: asId<CaseId>(caseId),
        by,
        text: data.body,
        language,
        languageSource: source,
      },
      systemActor,
    )
    // The case accepted the message; the thread only refuses a bug here.
    if (!stored.ok) throw new Error(`thread refused case message: ${stored.rejection.code}`)
  }

  // ── Translation jobs ─────────────────────────────────────────────────────

  readonly translateTopic: OutboxTopic = {
    backoffMs: TRANSLATE_BACKOFF_MS,
    handle: async (message): Promise<OutboxResult> => {
      const p = message.payload as { orderId: string; messageId: string; to: string }
      const rows = await this.db
        .select()
        .from(conversationMessages)
        .where(eq(conversationMessages.messageId, p.messageId))
      const row = rows[0]
      if (!row || (row.translations as StoredTranslations)[p.to]) return { kind: 'done' }
      // The counterparty reads the redacted text, so that is what is translated.
      const source = row.redacted ?? row.original
      const translation = await this.translator.translate(
        source,
        row.language,
        p.to,
        AbortSignal.timeout(this.settings.translateTimeoutMs),
      )
      if (!translation) return { kind: 'done' }
      const outcome = await this.runner.run(systemActor, (uow) =>
        this.recordTranslation(uow, p.orderId, p.messageId, p.to, translation),
      )
      return outcome.ok ? { kind: 'done' } : { kind: 'dead', error: outcome.rejection.code }
    },
  }

  async recordTranslation(
    uow: UnitOfWork,
    orderId: string,
    messageId: string,
    language: string,
    translation: Translation,
  ): Promise<Outcome<null>> {
    const t = await this.thread(uow.tx, orderId)
    if (!t) return refused({ code: 'NOT_FOUND', resource: 'conversation' })
    const stored = await this.decideAndStore(
      uow,
      t,
      {
        type: 'RecordTranslation',
        messageId: asId<MessageId>(messageId),
        language,
        text: translation.text,
        engine: translation.engine,
        quality: translation.quality,
      },
      systemActor,
    )
    return stored.ok ? done(null) : stored
  }
}

// ── Wiring ───────────────────────────────────────────────────────────────

/** What one `UnitOfWork.append` wrote: the publisher turns it into webhooks, notifications and thread messages. */
export interface ConversationDeps {
  readonly database: Database
  readonly clock: Clock
  readonly runner: CommandRunner
  readonly policies: PolicyBook
  /** `<dataDir>/mail` receives `.eml` files when no SMTP server is configured. */
  readonly dataDir: string
  /** Read for `RECOURSE_TRANSLATOR`, `RECOURSE_SMTP_URL`, … (README's configuration table). */
  readonly env?: NodeJS.ProcessEnv
  /** Replace the configured adapters (tests). */
  readonly translator?: Translator
  readonly mailer?: Mailer
  readonly settings?: Partial<{
    marketplace: string
    publicUrl: string
    webhookTimeoutMs: number
    translateTimeoutMs: number
    feedSettleMs: number
  }>
  readonly log?: (message: string, data?: Record<string, unknown>) => void
}

export interface ConversationServices {
  readonly conversations: ConversationService
  readonly notifications: NotificationService
  readonly webhooks: WebhookService
  readonly translator: Translator
  readonly mailer: Mailer
  /** Delivers webhooks, emails, reminders and translations; sweep it beside the deadlines. */
  readonly outbox: OutboxRunner
  /**
   * Runs after every `UnitOfWork.append`, inside the command's transaction
   * (it never refuses): queues webhook deliveries, writes notifications and
   * mirrors case messages into the order's thread.
   */
  readonly reactor: Reactor
  readonly close: () => void
}

const number = (v: string | undefined, fallback: number): number =>
  v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback

/** Domain events anything here reacts to; other appends cost no query. */
const REACTS_TO = new Set([
  'CaseMessagePosted',
  'CaseOpened',
  'OfferMade',
  'CaseEscalated',
  'CaseDecided',
  'CaseClosed',
  'CancellationRequested',
  'CancellationApproved',
  'CancellationDeclined',
  'ShipByReminderDue',
  'SellerResponseReminderDue',
  'OfferExpiryReminderDue',
  'ReturnShipByReminderDue',
  'MessagePosted',
  'AbuseAppealDecided',
])

/** Builds the conversation, notification and webhook services and the outbox runner that delivers for them. */
export const createConversationServices = (deps: ConversationDeps): ConversationServices => {
  const env = deps.env ?? process.env
  const settings = {
    marketplace: deps.settings?.marketplace ?? (env.RECOURSE_MARKETPLACE_ID || 'recourse'),
    publicUrl: deps.settings?.publicUrl ?? (env.RECOURSE_PUBLIC_URL || 'http://localhost:3000'),
    webhookTimeoutMs:
      deps.settings?.webhookTimeoutMs ?? number(env.RECOURSE_WEBHOOK_TIMEOUT_MS, 10_000),
    translateTimeoutMs:
      deps.settings?.translateTimeoutMs ?? number(env.RECOURSE_TRANSLATE_TIMEOUT_MS, 10_000),
    feedSettleMs: deps.settings?.feedSettleMs ?? number(env.RECOURSE_EVENTS_SETTLE_MS, 5_000),
  }
  const db = deps.database.db
  const translator = deps.translator ?? translatorFromEnv(env)
  const mailer = deps.mailer ?? mailerFromEnv(env, deps.dataDir)
  const conversations = new ConversationService(
    deps.policies,
    translator,
    deps.runner,
    db,
    settings,
  )
  const notifications = new NotificationService(settings, mailer, deps.log)
  const webhooks = new WebhookService(db, {
    marketplace: settings.marketplace,
    timeoutMs: settings.webhookTimeoutMs,
    feedSettleMs: settings.feedSettleMs,
  })
  const outbox = new OutboxRunner(
    deps.database,
    {
      webhook: webhooks.topic,
      email: notifications.emailTopic,
      translate: conversations.translateTopic,
    },
    deps.log ? { log: deps.log } : {},
  )
  // Every type the catalog publishes, whatever aggregate appends it, and what the reactions need.
  const published = new Set([...REACTS_TO, ...publishedSources])
  const orderRefs = new OrderRefCache()

  const reactor: Reactor = async (uow, appended) => {
    if (!appended.events.some((e) => published.has(e.type))) return null
    // Everything is at hand in the append; only the order's reference may need a read.
    const parties = {
      buyerId: appended.index.buyerId ?? null,
      sellerId: appended.index.sellerId ?? null,
    }
    const order = await orderRefs.of(uow.tx, appended)
    const envelopes: EventEnvelope[] = []
    for (const e of appended.events) {
      const event: PublishedEvent = {
        id: e.id,
        streamId: appended.streamId,
        streamType: appended.streamType,
        type: e.type,
        data: e.data,
        occurredAt: appended.occurredAt,
        order,
        parties,
      }
      const envelope = toPublicEvent(event, settings.marketplace)
      if (envelope) envelopes.push(envelope)
      await notifications.react(uow, event)
      if (e.type === 'CaseMessagePosted' && order) {
        await conversations.recordCaseMessage(
          uow,
          order.orderId,
          appended.streamId,
          e.data as CaseEventOf<'CaseMessagePosted'>['data'],
        )
      }
    }
    await webhooks.fanOut(uow, envelopes)
    return null
  }

  return {
    conversations,
    notifications,
    webhooks,
    translator,
    mailer,
    outbox,
    reactor,
    close: () => mailer.close(),
  }
}
