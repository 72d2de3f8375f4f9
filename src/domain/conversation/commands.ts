import type { CaseId, MessageId } from '../shared/ids.ts'
import type {
  Attachment,
  LanguageSource,
  Participant,
  ReviewVerdict,
  TranslationQuality,
} from './events.ts'

/**
 * The caller writes in the thread. The app detects the language (a library,
 * so outside the domain) and resolves attachment ids to stored files.
 */
export interface PostMessage {
  readonly type: 'PostMessage'
  readonly messageId: MessageId
  readonly text: string
  readonly language: string
  readonly languageSource: LanguageSource
  readonly attachments: readonly Attachment[]
}

/**
 * A message the case accepted (`CaseMessagePosted`) is copied into the
 * order's thread. The case already decided it may be posted, so the thread
 * records it even when it would refuse a post of its own.
 */
export interface RecordCaseMessage {
  readonly type: 'RecordCaseMessage'
  readonly messageId: MessageId
  readonly caseId: CaseId
  readonly by: Participant
  readonly text: string
  readonly language: string
  readonly languageSource: LanguageSource
}

/** The translate job brings a translation of a message into one language. */
export interface RecordTranslation {
  readonly type: 'RecordTranslation'
  readonly messageId: MessageId
  readonly language: string
  readonly text: string
  readonly engine: string
  readonly quality: TranslationQuality
}

/** The caller has read the thread up to `upToSeq` (default: the latest message). */
export interface MarkRead {
  readonly type: 'MarkRead'
  readonly upToSeq?: number
}

/** An agent reviews a message moderation flagged. */
export interface ReviewMessage {
  readonly type: 'ReviewMessage'
  readonly messageId: MessageId
  readonly verdict: ReviewVerdict
}

export type ConversationCommand =
  PostMessage | RecordCaseMessage | RecordTranslation | MarkRead | ReviewMessage
