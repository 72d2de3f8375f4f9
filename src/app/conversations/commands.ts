import { eq, sql } from 'drizzle-orm'
import type { CaseEventOf } from '../../domain/case/events.ts'
import type { ConversationCommand } from '../../domain/conversation/commands.ts'
import { decideConversation } from '../../domain/conversation/decide.ts'
import type {
  Attachment,
  ConversationEvent,
  ConversationEventOf,
  Participant,
  ReviewVerdict,
} from '../../domain/conversation/events.ts'
import type { Actor } from '../../domain/shared/actor.ts'
import { systemActor } from '../../domain/shared/actor.ts'
import { isRefused } from '../../domain/shared/decider.ts'
import { asId, type CaseId, type MessageId } from '../../domain/shared/ids.ts'
import type { UnitOfWork } from '../../store/event-store.ts'
import { conversationMessages, messageAttachments } from '../../store/schema.ts'
import { fileInfo } from '../../integrations/files.ts'
import {
  detectLanguage,
  primaryLanguage,
  type Translation,
  type Translator,
} from '../../integrations/translation.ts'
import { conversationAggregate } from '../aggregates.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'
import { newId } from '../ids.ts'
import { recipientOf } from '../notifications/queries.ts'
import type { PolicyBook } from '../policies/commands.ts'
import {
  ConversationQueries,
  type ConversationView,
  type MessageView,
  type Thread,
} from './queries.ts'

/**
 * Order threads: buyer and seller (and agents once a case is escalated)
 * write; each message keeps its original, detected language and
 * moderation's verdict; translations into each reader's language arrive
 * from the outbox (`translation.ts`); read receipts; attachments by file id.
 */
export class ConversationService extends ConversationQueries {
  constructor(
    policies: PolicyBook,
    private readonly translator: Translator,
  ) {
    super(policies)
  }

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
