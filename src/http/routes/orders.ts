import { Type } from 'typebox'
import type { Recourse } from '../../app/recourse.ts'
import { etag, ifMatchVersion, sendCommand } from '../command.ts'
import { notFound } from '../problems.ts'
import { defineRoute, everyone, type Route } from '../route.ts'
import { IdParams, IdempotencyHeaders, ListQuery, Page } from '../schemas/common.ts'
import { ImportOrderBody, ShipmentBody } from '../schemas/order.ts'

const Order = Type.Ref('Order')
const tags = ['orders']

export const orderRoutes = (recourse: Recourse): Route[] => {
  const { runner, orders, database } = recourse
  const withEtag = { etagOf: (o: { version: number }) => o.version }

  return [
    defineRoute({
      method: 'POST',
      url: '/v1/orders',
      tags,
      summary: 'Import a paid order from the marketplace (integration)',
      roles: ['integration', 'admin'],
      headers: IdempotencyHeaders,
      body: ImportOrderBody,
      response: { 201: Order },
      handler: ({ request, body }, reply) =>
        sendCommand(runner, request, reply, (uow) => orders.import(uow, body), {
          successStatus: 201,
          ...withEtag,
        }),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders',
      tags,
      summary: "List the caller's orders, newest first",
      roles: everyone,
      query: ListQuery,
      response: { 200: Page(Order) },
      handler: async ({ caller, query }) =>
        orders.list(database.db, caller, query, await recourse.clock.now()),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/orders/:id',
      tags,
      summary: 'An order with its deadline and what the caller may do next',
      roles: everyone,
      params: IdParams,
      response: { 200: Order },
      handler: async ({ caller, params }, reply) => {
        const view = await orders.get(database.db, caller, params.id, await recourse.clock.now())
        if (!view) throw notFound('order')
        return reply.header('etag', etag(view.version)).send(view)
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/orders/:id/shipments',
      tags,
      summary: 'Record the shipment with carrier and tracking (seller or integration)',
      roles: ['seller', 'integration'],
      params: IdParams,
      headers: IdempotencyHeaders,
      body: ShipmentBody,
      response: { 200: Order },
      handler: ({ request, params, body }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            orders.execute(uow, params.id, { type: 'ShipOrder', ...body }, ifMatchVersion(request)),
          withEtag,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/orders/:id/delivery',
      tags,
      summary: "Record the carrier's delivery (integration)",
      roles: ['integration'],
      params: IdParams,
      headers: IdempotencyHeaders,
      response: { 200: Order },
      handler: ({ request, params }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) =>
            orders.execute(uow, params.id, { type: 'MarkDelivered' }, ifMatchVersion(request)),
          withEtag,
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/orders/:id/acceptance',
      tags,
      summary: 'The buyer accepts the order: the sale is final and the payout released',
      roles: ['buyer'],
      params: IdParams,
      headers: IdempotencyHeaders,
      response: { 200: Order },
      handler: ({ request, params }, reply) =>
        sendCommand(
          runner,
          request,
          reply,
          (uow) => orders.execute(uow, params.id, { type: 'AcceptOrder' }, ifMatchVersion(request)),
          withEtag,
        ),
    }),
  ]
}
