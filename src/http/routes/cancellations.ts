import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, parties, type Route } from '../route.ts'
import {
  DeclineCancellationBody,
  EligibilityView,
  StartCancellationBody,
} from '../schemas/cancellation.ts'
import { IdParams, IdempotencyHeaders, ListQuery, Page } from '../schemas/common.ts'

const Cancellation = Type.Ref('Cancellation')
const tags = ['cancellations']

export const cancellationRoutes = (recourse: Recourse): Route[] => {
  const { runner, cancellations, database } = recourse
  const withEtag = { etagOf: (c: { version: number }) => c.version }

  return [
    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id/cancellation-eligibility',
      tags,
      summary: 'Whether the caller may cancel this order now, and if not, why not',
      roles: everyone,
      params: IdParams,
      response: { 200: EligibilityView },
      handler: async ({ caller, params }) => {
        const view = await cancellations.eligibility(
          database.db,
          caller,
          params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('order')
        return view
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/orders/:id/cancellations',
      tags,
      summary: "The buyer's cancellation request, or the seller's own cancellation",
      roles: parties,
      params: IdParams,
      headers: IdempotencyHeaders,
      body: StartCancellationBody,
      response: { 201: Cancellation },
      handler: ({ request, params, body }, reply) =>
        sendCommand(runner, request, reply, (uow) => cancellations.start(uow, params.id, body), {
          successStatus: 201,
          ...withEtag,
        }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cancellations',
      tags,
      summary:
        "The caller's cancellations, newest first (status=requested: waiting for the seller)",
      roles: everyone,
      query: ListQuery,
      response: { 200: Page(Cancellation) },
      handler: async ({ caller, query }) =>
        cancellations.list(database.db, caller, query, await recourse.clock.now()),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/cancellations/:id',
      tags,
      summary: 'A cancellation with its deadline and actions',
      roles: everyone,
      params: IdParams,
      response: { 200: Cancellation },
      handler: async ({ caller, params }, reply) => {
        const view = await cancellations.get(
          database.db,
          caller,
          params.id,
          await recourse.clock.now(),
        )
        if (!view) throw notFound('cancellation')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/cancellations/:id/approve',
      tags,
      summary: "The seller approves the buyer's request",
      roles: ['seller'],
      params: IdParams,
      headers: IdempotencyHeaders,
      response: { 200: Cancellation },
      handler: ({ request, params }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              params.id,
              { type: 'ApproveCancellation' },
              ifMatchVersion(request),
            ),
          withEtag,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/cancellations/:id/decline',
      tags,
      summary: "The seller declines the buyer's request, saying why",
      roles: ['seller'],
      params: IdParams,
      headers: IdempotencyHeaders,
      body: DeclineCancellationBody,
      response: { 200: Cancellation },
      handler: ({ request, params, body }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              params.id,
              { type: 'DeclineCancellation', reason: body.reason },
              ifMatchVersion(request),
            ),
          withEtag,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/cancellations/:id/withdraw',
      tags,
      summary: 'The buyer withdraws a pending request',
      roles: ['buyer'],
      params: IdParams,
      headers: IdempotencyHeaders,
      response: { 200: Cancellation },
      handler: ({ request, params }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            cancellations.execute(
              uow,
              params.id,
              { type: 'WithdrawCancellation' },
              ifMatchVersion(request),
            ),
          withEtag,
        ),
    }),
  ]
}
