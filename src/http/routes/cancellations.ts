import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import { requireActor, requireRole } from '../auth.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import {
  DeclineCancellationBody,
  EligibilityView,
  StartCancellationBody,
} from '../schemas/cancellation.ts'
import {
  IdParams,
  IdempotencyHeaders,
  ListQuery,
  Page,
  problemResponses,
} from '../schemas/common.ts'

const Cancellation = Type.Ref('Cancellation')
const tags = ['cancellations']

export const cancellationRoutes =
  (recourse: Recourse): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { runner, cancellations, database } = recourse
    const withEtag = { etagOf: (c: { version: number }) => c.version }

    app.get(
      '/orders/:id/cancellation-eligibility',
      {
        schema: {
          tags,
          summary: 'Whether the caller may cancel this order now, and if not, why not',
          params: IdParams,
          response: { 200: EligibilityView, ...problemResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request)
        const view = await cancellations.eligibility(
          database.db,
          actor,
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('order')
        return view
      },
    )

    app.post(
      '/orders/:id/cancellations',
      {
        schema: {
          tags,
          summary: "The buyer's cancellation request, or the seller's own cancellation",
          params: IdParams,
          headers: IdempotencyHeaders,
          body: StartCancellationBody,
          response: { 201: Cancellation, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer', 'seller')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) => cancellations.start(uow, request.params.id, request.body),
          {
            successStatus: 201,
            ...withEtag,
          },
        )
      },
    )

    app.get(
      '/cancellations',
      {
        schema: {
          tags,
          summary:
            "The caller's cancellations, newest first (status=requested: waiting for the seller)",
          querystring: ListQuery,
          response: { 200: Page(Cancellation), ...problemResponses },
        },
      },
      async (request) =>
        cancellations.list(
          database.db,
          requireActor(request),
          request.query,
          await recourse.clock.now(),
        ),
    )

    app.get(
      '/cancellations/:id',
      {
        schema: {
          tags,
          summary: 'A cancellation with its deadline and actions',
          params: IdParams,
          response: { 200: Cancellation, ...problemResponses },
        },
      },
      async (request, reply) => {
        const view = await cancellations.get(
          database.db,
          requireActor(request),
          request.params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('cancellation')
        return reply.header('etag', etag(view.version)).send(view)
      },
    )

    app.post(
      '/cancellations/:id/approve',
      {
        schema: {
          tags,
          summary: "The seller approves the buyer's request",
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Cancellation, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'seller')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              request.params.id,
              { type: 'ApproveCancellation' },
              ifMatchVersion(request),
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/cancellations/:id/decline',
      {
        schema: {
          tags,
          summary: "The seller declines the buyer's request, saying why",
          params: IdParams,
          headers: IdempotencyHeaders,
          body: DeclineCancellationBody,
          response: { 200: Cancellation, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'seller')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              request.params.id,
              { type: 'DeclineCancellation', reason: request.body.reason },
              ifMatchVersion(request),
            ),
          withEtag,
        )
      },
    )

    app.post(
      '/cancellations/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'The buyer withdraws a pending request',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 200: Cancellation, ...problemResponses },
        },
      },
      async (request, reply) => {
        requireRole(request, 'buyer')
        return sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              request.params.id,
              { type: 'WithdrawCancellation' },
              ifMatchVersion(request),
            ),
          withEtag,
        )
      },
    )
  }
