import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ConversationServices } from '../../app/conversations.ts'
import type { Recourse } from '../../app/recourse.ts'
import {
  explainConversationRejection,
  type ConversationRejection,
} from '../../domain/conversation/rejections.ts'
import { ALLOWED_MEDIA_TYPES } from '../../integrations/files.ts'
import { requireActor, requireRole } from '../auth.ts'
import { BinaryBody, sendDownload } from '../downloads.ts'
import { sendCommand } from '../command.ts'
import { notFound, registerExplainer } from '../problems.ts'
import { IdParams, IdempotencyHeaders, problemResponses } from '../schemas/common.ts'
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
export const conversationRoutes =
  (recourse: Recourse, services: ConversationServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, database } = recourse
    const { conversations } = services

    app.get(
      '/orders/:id/conversation',
      {
        schema: {
          tags,
          summary:
            'The order’s messages in the caller’s language, each with its original one click away',
          params: IdParams,
          querystring: ConversationQuery,
          response: { 200: ConversationView, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await conversations.get(
          database.db,
          actor,
          request.params.id,
          request.query,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('conversation')
        return view
      },
    )

    app.post(
      '/orders/:id/conversation/messages',
      {
        schema: {
          tags,
          summary:
            'Write in the order’s conversation (contact details are hidden from the other side)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: PostMessageBody,
          response: { 201: MessageView, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer', 'seller', 'agent')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => conversations.post(uow, request.params.id, request.body),
          { successStatus: 201 },
        )
      },
    )

    app.post(
      '/orders/:id/conversation/read',
      {
        schema: {
          tags,
          summary: 'Mark the conversation read (a receipt the other side sees)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: Type.Optional(MarkReadBody),
          response: { 200: Type.Object({ readReceipts: ReadReceipts }), ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer', 'seller', 'agent')
        return sendCommand(runner, request, reply, (uow) =>
          conversations.markRead(uow, request.params.id, request.body?.upToSeq),
        )
      },
    )

    app.post(
      '/orders/:id/conversation/messages/:messageId/review',
      {
        schema: {
          tags,
          summary: 'An agent clears or confirms a message moderation flagged',
          params: MessageParams,
          headers: IdempotencyHeaders,
          body: ReviewBody,
          response: { 200: MessageView, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'agent')
        return sendCommand(runner, request, reply, (uow) =>
          conversations.review(
            uow,
            request.params.id,
            request.params.messageId,
            request.body.verdict,
          ),
        )
      },
    )

    app.get(
      '/orders/:id/conversation/attachments/:fileId',
      {
        schema: {
          tags,
          summary: 'A file attached to a message of the conversation',
          params: AttachmentParams,
          produces: [...ALLOWED_MEDIA_TYPES],
          response: {
            200: BinaryBody,
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request)
        const found = await conversations.attachment(
          database.db,
          actor,
          request.params.id,
          request.params.fileId,
        )
        if (!found) throw notFound('attachment')
        return sendDownload(reply, found.file, found.content)
      },
    )

    app.get(
      '/moderation/flagged-messages',
      {
        schema: {
          tags,
          summary: 'Messages moderation flagged and no agent has reviewed yet (agents)',
          querystring: FlaggedQuery,
          response: { 200: FlaggedPage, ...problemResponses },
        },
      },
      async (request) => {
        requireRole(request, 'agent', 'admin')
        return conversations.flagged(database.db, request.query)
      },
    )
  }
