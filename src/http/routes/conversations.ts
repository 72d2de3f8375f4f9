import type { ConversationServices, Recourse } from '../../app/recourse.ts'
import {
  explainConversationRejection,
  type ConversationRejection,
} from '../../domain/conversation/rejections.ts'
import { ALLOWED_MEDIA_TYPES } from '../../integrations/media-type.ts'
import { BinaryBody, sendDownload } from '../downloads.ts'
import { commandRoutes } from '../command-route.ts'
import { notFound, registerExplainer } from '../problems.ts'
import { defineRoute, everyone, staff, type Route } from '../route.ts'
import { IdParams } from '../schemas/common.ts'
import {
  AttachmentParams,
  ConversationQuery,
  ConversationView,
  FlaggedPage,
  FlaggedQuery,
  MarkReadBody,
  MessageParams,
  MessageView,
  PostMessageBody,
  ReadReceipts,
  ReviewBody,
} from '../schemas/conversation.ts'
import { Type } from 'typebox'

const CONVERSATION_CODES = new Set<string>([
  'NOT_A_PARTICIPANT',
  'CONVERSATION_LOCKED',
  'MESSAGE_EMPTY',
  'MESSAGE_TOO_LONG',
  'TOO_MANY_ATTACHMENTS',
  'CONVERSATION_FULL',
  'MESSAGE_NOT_FOUND',
  'MESSAGE_ALREADY_POSTED',
  'MESSAGE_NOT_FLAGGED',
])
registerExplainer((r) =>
  CONVERSATION_CODES.has(r.code)
    ? explainConversationRejection(r as unknown as ConversationRejection)
    : r.code === 'FILE_NOT_FOUND'
      ? `File ${String(r.fileId)} is not one of your uploads, or it is already attached elsewhere.`
      : undefined,
)

const tags = ['conversations']

/** The order's thread: buyer and seller on their own orders, agents once a case is escalated. */
export const conversationRoutes = (recourse: Recourse, services: ConversationServices): Route[] => {
  const { runner, database } = recourse
  const command = commandRoutes(runner)
  const { conversations } = services

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/conversation',
      tags,
      summary:
        'The order’s messages in the caller’s language, each with its original one click away',
      roles: everyone,
      params: IdParams,
      query: ConversationQuery,
      response: { 200: ConversationView },
      handler: async ({ caller, params, query }) => {
        const view = await conversations.get(
          database.db,
          caller,
          params.id,
          query,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('conversation')
        return view
      },
    }),

    command({
      method: 'POST',
      url: '/v1/orders/:id/conversation/messages',
      tags,
      summary: 'Write in the order’s conversation (contact details are hidden from the other side)',
      roles: ['buyer', 'seller', 'agent'],
      params: IdParams,
      body: PostMessageBody,
      response: { 201: MessageView },
      successStatus: 201,
      run: (uow, { params, body }) => conversations.post(uow, params.id, body),
    }),

    command({
      method: 'POST',
      url: '/v1/orders/:id/conversation/read',
      tags,
      summary: 'Mark the conversation read (a receipt the other side sees)',
      roles: ['buyer', 'seller', 'agent'],
      params: IdParams,
      body: Type.Optional(MarkReadBody),
      response: { 200: Type.Object({ readReceipts: ReadReceipts }) },
      run: (uow, { params, body }) => conversations.markRead(uow, params.id, body?.upToSeq),
    }),

    command({
      method: 'POST',
      url: '/v1/orders/:id/conversation/messages/:messageId/review',
      tags,
      summary: 'An agent clears or confirms a message moderation flagged',
      roles: ['agent'],
      params: MessageParams,
      body: ReviewBody,
      response: { 200: MessageView },
      run: (uow, { params, body }) =>
        conversations.review(uow, params.id, params.messageId, body.verdict),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/conversation/attachments/:fileId',
      tags,
      summary: 'A file attached to a message of the conversation',
      roles: everyone,
      params: AttachmentParams,
      produces: ALLOWED_MEDIA_TYPES,
      response: { 200: BinaryBody },
      handler: async ({ caller, params }, reply) => {
        const found = await conversations.attachment(database.db, caller, params.id, params.fileId)
        if (!found) throw notFound('attachment')
        return sendDownload(reply, found.file, found.content)
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/moderation/flagged-messages',
      tags,
      summary: 'Messages moderation flagged and no agent has reviewed yet (agents)',
      roles: staff,
      query: FlaggedQuery,
      response: { 200: FlaggedPage },
      handler: ({ query }) => conversations.flagged(database.db, query),
    }),
  ]
}
