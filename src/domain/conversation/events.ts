import type { Instant } from '../../policy/time.ts'
import type { CaseId, MessageId, OrderId, UserId } from '../shared/ids.ts'

/**
 * An order's thread. Its id is derived from the order's (one thread per
 * order), so the buyer, the seller and a case on the order all land on the
 * same stream.
 */
export type ConversationId = string & { readonly __brand: 'ConversationId' }

/** Who may write in a thread: the order's buyer and seller, and agents once a case on it is escalated. */
export type ParticipantRole = 'buyer' | 'seller' | 'agent'

export interface Participant {
  readonly role: ParticipantRole
  readonly userId: UserId
}

/** What moderation looks for; `policy.messaging.redact` says which of them are hidden. */
export type FindingKind = 'email' | 'phone' | 'link' | 'off_platform_payment'

/** A stretch of the original text moderation hid: `[start, end)` in UTF-16 code units. */
export interface Finding {
  readonly kind: FindingKind
  readonly start: number
  readonly end: number
}

/**
 * Moderation's verdict on one message. `redacted` is the text the
 * counterparty reads (each finding replaced by `REDACTION_MARK`), or `null`
 * when nothing was hidden; the original stays in the record for agents.
 */
export interface Moderation {
  readonly findings: readonly Finding[]
  readonly redacted: string | null
}

/** A stored file attached to a message (uploaded by the author through `POST /v1/files`). */
export interface Attachment {
  readonly fileId: string
  readonly name: string
  readonly mediaType: string
  readonly size: number
  readonly sha256: string
}

/**
 * How the message's language was found: `detected` from the text, or
 * `assumed` from the author's profile when the text was too short to tell
 * ("ok", "gracias").
 */
export type LanguageSource = 'detected' | 'assumed'

/** `rough`: a rule-based engine (Apertium) whose output is understandable but not fluent. */
export type TranslationQuality = 'rough' | 'standard'

export type ConversationEvent =
  /** The first message or read on an order's thread opened it; its parties are the order's. */
  | {
      readonly type: 'ConversationStarted'
      readonly data: {
        readonly conversationId: ConversationId
        readonly orderId: OrderId
        readonly buyerId: UserId
        readonly sellerId: UserId
        readonly at: Instant
      }
    }
  /**
   * A message in the thread, exactly as written, with its language and
   * moderation's verdict. `caseId` when it was posted on a case (the case's
   * `CaseMessagePosted` is mirrored here, so the thread has every message).
   */
  | {
      readonly type: 'MessagePosted'
      readonly data: {
        readonly messageId: MessageId
        readonly seq: number
        readonly by: Participant
        readonly at: Instant
        readonly text: string
        readonly language: string
        readonly languageSource: LanguageSource
        readonly caseId: CaseId | null
        readonly attachments: readonly Attachment[]
        readonly moderation: Moderation
      }
    }
  /**
   * A machine translation of what the counterparty reads (the redacted text
   * when moderation hid something), into one reader's language. Readers see
   * it labelled as machine translation, with the original one click away.
   */
  | {
      readonly type: 'MessageTranslated'
      readonly data: {
        readonly messageId: MessageId
        readonly language: string
        readonly text: string
        readonly engine: string
        readonly quality: TranslationQuality
        readonly at: Instant
      }
    }
  /** A party has read the thread up to message `upToSeq` (a read receipt the other side sees). */
  | {
      readonly type: 'MessagesRead'
      readonly data: {
        readonly by: Participant
        readonly upToSeq: number
        readonly at: Instant
      }
    }
  /** An agent reviewed a flagged message: `cleared` (harmless) or `confirmed` (a real attempt to leave the platform). */
  | {
      readonly type: 'MessageReviewed'
      readonly data: {
        readonly messageId: MessageId
        readonly by: Participant
        readonly verdict: ReviewVerdict
        readonly at: Instant
      }
    }

export type ReviewVerdict = 'cleared' | 'confirmed'

export type ConversationEventType = ConversationEvent['type']

export type ConversationEventOf<T extends ConversationEventType> = Extract<
  ConversationEvent,
  { readonly type: T }
>
