import { Type } from 'typebox'
import type { CancellationView } from '../../app/cancellations/queries.ts'
import type { Recourse } from '../../app/recourse.ts'
import { etag } from '../command.ts'
import { aggregateCommands, commandRoutes } from '../command-route.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, parties, type Route } from '../route.ts'
import {
  DeclineCancellationBody,
  EligibilityView,
  StartCancellationBody,
} from '../schemas/cancellation.ts'
import { IdParams, ListQuery, Page } from '../schemas/common.ts'

const Cancellation = Type.Ref('Cancellation')
const tags = ['cancellations']

export const cancellationRoutes = (recourse: Recourse): Route[] => {
  const { runner, cancellations, database } = recourse
  const cancellationCommand = aggregateCommands<CancellationView>(runner, {
    tags,
    view: Cancellation,
  })
  const command = commandRoutes(runner)

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

    command({
      method: 'POST',
      url: '/v1/orders/:id/cancellations',
      tags,
      summary: "The buyer's cancellation request, or the seller's own cancellation",
      roles: parties,
      params: IdParams,
      body: StartCancellationBody,
      response: { 201: Cancellation },
      successStatus: 201,
      etagOf: (c: CancellationView) => c.version,
      run: (uow, { params, body }) => cancellations.start(uow, params.id, body),
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

    cancellationCommand({
      url: '/v1/cancellations/:id/approve',
      summary: "The seller approves the buyer's request",
      roles: ['seller'],
      params: IdParams,
      run: (uow, { params }, version) =>
        cancellations.execute(uow, params.id, { type: 'ApproveCancellation' }, version),
    }),

    cancellationCommand({
      url: '/v1/cancellations/:id/decline',
      summary: "The seller declines the buyer's request, saying why",
      roles: ['seller'],
      params: IdParams,
      body: DeclineCancellationBody,
      run: (uow, { params, body }, version) =>
        cancellations.execute(
          uow,
          params.id,
          { type: 'DeclineCancellation', reason: body.reason },
          version,
        ),
    }),

    cancellationCommand({
      url: '/v1/cancellations/:id/withdraw',
      summary: 'The buyer withdraws a pending request',
      roles: ['buyer'],
      params: IdParams,
      run: (uow, { params }, version) =>
        cancellations.execute(uow, params.id, { type: 'WithdrawCancellation' }, version),
    }),
  ]
}
