import { eq } from 'drizzle-orm'
import { systemActor } from '../../domain/shared/actor.ts'
import type { Queryable } from '../../store/database.ts'
import { conversationMessages } from '../../store/schema.ts'
import type { Translator } from '../../integrations/translation.ts'
import type { OutboxResult, OutboxTopic } from '../../scheduler/outbox-runner.ts'
import type { CommandRunner } from '../command-runner.ts'
import type { ConversationService } from './commands.ts'
import type { StoredTranslations } from './queries.ts'

/** Translation retries: the engine may be restarting; the message is readable in its original meanwhile. */
export const TRANSLATE_BACKOFF_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]

export interface TranslationSettings {
  /** How long one translation may take before the job gives up and retries later. @default 10000 */
  readonly translateTimeoutMs: number
}

/**
 * The `translate` outbox topic: translates one message into one reader's
 * language after the post committed, and records it with a command of its own.
 */
export const translationTopic = (deps: {
  readonly db: Queryable
  readonly runner: CommandRunner
  readonly translator: Translator
  readonly conversations: ConversationService
  readonly settings: TranslationSettings
}): OutboxTopic => ({
  backoffMs: TRANSLATE_BACKOFF_MS,
  handle: async (message): Promise<OutboxResult> => {
    const p = message.payload as { orderId: string; messageId: string; to: string }
    const rows = await deps.db
      .select()
      .from(conversationMessages)
      .where(eq(conversationMessages.messageId, p.messageId))
    const row = rows[0]
    if (!row || (row.translations as StoredTranslations)[p.to]) return { kind: 'done' }
    // The counterparty reads the redacted text, so that is what is translated.
    const source = row.redacted ?? row.original
    const translation = await deps.translator.translate(
      source,
      row.language,
      p.to,
      AbortSignal.timeout(deps.settings.translateTimeoutMs),
    )
    if (!translation) return { kind: 'done' }
    const outcome = await deps.runner.run(systemActor, (uow) =>
      deps.conversations.recordTranslation(uow, p.orderId, p.messageId, p.to, translation),
    )
    return outcome.ok ? { kind: 'done' } : { kind: 'dead', error: outcome.rejection.code }
  },
})
