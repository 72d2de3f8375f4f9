import { Type, type Static } from 'typebox'
import { Action, Instant, Nullable, Uuid } from './common.ts'

export const PostMessageBody = Type.Object(
  {
    text: Type.String({
      maxLength: 4000,
      description: 'What the caller writes, in any language. May be empty when files are attached.',
    }),
    attachments: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 5,
        description: 'Ids of the caller’s own files from POST /v1/files (the evidence file rules)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const MarkReadBody = Type.Object(
  {
    upToSeq: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Read up to this message number; default: all' }),
    ),
  },
  { additionalProperties: false },
)

export const ReviewBody = Type.Object(
  { verdict: Type.Union([Type.Literal('cleared'), Type.Literal('confirmed')]) },
  { additionalProperties: false },
)

export const ConversationQuery = Type.Object({
  afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
})

export const MessageParams = Type.Object({ id: Uuid, messageId: Uuid })
export const AttachmentParams = Type.Object({ id: Uuid, fileId: Uuid })

const Finding = Type.Object({
  kind: Type.String({ description: 'email | phone | link | off_platform_payment' }),
  start: Type.Integer(),
  end: Type.Integer(),
})

const ReadMark = Nullable(Type.Object({ upToSeq: Type.Integer(), at: Instant }))

export const ReadReceipts = Type.Object({ buyer: ReadMark, seller: ReadMark })

export const MessageView = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  author: Type.Object({ role: Type.String(), id: Type.String() }),
  postedAt: Instant,
  caseId: Nullable(Uuid),
  language: Type.String({ description: 'The language it was written in (ISO 639-1)' }),
  languageSource: Type.String({ description: 'detected | assumed (from the author’s profile)' }),
  text: Type.String({ description: 'What this reader sees: in their language when translated' }),
  textLanguage: Type.String(),
  translation: Nullable(
    Type.Object({
      label: Type.Literal('machine_translation'),
      engine: Type.String(),
      quality: Type.String({ description: 'rough (rule-based) | standard' }),
      from: Type.String(),
      to: Type.String(),
    }),
  ),
  untranslated: Type.String({
    description:
      'The message in its own language as this reader may see it: the “see original” view',
  }),
  original: Type.Optional(
    Type.String({ description: 'Exactly as written: only for the author and agents' }),
  ),
  moderation: Type.Object({
    redacted: Type.Boolean({ description: 'Something was hidden from the counterparty' }),
    findings: Type.Optional(Type.Array(Finding)),
    flagged: Type.Optional(Type.Boolean()),
    review: Type.Optional(Nullable(Type.String())),
  }),
  attachments: Type.Array(
    Type.Object({
      fileId: Uuid,
      name: Type.String(),
      mediaType: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
      url: Type.String(),
    }),
  ),
})
export type MessageView = Static<typeof MessageView>

export const ConversationView = Type.Object({
  id: Uuid,
  orderId: Uuid,
  you: Type.Object({ role: Type.String(), language: Type.String() }),
  buyerId: Type.String(),
  sellerId: Type.String(),
  agentsJoined: Type.Boolean(),
  locksAt: Nullable(Instant),
  locked: Type.Boolean(),
  readReceipts: ReadReceipts,
  unreadCount: Type.Integer(),
  messages: Type.Array(MessageView),
  nextCursor: Nullable(Type.Integer()),
  availableActions: Type.Array(Action),
})
export type ConversationView = Static<typeof ConversationView>

export const FlaggedPage = Type.Object({
  items: Type.Array(Type.Intersect([MessageView, Type.Object({ orderId: Uuid })])),
  nextCursor: Nullable(Uuid),
})

export const FlaggedQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
  cursor: Type.Optional(Uuid),
})
